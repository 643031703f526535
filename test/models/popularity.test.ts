import { describe, expect, test } from "vitest";
import { popularity } from "../../models/popularity/popularity.ts";
import { interactionsOf } from "./fixtures.ts";

const DAY = 86_400;

describe("popularity", () => {
  // item 0: 3 ratings, item 1: 2, item 2: 1, item 3: 2, item 4: none.
  const x = interactionsOf([
    { items: [0, 1, 3], timestamps: [0, 10 * DAY, 20 * DAY] },
    { items: [0, 2], timestamps: [1 * DAY, 29 * DAY] },
    { items: [0, 1, 3], timestamps: [2 * DAY, 28 * DAY, 30 * DAY] },
  ]);
  const data = { nItems: 5, interactions: x };

  test("counts every rating per item", () => {
    const m = popularity.fit(data);
    expect(m.name).toBe("popularity");
    expect(m.nItems).toBe(5);
    expect([...m.score({ items: [] })]).toEqual([3, 2, 1, 2, 0]);
  });

  test("ignores the history", () => {
    const m = popularity.fit(data);
    expect([...m.score({ items: [0, 1], weights: [1, -1] })]).toEqual([3, 2, 1, 2, 0]);
    expect(m.explain({ items: [0] }, 1)).toEqual([]);
  });

  test("score returns a copy the caller may change", () => {
    const m = popularity.fit(data);
    m.score({ items: [] }).fill(-1);
    expect([...m.score({ items: [] })]).toEqual([3, 2, 1, 2, 0]);
  });

  test("windowDays only counts ratings in the last days of the data", () => {
    // latest = day 30; a 10-day window keeps days 20..30: item 3 twice, 2 once, 1 once (day 28).
    expect([...popularity.fit(data, { windowDays: 10 }).score({ items: [] })]).toEqual([0, 1, 1, 2, 0]);
    // 2 days keeps days 28..30
    expect([...popularity.fit(data, { windowDays: 2 }).score({ items: [] })]).toEqual([0, 1, 1, 1, 0]);
    // 0 counts all time
    expect([...popularity.fit(data, { windowDays: 0 }).score({ items: [] })]).toEqual([3, 2, 1, 2, 0]);
  });

  test("similar is the most popular items, the item itself excluded", () => {
    const m = popularity.fit(data);
    expect(m.similar(0, 3)).toEqual([
      { item: 1, score: 2 },
      { item: 3, score: 2 },
      { item: 2, score: 1 },
    ]);
    expect(m.similar(1, 2)).toEqual([
      { item: 0, score: 3 },
      { item: 3, score: 2 },
    ]);
  });

  test("toArtifact and load round trip gives equal scores and config", () => {
    const m = popularity.fit(data, { windowDays: 10 });
    const a = m.toArtifact();
    expect(a.model).toBe("popularity");
    expect(a.config).toEqual({ windowDays: 10, minRating: 0 });
    const back = popularity.load(structuredClone(a));
    expect([...back.score({ items: [] })]).toEqual([...m.score({ items: [] })]);
    expect(back.toArtifact().config).toEqual({ windowDays: 10, minRating: 0 });
    expect(back.similar(3, 4)).toEqual(m.similar(3, 4));
  });
});
