import { describe, expect, test } from "vitest";
import { findPreferences } from "../../core/dialogue/preferences.ts";
import type { Movie } from "../../core/movie.ts";
import { profileOf } from "../../core/profile/profile.ts";
import { fitsDislikes, fitsFilter } from "../../core/recommend/filters.ts";
import { groupSuggest } from "../../core/recommend/group.ts";
import { recencyOf, rerank } from "../../core/recommend/rerank.ts";
import { bundle } from "../../core/reply/bundles.ts";
import { card } from "../../core/reply/reply.ts";
import { sharedApp } from "../helpers/app.ts";

const film = (movieId: number, year: number | null, genres: string[], extra: Partial<Movie> = {}): Movie => ({
  movieId,
  title: `Film ${movieId}`,
  year,
  altTitles: [],
  genres,
  ...extra,
});

describe("rerank", () => {
  test("with λ = α = 0 it is plain relevance order", () => {
    const c = [film(1, 2000, ["Crime"]), film(2, 1950, ["Crime"]), film(3, 2018, ["Comedy"])];
    const out = rerank(
      c.map((movie, i) => ({ movie, relevance: [3, 2, 1][i]! })),
      3,
      2018,
      { lambda: 0, alpha: 0 },
    );
    expect(out.map((r) => r.movie.movieId)).toEqual([1, 2, 3]);
  });

  test("diversity lifts a film of another genre over a near-duplicate", () => {
    // Relevance is rescaled over the pool, so the pool has a weak tail (film 9) as real pools do.
    const c = [
      film(1, 2000, ["Crime"]),
      film(2, 2000, ["Crime"]),
      film(3, 2000, ["Comedy"]),
      film(9, 2000, []),
    ];
    const scored = c.map((movie, i) => ({ movie, relevance: [1, 0.97, 0.95, 0][i]! }));
    const order = (lambda: number) =>
      rerank(scored, 3, 2000, { lambda, alpha: 0 }).map((r) => r.movie.movieId);
    expect(order(0)).toEqual([1, 2, 3]);
    expect(order(0.1)).toEqual([1, 3, 2]);
  });

  test("recency: a newer film wins a near-tie, and the bonus halves every ten years", () => {
    expect(recencyOf(2018, 2018)).toBe(1);
    expect(recencyOf(2008, 2018)).toBeCloseTo(0.5);
    expect(recencyOf(null, 2018)).toBe(0);
    const c = [film(1, 1970, ["Drama"]), film(2, 2018, ["Drama"]), film(9, 1900, [])];
    const scored = c.map((movie, i) => ({ movie, relevance: [1, 0.95, 0][i]! }));
    expect(rerank(scored, 2, 2018, { lambda: 0, alpha: 0 })[0]!.movie.movieId).toBe(1);
    const boosted = rerank(scored, 2, 2018, { lambda: 0, alpha: 0.15 });
    expect(boosted[0]!.movie.movieId).toBe(2);
    expect(boosted[0]!.recency).toBeCloseTo(0.15);
  });
});

describe("filters", () => {
  const heat = film(6, 1995, ["Action", "Crime", "Thriller"], { tags: ["al pacino"] });
  test("list filters", () => {
    expect(fitsFilter(heat, { genre: "Crime", decade: "1990s" })).toBe(true);
    expect(fitsFilter(heat, { decade: "1980s" })).toBe(false);
    expect(fitsFilter(heat, { person: "al pacino" })).toBe(true);
    expect(fitsFilter(heat, { after: 1995 })).toBe(false);
    expect(fitsFilter(heat, { before: 1996 })).toBe(true);
    expect(fitsFilter(heat, { lighter: true })).toBe(false);
    expect(fitsFilter(film(1, 1995, ["Animation", "Comedy"]), { lighter: true })).toBe(true);
  });
  test("unwanted genres, decades and people", () => {
    const no = (kind: "genre" | "decade" | "person", value: string) => [
      { kind, value, sign: -1 as const, at: 0 },
    ];
    expect(fitsDislikes(heat, no("genre", "Thriller"))).toBe(false);
    expect(fitsDislikes(heat, no("genre", "Musical"))).toBe(true);
    expect(fitsDislikes(heat, no("decade", "1990s"))).toBe(false);
    expect(fitsDislikes(heat, no("person", "al pacino"))).toBe(false);
  });
});

describe("preferences in free text", () => {
  const known = (name: string) => ["tom hanks", "quentin tarantino"].includes(name);
  const prefs = (text: string) =>
    findPreferences(text, known).map((p) => [p.kind, p.value, p.sentiment, p.asked] as const);
  test("genres, decades and people, with feelings and requests", () => {
    expect(prefs("not a fan of musicals")).toEqual([["genre", "Musical", "dislike", false]]);
    expect(prefs("more 80s stuff")).toEqual([["decade", "1980s", "like", true]]);
    expect(prefs("I love sci-fi and westerns")).toEqual([
      ["genre", "Sci-Fi", "like", false],
      ["genre", "Western", "like", false],
    ]);
    expect(prefs("anything with Tom Hanks")).toEqual([["person", "tom hanks", "like", true]]);
    expect(prefs("something from the nineties")).toEqual([["decade", "1990s", "like", true]]);
    expect(prefs("I hate horror")).toEqual([["genre", "Horror", "dislike", false]]);
  });
  test("names nobody knows, and ordinary words, are not preferences", () => {
    expect(prefs("I watched it with My Brother")).toEqual([]);
    expect(prefs("I was up late")).toEqual([]);
  });
  test("words inside a named title are the title's", () => {
    expect(findPreferences("I loved Musical", known, [{ start: 8, end: 15 }])).toEqual([]);
  });
});

describe("bundles", () => {
  const c = (id: number, year: number, genres: string[]) => card(film(id, year, genres), 1, []);
  test("2–3 labelled groups, rank order kept inside, every label true of its cards", () => {
    const cards = [
      c(1, 1972, ["Crime", "Drama"]),
      c(2, 2017, ["Thriller"]),
      c(3, 1974, ["Crime"]),
      c(4, 2016, ["Thriller", "Horror"]),
      c(5, 1955, ["Crime", "Film-Noir"]),
      c(6, 2018, ["Thriller"]),
      c(7, 1990, ["Comedy"]),
    ];
    const out = bundle(cards, 2018)!;
    expect(out.map((b) => b.label)).toEqual(["Crime films, classics", "Recent thrillers", "More picks"]);
    expect(out[0]!.cards.map((x) => x.movieId)).toEqual([1, 3, 5]);
    expect(out[1]!.cards.map((x) => x.movieId)).toEqual([2, 4, 6]);
    expect(out[2]!.cards.map((x) => x.movieId)).toEqual([7]);
  });
  test("short or shapeless lists stay one list", () => {
    expect(bundle([c(1, 1972, ["Crime"]), c(2, 1974, ["Crime"])], 2018)).toBeUndefined();
    const mixed = [1, 2, 3, 4, 5, 6].map((i) => c(i, 1990 + i, [`G${i}`]));
    expect(bundle(mixed, 2018)).toBeUndefined();
  });
});

describe("movie night on the real app", async () => {
  const app = await sharedApp();
  test("average without misery: every pick sits high in every member's own ranking", () => {
    const kids = profileOf([1, 6377, 68954]); // Toy Story, Finding Nemo, Up
    const scifi = profileOf([1214, 1200, 1240]); // Alien, Aliens, The Terminator
    const cards = groupSuggest(
      app.catalogue,
      app.models,
      [
        { name: "Ann", profile: kids },
        { name: "Bob", profile: scifi },
      ],
      { k: 10 },
    );
    expect(cards).toHaveLength(10);
    for (const member of [kids, scifi]) {
      const items = member.liked.map((e) => app.catalogue.indexOf(e.movieId)!);
      const scores = app.models.ranker.score({ items });
      const sorted = [...scores].sort((a, b) => b - a);
      for (const c of cards) {
        const s = scores[app.catalogue.indexOf(c.movieId)!]!;
        // Within the member's top 10% of the catalogue by their own scores.
        expect(s).toBeGreaterThanOrEqual(sorted[Math.floor(0.1 * sorted.length)]!);
      }
    }
    for (const c of cards) {
      expect(c.reasons[0]).toMatch(/^Ann: /);
      expect(c.reasons[1]).toMatch(/^Bob: /);
    }
  });
});
