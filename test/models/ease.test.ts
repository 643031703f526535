import { describe, expect, test } from "vitest";
import { ease, easeChat, easeRecency } from "../../models/collaborative/ease.ts";
import { invertSpd } from "../../models/linalg.ts";
import type { Recommender } from "../../models/recommender.ts";
import { topK } from "../../models/top-k.ts";
import { interactionsOf, prng, type UserEvents } from "./fixtures.ts";

/** 40 users over 12 items; A (0) and B (1) rated together by the first 25, the rest at random. */
function planted(seed: number): UserEvents[] {
  const rand = prng(seed);
  return Array.from({ length: 40 }, (_, u) => {
    const items: number[] = u < 25 ? [0, 1] : [];
    for (let i = 2; i < 12; i++) if (rand() < 0.35) items.push(i);
    for (let k = items.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [items[k], items[j]] = [items[j]!, items[k]!];
    }
    return { items };
  });
}

/** EASE the textbook way: P = (XᵀX + λI)⁻¹ over items, B = I − P·diag(1/diag P). */
function primalB(users: UserEvents[], nItems: number, lambda: number): Float64Array {
  const g = new Float64Array(nItems * nItems);
  for (const u of users) {
    const items = [...new Set(u.items)];
    for (const i of items) for (const j of items) g[i * nItems + j]! += 1;
  }
  for (let i = 0; i < nItems; i++) g[i * nItems + i]! += lambda;
  const p = invertSpd(g, nItems);
  const b = new Float64Array(nItems * nItems);
  for (let i = 0; i < nItems; i++)
    for (let j = 0; j < nItems; j++)
      b[i * nItems + j] = i === j ? 0 : -p[i * nItems + j]! / p[j * nItems + j]!;
  return b;
}

const users = planted(11);
const data = { nItems: 12, interactions: interactionsOf(users) };

describe("ease (dual form)", () => {
  const lambda = 5;
  const model = ease.fit(data, { lambda });
  const b = primalB(users, 12, lambda);

  test("scores equal the textbook item-item EASE, history weights included", () => {
    for (const history of [{ items: [0] }, { items: [2, 5, 9] }, { items: [3, 4], weights: [1, -0.5] }]) {
      const s = model.score(history);
      for (let j = 0; j < 12; j++) {
        let expected = 0;
        history.items.forEach((i, p) => {
          expected += (history.weights?.[p] ?? 1) * b[i * 12 + j]!;
        });
        expect(s[j]).toBeCloseTo(expected, 4);
      }
    }
  });

  test("a planted co-occurrence is recovered: A's history ranks B first", () => {
    const s = model.score({ items: [0] });
    expect(topK(s, 1, (i) => i !== 0)).toEqual([1]);
    expect(model.similar(1, 1)[0]?.item).toBe(0);
  });

  test("explain gives each history film's true share: the shares sum to the score", () => {
    const history = { items: [0, 5, 7], weights: [1, 0.5, 1] };
    const s = model.score(history);
    for (const j of [1, 2, 9]) {
      const terms = model.explain(history, j);
      const positive = history.items
        .map((i, p) => history.weights[p]! * b[i * 12 + j]!)
        .filter((x) => x > 0)
        .reduce((a, x) => a + x, 0);
      expect(terms.reduce((a, t) => a + t.weight, 0)).toBeCloseTo(positive, 4);
      if (terms.length === history.items.length)
        expect(terms.reduce((a, t) => a + t.weight, 0)).toBeCloseTo(s[j]!, 4);
    }
    expect(model.explain({ items: [0] }, 1)).toEqual([{ item: 0, weight: expect.closeTo(b[1]!, 4) }]);
  });

  test("λ is chosen on the held-out items from the grid and recorded", () => {
    const tuned = ease.fit(data, { lambdas: [1, 5, 50] });
    expect([1, 5, 50]).toContain(tuned.toArtifact().config.lambda);
  });

  test("ease-recency weighs each older film 0.9 times the next", () => {
    const r = easeRecency.fit(data, { lambda });
    const s = r.score({ items: [3, 0] });
    const plain = model.score({ items: [3, 0], weights: [0.9, 1] });
    for (let j = 0; j < 12; j++) expect(s[j]).toBeCloseTo(plain[j]!, 5);
  });

  test("ease-chat chooses λ on the chat cases when given", () => {
    const progress: number[] = [];
    const m = easeChat.fit(
      { ...data, chatCases: [{ likes: [0], targets: [1] }] },
      { lambdas: [1, 1000] },
      { onProgress: (p) => progress.push(p.values?.lambda ?? -1) },
    );
    expect(progress).toEqual([1, 1000]);
    expect([1, 1000]).toContain(m.toArtifact().config.lambda);
  });

  test("toArtifact and load round trip", () => {
    const back: Recommender = ease.load(structuredClone(model.toArtifact()));
    expect(back.score({ items: [2, 3] })).toEqual(model.score({ items: [2, 3] }));
    expect(back.explain({ items: [0, 2] }, 1)).toEqual(model.explain({ items: [0, 2] }, 1));
  });
});

describe("invertSpd", () => {
  test("A·A⁻¹ = I", () => {
    const a = Float64Array.from([4, 1, 2, 1, 3, 0.5, 2, 0.5, 5]);
    const inv = invertSpd(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
  });

  test("refuses a matrix that is not positive definite", () => {
    expect(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow("not positive definite");
  });
});
