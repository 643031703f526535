import { describe, expect, test } from "vitest";
import { genrePop } from "../../models/popularity/genre-pop.ts";
import { lovedPopularity } from "../../models/popularity/popularity.ts";
import { interactionsOf, movie } from "./fixtures.ts";

const movies = [
  movie(1, "A", 1990, ["Crime", "Drama"]),
  movie(2, "B", 1991, ["Crime"]),
  movie(3, "C", 1992, ["Comedy"]),
  movie(4, "D", 1993, ["Crime", "Drama", "Thriller"]),
];
// ratings per item: 0 → 1, 1 → 3, 2 → 4, 3 → 1
const x = interactionsOf([
  { items: [0, 1, 2], ratings: [5, 2, 4] },
  { items: [1, 2], ratings: [4, 4] },
  { items: [1, 2, 3], ratings: [3, 5, 4.5] },
  { items: [2] },
]);
const data = { nItems: 4, interactions: x, movies };

describe("genre-pop", () => {
  test("genre overlap with each named film × log-popularity", () => {
    const m = genrePop.fit(data);
    const s = m.score({ items: [0] });
    expect(s[1]).toBeCloseTo(0.5 * Math.log1p(3));
    expect(s[2]).toBe(0);
    expect(s[3]).toBeCloseTo((2 / 3) * Math.log1p(1));
    // sums over named films; explain gives each film's true share
    const two = m.score({ items: [0, 3] });
    const e = m.explain({ items: [0, 3] }, 1);
    expect(e.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(two[1]!);
    expect(e[0]!.item).toBe(0);
  });

  test("round-trips through its artifact", () => {
    const m = genrePop.fit(data);
    const back = genrePop.load(m.toArtifact());
    expect([...back.score({ items: [0, 2] })]).toEqual([...m.score({ items: [0, 2] })]);
  });
});

describe("loved-popularity", () => {
  test("counts only ratings of 4 or more", () => {
    const m = lovedPopularity.fit(data);
    expect(m.name).toBe("loved-popularity");
    expect([...m.score({ items: [] })]).toEqual([1, 1, 4, 1]);
  });
});
