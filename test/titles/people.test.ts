import { describe, expect, test } from "vitest";
import { Catalogue } from "../../core/catalogue.ts";
import { TitleEngine } from "../../core/titles/find-titles.ts";
import { tokenize } from "../../core/titles/normalize.ts";
import { PeopleIndex } from "../../core/titles/people.ts";
import { sharedApp } from "../helpers/app.ts";

const movie = (movieId: number, title: string, year: number, extra: object = {}) => ({
  movieId,
  title,
  year,
  altTitles: [],
  genres: [],
  ...extra,
});

describe("a person beside a title picks the version", () => {
  const catalogue = new Catalogue(
    [
      movie(1, "Night Harbour", 1962, { director: "Ada Lindqvist" }),
      movie(2, "Night Harbour", 1994, { cast: ["Marco Bellweather"], tags: ["robert de niro"] }),
      movie(3, "Other Film", 2000),
    ],
    Float32Array.from([10, 50, 5]),
  );
  const engine = new TitleEngine(catalogue);
  const ids = (text: string) => engine.find(text).map((m) => m.movieId);

  test("credits and person tags are found by full name or surname", () => {
    const people = new PeopleIndex(catalogue);
    const named = people.namedIn(tokenize("night harbour with de niro or lindqvist"));
    expect(named.map((p) => p.items)).toEqual([[1], [0]]);
  });

  test("the credited person's version wins over the most rated", () => {
    expect(ids("I loved Night Harbour")).toEqual([2]);
    expect(ids("the lindqvist night harbour is so tense")).toEqual([1]);
    expect(ids("night harbour with ada lindqvist, great stuff")).toEqual([1]);
    expect(ids("lindqvist's night harbour deserves more love")).toEqual([1]);
    expect(ids("night harbour with de niro still holds up")).toEqual([2]);
  });
});

describe("a person beside a lower-case title on the real catalogue", async () => {
  const app = await sharedApp();
  const find = (text: string) => app.titles.find(text).map((x) => x.movieId);

  test("the person says a film is meant, and which", () => {
    expect(find("cape fear with robert de niro is terrifying")).toEqual([1343]);
    expect(find("scorsese's goodfellas never gets old")).toEqual([1213]);
    // A year or a count beside a person is no film.
    expect(find("it was made in 2001, with Robert De Niro")).toEqual([]);
  });
});
