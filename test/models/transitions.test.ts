import { describe, expect, test } from "vitest";
import { topK } from "../../models/top-k.ts";
import { seqKnn, transitions } from "../../models/transitions/transitions.ts";
import { interactionsOf, prng, type UserEvents } from "./fixtures.ts";

describe("transitions on a hand-computed example", () => {
  // u0: 0 1 2 3 4   u1: 1 2
  const x = interactionsOf([{ items: [0, 1, 2, 3, 4] }, { items: [1, 2] }]);
  const model = transitions.fit({ nItems: 6, interactions: x });

  test("what followed what within 3 steps, weighted 1/step", () => {
    // from 0: 1 (step 1), 2 (1/2), 3 (1/3); from 1: 2 (1 + 1 from u1), 3 (1/2), 4 (1/3)
    expect(model.similar(0, 10)).toEqual([
      { item: 1, score: 1 },
      { item: 2, score: 0.5 },
      { item: 3, score: Math.fround(1 / 3) },
    ]);
    expect(model.similar(1, 1)).toEqual([{ item: 2, score: 2 }]);
    expect(model.similar(4, 10)).toEqual([]);
  });

  test("the newest films vote, each older one 0.7 times the next", () => {
    const s = model.score({ items: [0, 1] });
    // newest 1 at weight 1, then 0 at 0.7
    expect(s[2]).toBeCloseTo(2 + 0.7 * 0.5, 6);
    expect(s[3]).toBeCloseTo(0.5 + 0.7 / 3, 6);
    expect(s[1]).toBeCloseTo(0.7, 6);
  });

  test("only the last 5 films vote", () => {
    const s = model.score({ items: [0, 5, 5, 5, 5, 5] });
    expect(s[1]).toBe(0);
  });

  test("explain's shares sum to the score, largest first", () => {
    const h = { items: [0, 1] };
    const terms = model.explain(h, 3);
    expect(terms.map((t) => t.item)).toEqual([1, 0]);
    expect(terms.reduce((a, t) => a + t.weight, 0)).toBeCloseTo(model.score(h)[3]!, 6);
  });

  test("round trip through the artifact", () => {
    const back = transitions.load(structuredClone(model.toArtifact()));
    expect(back.score({ items: [1, 0] })).toEqual(model.score({ items: [1, 0] }));
  });
});

test("a planted sequence is recovered: after A comes B", () => {
  const rand = prng(5);
  const users: UserEvents[] = Array.from({ length: 50 }, () => {
    const items: number[] = [];
    for (let k = 0; k < 12; k++) items.push(2 + Math.floor(rand() * 18));
    // A (0) is always followed by B (1) somewhere in the sequence.
    const at = Math.floor(rand() * items.length);
    items.splice(at, 0, 0, 1);
    return { items };
  });
  const model = transitions.fit({ nItems: 20, interactions: interactionsOf(users) });
  const s = model.score({ items: [5, 9, 0] });
  expect(topK(s, 1, (i) => i !== 0)).toEqual([1]);
});

describe("seq-knn", () => {
  test("counts both directions within the window, 'before' at half weight, and normalises by the source", () => {
    // u0: 0 1 2   u1: 1 2
    const x = interactionsOf([{ items: [0, 1, 2] }, { items: [1, 2] }]);
    const model = seqKnn.fit({ nItems: 3, interactions: x }, { window: 2, sourcePower: 0, lastItems: 1 });
    // from 2: preceded by 1 twice at step 1 (2 × 0.5) and by 0 once at step 2 (0.5 × 1/2)
    const s = model.score({ items: [2] });
    expect(s[1]).toBeCloseTo(1, 6);
    expect(s[0]).toBeCloseTo(0.25, 6);
    const damped = seqKnn.fit({ nItems: 3, interactions: x }, { window: 2, sourcePower: 1, lastItems: 1 });
    // item 2 occurs twice: its counts halve
    expect(damped.score({ items: [2] })[1]).toBeCloseTo(0.5, 6);
  });

  test("a planted pair is recovered from either side: A and B are watched next to each other", () => {
    const rand = prng(7);
    const users: UserEvents[] = Array.from({ length: 60 }, (_, u) => {
      const items: number[] = [];
      for (let k = 0; k < 12; k++) items.push(2 + Math.floor(rand() * 18));
      // Half the users watch A (0) right before B (1), the other half B right before A.
      items.splice(Math.floor(rand() * items.length), 0, ...(u % 2 ? [0, 1] : [1, 0]));
      return { items };
    });
    const model = seqKnn.fit({ nItems: 20, interactions: interactionsOf(users) });
    expect(topK(model.score({ items: [5, 9, 0] }), 1, (i) => i !== 0)).toEqual([1]);
    expect(topK(model.score({ items: [5, 9, 1] }), 1, (i) => i !== 1)).toEqual([0]);
    const back = seqKnn.load(structuredClone(model.toArtifact()));
    expect(back.name).toBe("seq-knn");
    expect(back.score({ items: [3, 1] })).toEqual(model.score({ items: [3, 1] }));
  });
});
