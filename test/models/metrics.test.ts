import { describe, expect, test } from "vitest";
import { hitRate, mean, ndcg, pessimisticRank, recallAt } from "../../models/evaluate/metrics.ts";

const all = () => true;

describe("pessimisticRank", () => {
  test("ties count against the model", () => {
    // Three other candidates tie with the target: all count above it.
    expect(pessimisticRank(Float32Array.from([0, 0, 0, 0]), 2, all)).toBe(3);
  });

  test("counts only higher or equal candidates", () => {
    const s = Float32Array.from([0.9, 0.1, 0.5, 0.5, 0.2]);
    expect(pessimisticRank(s, 2, all)).toBe(2); // 0.9 and the tied 0.5
    expect(pessimisticRank(s, 0, all)).toBe(0);
    expect(pessimisticRank(s, 1, all)).toBe(4);
  });

  test("non-candidates are ignored", () => {
    const s = Float32Array.from([0.9, 0.8, 0.5, 0.7, 0.2]);
    expect(pessimisticRank(s, 2, (j) => j !== 0 && j !== 3)).toBe(1); // only item 1 counts
  });

  test("a model scoring everything 0 gets no hit when at least 10 other candidates exist", () => {
    const s = new Float32Array(11);
    const rank = pessimisticRank(s, 0, all);
    expect(rank).toBe(10);
    expect(hitRate(rank, 10)).toBe(0);
    expect(ndcg(rank, 10)).toBe(0);
  });

  test("a NaN target ranks below every scored candidate", () => {
    const s = Float32Array.from([Number.NaN, 1, -5, Number.NaN]);
    expect(pessimisticRank(s, 0, all)).toBe(2);
  });
});

describe("hitRate and ndcg", () => {
  test("hitRate is 1 inside the cut-off, 0 at and beyond it", () => {
    expect(hitRate(0, 10)).toBe(1);
    expect(hitRate(9, 10)).toBe(1);
    expect(hitRate(10, 10)).toBe(0);
  });

  test("ndcg: 1 at rank 0, 1/log2(3) at rank 1, 0 beyond k", () => {
    expect(ndcg(0, 10)).toBe(1);
    expect(ndcg(1, 10)).toBeCloseTo(1 / Math.log2(3), 12);
    expect(ndcg(1, 10)).toBeCloseTo(0.6309297535714575, 12);
    expect(ndcg(3, 10)).toBeCloseTo(1 / Math.log2(5), 12);
    expect(ndcg(9, 10)).toBeCloseTo(1 / Math.log2(11), 12);
    expect(ndcg(10, 10)).toBe(0);
    expect(ndcg(50, 10)).toBe(0);
  });
});

describe("recallAt", () => {
  test("share of the targets in the first k", () => {
    expect(recallAt([5, 6, 7, 8], [6, 8, 9], 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAt([5, 6, 7, 8], [6, 8, 9], 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAt([5, 6, 7, 8], [5], 1)).toBe(1);
    expect(recallAt([5, 6], [1, 2], 10)).toBe(0);
  });

  test("no targets gives 0", () => {
    expect(recallAt([1, 2, 3], [], 10)).toBe(0);
  });
});

describe("mean", () => {
  test("of [] is 0", () => {
    expect(mean([])).toBe(0);
  });

  test("is the arithmetic mean", () => {
    expect(mean([1, 0, 0, 1])).toBe(0.5);
    expect(mean([3])).toBe(3);
  });
});
