import { describe, expect, test } from "vitest";
import { evaluateRanking, ratedItems } from "../../models/evaluate/leave-last-out.ts";
import type { History, ModelArtifact, Recommender } from "../../models/recommender.ts";
import { interactionsOf } from "./fixtures.ts";

/** A model whose scores ignore the history: item i scores n - i (item 0 best). */
class FixedScores implements Recommender {
  readonly name = "fixed";
  readonly seen: number[][] = [];
  constructor(readonly nItems: number) {}
  score(history: History): Float32Array {
    this.seen.push([...history.items]);
    return Float32Array.from({ length: this.nItems }, (_, i) => this.nItems - i);
  }
  explain() {
    return [];
  }
  similar() {
    return [];
  }
  toArtifact(): ModelArtifact {
    return { model: this.name, config: {}, arrays: {} };
  }
}

describe("evaluateRanking", () => {
  const n = 15;
  // user 0 saw item 0, held out 12; user 1 saw items 1 and 2, held out 5; user 2 is skipped.
  const history = interactionsOf([{ items: [0] }, { items: [1, 2] }, { items: [3] }]);
  const targets = Int32Array.from([12, 5, -1]);
  const candidates = new Uint8Array(n).fill(1);

  test("hand-computed hit rate, ndcg, recall and coverage", () => {
    const model = new FixedScores(n);
    const m = evaluateRanking(model, history, targets, candidates);
    // user 0: items 1..11 beat 12 (item 0 is history) → rank 11: no hit at 10, hit at 20.
    // user 1: items 0, 3, 4 beat 5 (1 and 2 are history) → rank 3.
    expect(m.users).toBe(2);
    expect(m["hr@10"]).toBe(0.5);
    expect(m["ndcg@10"]).toBeCloseTo((0 + 1 / Math.log2(5)) / 2, 12);
    expect(m["recall@20"]).toBe(1);
    // top 10: user 0 → 1..10, user 1 → 0, 3..11: together items 0..11 = 12 of 15 candidates.
    expect(m["coverage@10"]).toBeCloseTo(12 / 15, 12);
  });

  test("the model is shown each evaluated user's history, in order", () => {
    const model = new FixedScores(n);
    evaluateRanking(model, history, targets, candidates);
    expect(model.seen).toEqual([[0], [1, 2]]);
  });

  test("items already in the history are not counted above the target", () => {
    // Target 3 for a user who saw 0, 1, 2: nothing unseen beats it → rank 0.
    const h = interactionsOf([{ items: [0, 1, 2] }]);
    const m = evaluateRanking(new FixedScores(n), h, Int32Array.from([3]), candidates);
    expect(m["hr@10"]).toBe(1);
    expect(m["ndcg@10"]).toBe(1);
  });

  test("a target the user already had is still scored", () => {
    const h = interactionsOf([{ items: [0, 4] }]);
    const m = evaluateRanking(new FixedScores(n), h, Int32Array.from([4]), candidates);
    // 1, 2, 3 beat item 4 → rank 3
    expect(m["ndcg@10"]).toBeCloseTo(1 / Math.log2(5), 12);
  });

  test("non-candidate items neither outrank the target nor count for coverage", () => {
    const c = new Uint8Array(n).fill(1);
    c[0] = 0;
    c[3] = 0;
    c[4] = 0;
    const m = evaluateRanking(new FixedScores(n), history, Int32Array.from([-1, 5, -1]), c);
    // user 1: 0, 3, 4 are not candidates and 1, 2 are history → rank 0
    expect(m["ndcg@10"]).toBe(1);
    // top 10 among candidates {5..14} minus history = 5..14 → 10 of 12 candidates
    expect(m["coverage@10"]).toBeCloseTo(10 / 12, 12);
  });

  test("no user to evaluate gives zeros", () => {
    const m = evaluateRanking(new FixedScores(n), history, Int32Array.from([-1, -1, -1]), candidates);
    expect(m).toEqual({ "hr@10": 0, "ndcg@10": 0, "recall@20": 0, "coverage@10": 0, users: 0 });
  });
});

describe("ratedItems", () => {
  test("marks every item with at least one rating", () => {
    const x = interactionsOf([{ items: [0, 3] }, { items: [3, 5] }]);
    expect([...ratedItems(x, 7)]).toEqual([1, 0, 0, 1, 0, 1, 0]);
  });
});
