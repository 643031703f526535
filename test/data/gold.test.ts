import { describe, expect, test } from "vitest";
import type { Movie } from "../../core/movie.ts";
import {
  buildInteractions,
  buildItemFeatures,
  buildPopularity,
  type Interactions,
  tieOrder,
  userCount,
  userItems,
} from "../../data/gold.ts";
import { RatingsBuilder, type RawRatings } from "../../data/raw.ts";

type Row = [userId: number, movieId: number, rating: number, timestamp: number];

const CATALOGUE = [10, 20, 30, 40];
const indexOf = (movieId: number): number | undefined => {
  const i = CATALOGUE.indexOf(movieId);
  return i < 0 ? undefined : i;
};

const ROWS: Row[] = [
  [2, 30, 4.5, 100],
  [1, 40, 3, 300],
  [5, 99, 5, 400], // unknown movie
  [2, 10, 2, 100],
  [3, 10, 4, Number.NaN], // no usable timestamp
  [1, 10, 5, 200],
  [2, 20, 1.5, 50],
];

function ratingsOf(rows: readonly Row[]): RawRatings {
  const b = new RatingsBuilder();
  for (const [u, m, r, t] of rows) b.push(u, m, r, t);
  return b.build();
}

/** A deterministic Fisher–Yates shuffle (LCG), so each seed gives a fixed order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function interactionsOf(
  items: number[],
  timestamps: number[],
  offsets: number[],
  userIds: number[],
): Interactions {
  return {
    userIds: Int32Array.from(userIds),
    offsets: Int32Array.from(offsets),
    items: Int32Array.from(items),
    ratings: new Float32Array(items.length).fill(4),
    timestamps: Float64Array.from(timestamps),
  };
}

describe("buildInteractions", () => {
  test("groups events per user, sorted by time (same-second ties by the seeded hash), skipping unknown movies", () => {
    const { interactions: x, skipped } = buildInteractions(ratingsOf(ROWS), indexOf);
    expect(skipped).toBe(2);
    expect([...x.userIds]).toEqual([1, 2]);
    expect([...x.offsets]).toEqual([0, 2, 5]);
    // user 1: 10@200, 40@300; user 2: 20@50, then 10@100 and 30@100 in tieOrder's order
    const tieFirst = tieOrder(2, 10) < tieOrder(2, 30) ? [0, 2] : [2, 0];
    expect([...x.items]).toEqual([0, 3, 1, ...tieFirst]);
    expect([...x.ratings]).toEqual([5, 3, 1.5, ...tieFirst.map((i) => (i === 0 ? 2 : 4.5))]);
    expect([...x.timestamps]).toEqual([200, 300, 50, 100, 100]);
    expect(userCount(x)).toBe(2);
    expect([...userItems(x, 0)]).toEqual([0, 3]);
    expect([...userItems(x, 1)]).toEqual([1, ...tieFirst]);
  });

  test("same-second ratings are not in movieId order: the hash decides, the same way every time", () => {
    const movies = [10, 20, 30, 40];
    const rows: Row[] = [];
    for (let u = 1; u <= 40; u++) for (const m of movies) rows.push([u, m, 4, 500]);
    const { interactions: x } = buildInteractions(ratingsOf(rows), indexOf);
    let ascending = 0;
    for (let u = 0; u < userCount(x); u++) {
      const ids = [...userItems(x, u)].map((i) => CATALOGUE[i]!);
      const byHash = [...movies].sort((a, b) => tieOrder(u + 1, a) - tieOrder(u + 1, b));
      expect(ids).toEqual(byHash);
      if (ids.join() === movies.join()) ascending++;
    }
    // By movieId every user would read 10, 20, 30, 40; a hash gives that to about 1 in 24.
    expect(ascending).toBeLessThan(8);
    expect(buildInteractions(ratingsOf([...rows].reverse()), indexOf).interactions).toEqual(x);
  });

  test("the result does not depend on the input order", () => {
    const expected = buildInteractions(ratingsOf(ROWS), indexOf);
    expect(shuffled(ROWS, 42)).not.toEqual(ROWS);
    for (const seed of [1, 2, 3, 42, 1234, 99991]) {
      const rows = shuffled(ROWS, seed);
      const got = buildInteractions(ratingsOf(rows), indexOf);
      expect(got).toEqual(expected);
    }
    expect(buildInteractions(ratingsOf([...ROWS].reverse()), indexOf)).toEqual(expected);
  });

  test("many users in random order come out in ascending user id, each in time order", () => {
    const rows: Row[] = [];
    for (let u = 1; u <= 30; u++) {
      for (let k = 0; k < 5; k++) rows.push([u, CATALOGUE[(u + k) % 4]!, 3, 1000 + ((u * 7 + k * 13) % 50)]);
    }
    const { interactions: x, skipped } = buildInteractions(ratingsOf(shuffled(rows, 7)), indexOf);
    expect(skipped).toBe(0);
    expect([...x.userIds]).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(x.offsets.at(-1)).toBe(150);
    for (let u = 0; u < userCount(x); u++) {
      const ts = [...x.timestamps.subarray(x.offsets[u]!, x.offsets[u + 1]!)];
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
      expect(ts).toHaveLength(5);
    }
  });

  test("no ratings gives no users", () => {
    const { interactions: x, skipped } = buildInteractions(ratingsOf([]), indexOf);
    expect(skipped).toBe(0);
    expect([...x.offsets]).toEqual([0]);
    expect(userCount(x)).toBe(0);
    expect(x.items).toHaveLength(0);
  });
});

describe("buildPopularity", () => {
  const YEAR = 365 * 24 * 3600;
  const T = 1_500_000_000;

  test("counts all ratings and those in the last 365 days of the data", () => {
    const x = interactionsOf(
      [0, 1, 2, 0, 1, 0],
      [T, T - YEAR, T - YEAR - 1, T - 10, 1_000, T - 2 * YEAR],
      [0, 3, 6],
      [1, 2],
    );
    const pop = buildPopularity(x, 4);
    expect([...pop.count]).toEqual([3, 2, 1, 0]);
    // item 0: T and T-10 recent, T-2y not; item 1: exactly T-365d is recent; item 2: one second older is not.
    expect([...pop.recent]).toEqual([2, 1, 0, 0]);
  });

  test("the window is relative to the newest rating, not to today", () => {
    const old = 900_000_000;
    const x = interactionsOf([0, 1, 1], [old, old - 100, old - YEAR - 100], [0, 3], [1]);
    const pop = buildPopularity(x, 2);
    expect([...pop.count]).toEqual([1, 2]);
    expect([...pop.recent]).toEqual([1, 1]);
  });

  test("no interactions gives zeros", () => {
    const pop = buildPopularity(interactionsOf([], [], [0], []), 3);
    expect([...pop.count]).toEqual([0, 0, 0]);
    expect([...pop.recent]).toEqual([0, 0, 0]);
  });
});

describe("buildItemFeatures", () => {
  test("tokens for genres, decade, tags, keywords, cast and director, without duplicates", () => {
    const heat: Movie = {
      movieId: 6,
      title: "Heat",
      year: 1995,
      altTitles: [],
      genres: ["Action", "Crime", "Film-Noir"],
      tags: ["heist", "Al Pacino"],
      keywords: ["Bank Robbery", "bank  robbery", "heist"],
      cast: ["Al Pacino", "Robert De Niro"],
      director: "Michael Mann",
    };
    const bare: Movie = { movieId: 5, title: "Black Mirror", year: null, altTitles: [], genres: [] };
    expect(buildItemFeatures([heat, bare])).toEqual([
      [
        "genre:action",
        "genre:crime",
        "genre:film-noir",
        "decade:1990s",
        "tag:heist",
        "tag:al-pacino",
        "kw:bank-robbery",
        "kw:heist",
        "cast:al-pacino",
        "cast:robert-de-niro",
        "director:michael-mann",
      ],
      [],
    ]);
  });
});
