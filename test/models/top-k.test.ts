import { describe, expect, test } from "vitest";
import { topK, topKOf } from "../../models/top-k.ts";

const f = (xs: number[]) => Float32Array.from(xs);

describe("topK", () => {
  test("returns the k best items, best first", () => {
    expect(topK(f([0.1, 0.9, 0.5, 0.7, 0.3]), 3)).toEqual([1, 3, 2]);
  });

  test("ties go to the lower item index", () => {
    expect(topK(f([1, 2, 2, 1, 2]), 4)).toEqual([1, 2, 4, 0]);
    expect(topK(f([5, 5, 5, 5]), 2)).toEqual([0, 1]);
  });

  test("a later tie does not displace an earlier item at the k-th place", () => {
    expect(topK(f([3, 1, 1, 1]), 2)).toEqual([0, 1]);
  });

  test("NaN scores are skipped, wherever they are", () => {
    expect(topK(f([Number.NaN, 1, Number.NaN, 3, 2]), 10)).toEqual([3, 4, 1]);
    expect(topK(f([Number.NaN, Number.NaN]), 3)).toEqual([]);
  });

  test("accept filters items out", () => {
    expect(topK(f([9, 8, 7, 6, 5]), 3, (i) => i % 2 === 1)).toEqual([1, 3]);
    expect(topK(f([9, 8, 7, 6, 5]), 2, (i) => i !== 0)).toEqual([1, 2]);
  });

  test("k larger than n returns every item, sorted", () => {
    expect(topK(f([2, -1, 3]), 10)).toEqual([2, 0, 1]);
  });

  test("k = 0 (or negative) returns nothing", () => {
    expect(topK(f([1, 2, 3]), 0)).toEqual([]);
    expect(topK(f([1, 2, 3]), -2)).toEqual([]);
  });

  test("negative and infinite scores order correctly", () => {
    expect(topK(f([-1, Number.NEGATIVE_INFINITY, -0.5, Number.POSITIVE_INFINITY]), 4)).toEqual([3, 2, 0, 1]);
  });
});

describe("topKOf", () => {
  const scores = f([0.5, 0.9, 0.1, 0.9, 0.7, 0.2]);

  test("only looks at the candidates", () => {
    expect(topKOf(scores, 2, [0, 2, 4])).toEqual([4, 0]);
  });

  test("ties go to the lower item index whatever the candidate order", () => {
    expect(topKOf(scores, 2, [3, 1, 4])).toEqual([1, 3]);
    expect(topKOf(f([1, 1, 1, 1]), 3, Int32Array.from([3, 2, 1, 0]))).toEqual([0, 1, 2]);
  });

  test("NaN skipped and accept applied among candidates", () => {
    const s = f([Number.NaN, 4, 3, 2, 1]);
    expect(topKOf(s, 5, [0, 1, 2, 3], (i) => i !== 1)).toEqual([2, 3]);
  });

  test("k larger than the candidate count, and k = 0", () => {
    expect(topKOf(scores, 100, [5, 2])).toEqual([5, 2]);
    expect(topKOf(scores, 0, [5, 2])).toEqual([]);
  });

  test("undefined candidates means every item", () => {
    expect(topKOf(scores, 3, undefined)).toEqual(topK(scores, 3));
    expect(topKOf(scores, 3, undefined)).toEqual([1, 3, 4]);
  });
});

describe("topK against a full sort", () => {
  test("random scores with many ties, every k, with and without a filter", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(rand() * 400);
      // Few distinct values, so ties are everywhere.
      const scores = Float32Array.from({ length: n }, () => Math.floor(rand() * 12));
      const accept = (i: number) => i % 3 !== 1;
      const sorted = (keep: (i: number) => boolean) =>
        [...scores.keys()].filter(keep).sort((a, b) => scores[b]! - scores[a]! || a - b);
      for (const k of [1, 2, 5, 50, 300, n]) {
        expect(topK(scores, k)).toEqual(sorted(() => true).slice(0, k));
        expect(topK(scores, k, accept)).toEqual(sorted(accept).slice(0, k));
      }
    }
  });
});
