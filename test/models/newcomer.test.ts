import { describe, expect, test } from "vitest";
import {
  caseMetrics,
  emptyTally,
  lovedItems,
  newcomerCases,
  newcomerFolds,
  summarize,
  tallyCases,
  targetRanks,
  userFolds,
  usersOnly,
} from "../../models/evaluate/newcomer.ts";
import { personaPrecision } from "../../models/evaluate/personas.ts";
import { interactionsOf } from "./fixtures.ts";

describe("newcomer protocol", () => {
  test("folds partition the users, the same way for the same seed", () => {
    const folds = userFolds(103, 5, 7);
    const all = folds.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 103 }, (_, u) => u));
    for (const f of folds) expect(f.length).toBeGreaterThanOrEqual(20);
    expect(userFolds(103, 5, 7)).toEqual(folds);
    expect(userFolds(103, 5, 8)).not.toEqual(folds);
  });

  test("a fold's test users never train or validate; a tenth of the rest validates", () => {
    const x = interactionsOf(Array.from({ length: 200 }, (_, u) => ({ items: [u % 7, 7 + (u % 5)] })));
    const folds = newcomerFolds(x, 5, 3);
    expect(folds).toHaveLength(5);
    const tested = new Set<number>();
    for (const f of folds) {
      const test = new Set(f.test);
      for (const u of [...f.train, ...f.validation]) expect(test.has(u)).toBe(false);
      expect(f.validation.length).toBe(16);
      expect(f.test.length + f.train.length + f.validation.length).toBe(200);
      for (const u of f.test) tested.add(u);
    }
    expect(tested.size).toBe(200);
    // A quick run is the first fifth of a five-fold split.
    expect(newcomerFolds(x, 1, 3)[0]!.test).toEqual(folds[0]!.test);
  });

  test("usersOnly keeps the chosen users' rows, in order, with their ratings and times", () => {
    const x = interactionsOf([
      { items: [1, 2], ratings: [5, 3] },
      { items: [3] },
      { items: [4, 5, 6], ratings: [1, 2, 4.5] },
    ]);
    const y = usersOnly(x, [2, 0]);
    expect([...y.userIds]).toEqual([1, 3]);
    expect([...y.offsets]).toEqual([0, 2, 5]);
    expect([...y.items]).toEqual([1, 2, 4, 5, 6]);
    expect([...y.ratings]).toEqual([5, 3, 1, 2, 4.5]);
  });

  test("cases name n loved films at random; the rest of the loved films are the targets", () => {
    const x = interactionsOf([
      { items: [1, 2, 3, 4, 5, 6], ratings: [5, 4, 3.5, 4.5, 2, 4] },
      { items: [7, 8], ratings: [4, 4] },
    ]);
    expect(lovedItems(x, 0)).toEqual([1, 2, 4, 6]);
    const cases = newcomerCases(x, [0, 1], 3, 1);
    // user 1 has two loved films: too few for three named and a target
    expect(cases).toHaveLength(1);
    const c = cases[0]!;
    expect(c.named).toHaveLength(3);
    expect([...c.named, ...c.targets].sort()).toEqual([1, 2, 4, 6]);
    expect(newcomerCases(x, [0, 1], 3, 1)).toEqual(cases);
    // Different users, seeds and n draw differently (not always the first films).
    const draws = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => newcomerCases(x, [0], 2, seed)[0]!.named.join()),
    );
    expect(draws.size).toBeGreaterThan(2);
  });

  test("Recall@10 over min(10, targets) and NDCG@10 against the ideal", () => {
    // 3 targets, ranks 0 and 4 hit: recall 2/3; dcg 1 + 1/log2(6); ideal 1 + 1/log2 3 + 1/2
    const m = caseMetrics([0, 4, 12], 3);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.ndcg).toBeCloseTo((1 + 1 / Math.log2(6)) / (1 + 1 / Math.log2(3) + 0.5));
    // 30 targets, 10 hits in the top 10: a perfect list
    expect(caseMetrics([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...Array(20).fill(50)], 30)).toEqual({
      recall: 1,
      ndcg: 1,
    });
  });

  test("ties count against the model; named films are not candidates; a list ranks the rest last", () => {
    const c = { user: 0, named: [0], targets: [2] };
    // film 1 ties with the target, film 0 (named) scores higher but is not a candidate
    expect(targetRanks({ scores: Float32Array.from([9, 1, 1, 0]) }, c)).toEqual([1]);
    expect(targetRanks({ list: [3, 2, 1] }, c)).toEqual([1]);
    expect(targetRanks({ list: [3, 1] }, c)).toEqual([10]);
    const all = tallyCases(emptyTally(), [c, { ...c, targets: [1] }], () => ({ list: [2] }));
    const s = summarize(all);
    expect(s["recall@10"]).toBe(0.5);
    expect(s.users).toBe(2);
    expect(s.se).toBeCloseTo(0.5);
  });
});

describe("personas", () => {
  test("the share of the top 10 (liked films left out) that a fan would accept", () => {
    const personas = [
      { id: "a", likeIds: [1, 2], goodIds: [10, 11, 12] },
      { id: "b", likeIds: [3], goodIds: [20] },
    ];
    const answers: Record<string, number[]> = {
      "1,2": [1, 10, 99, 11, 98, 97, 96, 95, 94, 93, 92, 12],
      "3": [20, 21],
    };
    // a: 10 and 11 in the top ten once film 1 is left out (12 is 11th); b: 1 of 10
    expect(personaPrecision(personas, (likes) => answers[likes.join()]!)).toBeCloseTo((0.2 + 0.1) / 2);
  });
});

describe("zero-shot folds", () => {
  test("cases naming the same films share a fold; every case is in one fold", async () => {
    const { groupedFolds } = await import("../../bot/commands/eval-zero-shot.ts");
    const cases = Array.from({ length: 60 }, (_, k) => ({
      id: `c${k}`,
      likeIds: k % 3 === 0 ? [5, 1] : [k, 100 + k],
      targetIds: [k + 1000],
    }));
    cases.push({ id: "dup", likeIds: [1, 5], targetIds: [7] });
    const folds = groupedFolds(cases, 5, 1);
    expect(folds.flat()).toHaveLength(cases.length);
    const withShared = folds.filter((f) => f.some((c) => [...c.likeIds].sort().join() === "1,5"));
    expect(withShared).toHaveLength(1);
    for (const f of folds) expect(f.length).toBeGreaterThan(0);
  });
});

describe("chat objective with many targets", () => {
  test("ranks found by sorting equal the scan, ties against, over min(k, targets)", async () => {
    const { objectiveOf } = await import("../../models/blend/learn.ts");
    const random = (await import("../../models/random.ts")).seededRandom(3);
    const n = 120;
    // Two members; scores on a coarse grid so ties are common.
    const features = Float32Array.from({ length: 2 * n }, () => Math.round(random() * 16) / 16);
    const targets = Array.from({ length: 30 }, (_, k) => k * 4);
    const c = { features, n, targets };
    const w = [1, 0.5];
    const blended = Array.from({ length: n }, (_, j) => features[j]! + 0.5 * features[n + j]!);
    const rank = (t: number) => blended.filter((s, j) => j !== t && s >= blended[t]!).length;
    const r10 = targets.filter((t) => rank(t) < 10).length;
    const r50 = targets.filter((t) => rank(t) < 50).length;
    expect(objectiveOf([c], w, "recall@10+50")).toBeCloseTo(r10 / 10 + r50 / 30, 5);
  });
});
