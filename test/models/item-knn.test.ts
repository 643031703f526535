import { describe, expect, test } from "vitest";
import { itemKnn } from "../../models/collaborative/item-knn.ts";
import type { Recommender } from "../../models/recommender.ts";
import { topK } from "../../models/top-k.ts";
import { interactionsOf, prng, type UserEvents } from "./fixtures.ts";

const f32 = (x: number) => Math.fround(x);

describe("item-knn cosine on a 3-user example", () => {
  // u0: 0, 1 (and 0 again)   u1: 0, 1, 2   u2: 1, 2      item 3: nobody
  // users: 0 → {u0,u1}, 1 → {u0,u1,u2}, 2 → {u1,u2}
  const x = interactionsOf([{ items: [0, 1, 0] }, { items: [0, 1, 2] }, { items: [1, 2] }]);
  const model = itemKnn.fit({ nItems: 4, interactions: x });
  const sim01 = 2 / Math.sqrt(2 * 3);
  const sim02 = 1 / Math.sqrt(2 * 2);

  test("similarities are co-raters over the root of the rater counts (repeat ratings count once)", () => {
    expect(model.similar(0, 10)).toEqual([
      { item: 1, score: f32(sim01) },
      { item: 2, score: f32(sim02) },
    ]);
    expect(model.similar(1, 10)).toEqual([
      { item: 0, score: f32(sim01) },
      { item: 2, score: f32(sim01) },
    ]);
    expect(model.similar(2, 10)).toEqual([
      { item: 1, score: f32(sim01) },
      { item: 0, score: f32(sim02) },
    ]);
    expect(model.similar(3, 10)).toEqual([]);
  });

  test("similar respects k", () => {
    expect(model.similar(0, 1)).toEqual([{ item: 1, score: f32(sim01) }]);
  });

  test("score sums the similarities of the history's films", () => {
    const s = model.score({ items: [0] });
    expect([...s]).toEqual([0, f32(sim01), f32(sim02), 0]);
    const s2 = model.score({ items: [0, 2] });
    expect(s2[1]).toBeCloseTo(2 * sim01, 6);
    expect(s2[0]).toBeCloseTo(sim02, 6);
    expect(s2[2]).toBeCloseTo(sim02, 6);
  });

  test("shrinkage is added to the denominator", () => {
    const shrunk = itemKnn.fit({ nItems: 4, interactions: x }, { shrinkage: 1 });
    expect(shrunk.similar(0, 1)[0]?.score).toBeCloseTo(2 / (Math.sqrt(6) + 1), 6);
    expect(shrunk.toArtifact().config).toEqual({ neighbours: 200, shrinkage: 1 });
  });

  test("neighbours prunes each item's list to the best ones", () => {
    const pruned = itemKnn.fit({ nItems: 4, interactions: x }, { neighbours: 1 });
    expect(pruned.similar(0, 10)).toEqual([{ item: 1, score: f32(sim01) }]);
    expect(pruned.similar(1, 10)).toEqual([{ item: 0, score: f32(sim01) }]); // tie → lower index
  });

  test("negative weights lower scores", () => {
    const plain = model.score({ items: [0] });
    const withDislike = model.score({ items: [0, 2], weights: [1, -1] });
    expect(withDislike[1]).toBeCloseTo(0, 6); // sim01 − sim21 = 0
    expect(withDislike[1]!).toBeLessThan(plain[1]!);
    expect(withDislike[0]).toBeCloseTo(-sim02, 6);
    const half = model.score({ items: [0, 2], weights: [1, -0.5] });
    expect(half[1]).toBeCloseTo(sim01 / 2, 6);
  });

  test("explain lists the contributing history items, largest first, positives only", () => {
    expect(model.explain({ items: [0, 2], weights: [0.5, 1] }, 1)).toEqual([
      { item: 2, weight: f32(sim01) },
      { item: 0, weight: 0.5 * f32(sim01) },
    ]);
    // equal contributions: lower item first
    expect(model.explain({ items: [2, 0] }, 1).map((c) => c.item)).toEqual([0, 2]);
    // a disliked film's negative term is not a reason
    expect(model.explain({ items: [0, 2], weights: [1, -1] }, 1)).toEqual([{ item: 0, weight: f32(sim01) }]);
    // items with no similarity to the target are left out
    expect(model.explain({ items: [0, 3] }, 2)).toEqual([{ item: 0, weight: f32(sim02) }]);
    expect(model.explain({ items: [3] }, 1)).toEqual([]);
  });

  test("explain adds up a film that appears twice in the history", () => {
    const c = model.explain({ items: [0, 0] }, 1);
    expect(c).toHaveLength(1);
    expect(c[0]?.item).toBe(0);
    expect(c[0]?.weight).toBeCloseTo(2 * sim01, 6);
  });
});

/** 40 users; items 0 (A) and 1 (B) rated together by the first 25, the rest at random. */
function planted(seed: number): UserEvents[] {
  const rand = prng(seed);
  const users: UserEvents[] = [];
  for (let u = 0; u < 40; u++) {
    const items: number[] = [];
    if (u < 25) items.push(0, 1);
    for (let i = 2; i < 12; i++) if (rand() < 0.35) items.push(i);
    // shuffle so that A and B are not always next to each other in time
    for (let k = items.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [items[k], items[j]] = [items[j]!, items[k]!];
    }
    users.push({ items });
  }
  return users;
}

describe("item-knn on a planted co-occurrence", () => {
  const data = { nItems: 12, interactions: interactionsOf(planted(7)) };
  const model = itemKnn.fit(data);

  test("A's top neighbour is B, with similarity 1", () => {
    expect(model.similar(0, 1)).toEqual([{ item: 1, score: 1 }]);
    expect(model.similar(1, 1)).toEqual([{ item: 0, score: 1 }]);
  });

  test("a history of A ranks B first", () => {
    const scores = model.score({ items: [0] });
    expect(topK(scores, 3, (i) => i !== 0)[0]).toBe(1);
    for (let i = 2; i < 12; i++) expect(scores[i]!).toBeLessThan(scores[1]!);
  });

  test("deterministic: two fits give identical arrays", () => {
    const again = itemKnn.fit({ nItems: 12, interactions: interactionsOf(planted(7)) });
    const a = model.toArtifact();
    const b = again.toArtifact();
    expect(Object.keys(a.arrays).sort()).toEqual(["neighbours", "offsets", "sims"]);
    for (const key of Object.keys(a.arrays)) expect(b.arrays[key]).toEqual(a.arrays[key]);
  });

  test("toArtifact and load round trip gives identical scores, neighbours and explanations", () => {
    const back: Recommender = itemKnn.load(structuredClone(model.toArtifact()));
    expect(back.nItems).toBe(12);
    expect(back.name).toBe("item-knn");
    const histories = [{ items: [0] }, { items: [3, 5, 7] }, { items: [2, 9], weights: [1, -0.5] }];
    for (const h of histories) expect(back.score(h)).toEqual(model.score(h));
    for (let i = 0; i < 12; i++) expect(back.similar(i, 5)).toEqual(model.similar(i, 5));
    expect(back.explain({ items: [3, 5, 7] }, 1)).toEqual(model.explain({ items: [3, 5, 7] }, 1));
  });

  test("neighbour lists are sorted best first and never contain the item itself", () => {
    for (let i = 0; i < 12; i++) {
      const list = model.similar(i, 100);
      expect(list.map((s) => s.item)).not.toContain(i);
      for (let p = 1; p < list.length; p++) expect(list[p]!.score).toBeLessThanOrEqual(list[p - 1]!.score);
    }
  });
});
