import { beforeAll, describe, expect, test } from "vitest";
import type { App } from "../../bot/app.ts";
import type { HistoryFilm } from "../../core/import/history.ts";
import { matchHistory } from "../../core/import/match-history.ts";
import { sharedApp } from "../helpers/app.ts";

let app: App;
beforeAll(async () => {
  app = await sharedApp();
});

const watched = (title: string, year: number | null): HistoryFilm => ({ title, year, kind: "watched" });
const rated = (title: string, year: number | null, imdbId: string, titleType = "Movie"): HistoryFilm => ({
  title,
  year,
  imdbId,
  titleType,
  rating: 4,
  kind: "rated",
});

function match(...films: HistoryFilm[]) {
  return matchHistory({ format: "letterboxd", films, badLines: [] }, app.catalogue, app.titles);
}
const matchOne = (film: HistoryFilm) => match(film).matched[0]?.movieId;

describe("matching by title and year", () => {
  test.each([
    ["The Godfather", 1972, 858],
    ["Se7en", 1995, 47],
    ["Spiderman", 2002, 5349],
    ["Harry Potter and the Philosopher's Stone", 2001, 4896],
    ["Amélie", 2001, 4973],
    ["WALL·E", 2008, 60069],
    ["It", 1990, 26693],
    ["It", 2017, 175303],
    ["Heat", 1996, 6],
    ["The Heat", 2013, 103372],
    ["Star Wars", 1977, 260],
    ["The Empire Strikes Back", 1980, 1196],
    ["Star Wars: The Force Awakens", 2015, 122886],
    ["Avengers: Infinity War", 2018, 122912],
    ["Borat", 2006, 48385],
  ])("%s (%i) is film %i", (title, year, id) => {
    expect(matchOne(watched(title, year))).toBe(id);
  });

  test.each([
    ["a year off by more than one", "Heat", 1990],
    ["the article makes it another film", "The Heat", 1995],
    ["a sequel number is no typo", "Mission: Impossible", 2000],
    ["a part merely shared", "Star Trek: Generations", 1998],
    ["a subtitle left out before the title", "Jurassic Park", 1997],
    ["a film the catalogue does not have", "Oppenheimer", 2023],
    ["no year and two films of that name", "It", null],
  ])("no guess: %s (%s %s)", (_why, title, year) => {
    expect(matchOne(watched(title, year))).toBeUndefined();
  });

  test("a title without a year matches when only one film has it", () => {
    expect(matchOne(watched("The Shawshank Redemption", null))).toBe(318);
  });

  test("every catalogue film is found by its own title and year", () => {
    const films = app.catalogue.movies.filter((m) => m.year !== null);
    const m = match(...films.map((f) => watched(f.title, f.year)));
    expect(m.unmatched).toEqual([]);
    // MovieLens lists a few films twice (same title, same year): either copy is the film.
    const wrong = m.matched.filter((x, i) => {
      const got = app.catalogue.byId(x.movieId)!;
      return (
        x.movieId !== films[i]!.movieId && (got.title !== films[i]!.title || got.year !== films[i]!.year)
      );
    });
    expect(wrong).toEqual([]);
  });
});

describe("matching IMDb rows", () => {
  test("by Const through MovieLens links, whatever the title says", () => {
    const m = match(rated("Die Verurteilten", 1994, "tt0111161"), rated("Pulp Fiction", 1994, "tt110912"));
    expect(m.matched.map((x) => [x.movieId, x.by])).toEqual([
      [318, "imdb"],
      [296, "imdb"],
    ]);
  });

  test("an id MovieLens does not link falls back to title and year", () => {
    const m = match(rated("Heat", 1995, "tt9999999"));
    expect(m.matched.map((x) => [x.movieId, x.by])).toEqual([[6, "title"]]);
  });

  test("TV titles that match no id are skipped, not listed as missing, and never matched by title", () => {
    const m = match(rated("Heat", 1995, "tt9999998", "TV Series"), rated("Nowhere Film", 2001, "tt9999997"));
    expect(m.matched).toEqual([]);
    expect(m.skipped).toBe(1);
    expect(m.unmatched.map((f) => f.title)).toEqual(["Nowhere Film"]);
  });
});
