import { describe, expect, test } from "vitest";
import { Catalogue } from "../../core/catalogue.ts";
import { ExactTitleMatcher } from "../../core/titles/find-titles.ts";
import { normalizeTitle, normalizeWord, tokenize } from "../../core/titles/normalize.ts";
import { sharedApp } from "../helpers/app.ts";
import { smallCatalogue } from "./fixtures.ts";

const matcher = new ExactTitleMatcher(smallCatalogue());
const ids = (text: string, m = matcher) => m.find(text).map((x) => x.movieId);

describe("normalize", () => {
  test("lower-cases, strips accents and apostrophes, & becomes and", () => {
    expect(normalizeWord("Amélie")).toBe("amelie");
    expect(normalizeWord("Schindler’s")).toBe("schindlers");
    expect(normalizeWord("&")).toBe("and");
    expect(normalizeTitle("The Godfather: Part II")).toBe("the godfather part ii");
  });

  test("tokens keep their place in the text", () => {
    expect(tokenize("Heat, (1995)")).toEqual([
      { norm: "heat", raw: "Heat", start: 0, end: 4 },
      { norm: "1995", raw: "1995", start: 7, end: 11 },
    ]);
  });
});

describe("ExactTitleMatcher on a small catalogue", () => {
  test("several titles in one line, with commas, 'and' and '&'", () => {
    expect(ids("I loved The Godfather, Heat and Alien & Se7en")).toEqual([1, 2, 7, 4]);
    expect(ids("Titanic & Alien")).toEqual([8, 7]);
  });

  test("reports the words as written and where they are", () => {
    const [godfather, heat] = matcher.find("I loved the godfather and Heat!");
    expect(godfather).toMatchObject({ movieId: 1, text: "the godfather", start: 8, end: 21 });
    expect(heat).toMatchObject({ movieId: 2, text: "Heat", start: 26, end: 30 });
  });

  test("articles: with or without 'the', any case", () => {
    expect(ids("the godfather")).toEqual([1]);
    expect(ids("Godfather")).toEqual([1]);
    expect(ids("THE GODFATHER")).toEqual([1]);
  });

  test("the longest title wins", () => {
    expect(ids("I loved The Godfather: Part II")).toEqual([14]);
    expect(ids("the godfather part ii")).toEqual([14]);
    expect(ids("I loved The Heat")).toEqual([3]);
  });

  test("alternative titles and apostrophes", () => {
    expect(ids("Se7en")).toEqual([4]);
    expect(ids("I loved La Haine")).toEqual([10]);
    expect(ids("Schindlers List")).toEqual([15]);
    expect(ids("Schindler’s List")).toEqual([15]);
  });

  test("a year after the title picks the version and is consumed", () => {
    expect(ids("Heat 1995")).toEqual([2]);
    expect(ids("Heat (1995)")).toEqual([2]);
    expect(ids("Heat from 1995")).toEqual([2]);
    expect(ids("Heat 2013")).toEqual([3]);
    expect(ids("Titanic (1953) and Alien")).toEqual([9, 7]);
    expect(ids('"It" from 2017')).toEqual([6]);
    expect(ids('"It" (1990)')).toEqual([5]);
    const dated = matcher.find("Titanic 1953")[0];
    expect(dated).toMatchObject({ movieId: 9, confidence: 1, alternatives: [] });
  });

  test("without a year the most-rated version wins, with the others as alternatives", () => {
    const heat = matcher.find("Heat")[0];
    expect(heat?.movieId).toBe(2);
    expect(heat?.alternatives).toEqual([3]);
    expect(heat?.confidence).toBeCloseTo(101 / 122, 12);
    const titanic = matcher.find("Titanic")[0];
    expect(titanic).toMatchObject({ movieId: 8, alternatives: [9] });
    expect(titanic?.confidence).toBeCloseTo(141 / 148, 12);
    expect(matcher.find("'It'")[0]?.movieId).toBe(6);
    expect(matcher.find("Alien")[0]).toMatchObject({ confidence: 1, alternatives: [] });
  });

  test("a year that fits no version is ignored", () => {
    expect(matcher.find("Heat 1990")[0]).toMatchObject({ movieId: 2, alternatives: [3] });
  });

  test("sentences with no film name none", () => {
    expect(matcher.find("I was up late and it was fun")).toEqual([]);
    expect(matcher.find("I loved it")).toEqual([]);
    expect(matcher.find("what should I do tonight")).toEqual([]);
    expect(matcher.find("")).toEqual([]);
  });

  test("single lowercase words do not match, capitalised or quoted ones do", () => {
    expect(matcher.find("i liked heat")).toEqual([]);
    expect(matcher.find("alien")).toEqual([]);
    expect(ids("Fun")).toEqual([13]);
    expect(ids("i liked alien and heat, the godfather too")).toEqual([1]);
  });

  test("a title made only of common words counts only when quoted", () => {
    expect(matcher.find("Up")).toEqual([]);
    expect(matcher.find("It")).toEqual([]);
    expect(ids('I loved "Up"')).toEqual([12]);
    expect(ids("I loved 'up'")).toEqual([12]);
    expect(ids("I loved “It”")).toEqual([6]);
    expect(ids('I loved "Hate"')).toEqual([10]);
  });

  test("resolve takes the whole query as one title", () => {
    expect(matcher.resolve("It (2017)")).toMatchObject({ movieId: 6, confidence: 1, alternatives: [] });
    expect(matcher.resolve("It (1990)")).toMatchObject({ movieId: 5, confidence: 1, alternatives: [] });
    expect(matcher.resolve("it")).toMatchObject({ movieId: 6, alternatives: [5] });
    expect(matcher.resolve("heat")).toMatchObject({
      movieId: 2,
      text: "heat",
      start: 0,
      end: 4,
      alternatives: [3],
    });
    expect(matcher.resolve("the heat")?.movieId).toBe(3);
    expect(matcher.resolve("Heat 2013")?.movieId).toBe(3);
    expect(matcher.resolve("heat")?.sentiment).toBe("neutral");
  });

  test("resolve falls back to finding a title inside the query", () => {
    expect(matcher.resolve("something like Alien please")?.movieId).toBe(7);
    expect(matcher.resolve("nothing here")).toBeUndefined();
  });
});

describe("ExactTitleMatcher on the real catalogue", async () => {
  const app = await sharedApp();
  const find = (text: string) => app.titles.find(text).map((x) => x.movieId);

  test("several titles with commas, 'and' and '&'", () => {
    expect(find("I loved The Godfather and Heat")).toEqual([858, 6]);
    expect(find("The Godfather, Heat and Alien")).toEqual([858, 6, 1214]);
    expect(find("Se7en, Alien & Heat")).toEqual([47, 1214, 6]);
  });

  test("articles and alt titles", () => {
    expect(find("the godfather")).toEqual([858]);
    expect(find("Godfather")).toEqual([858]);
    expect(find("Se7en")).toEqual([47]);
    expect(app.catalogue.byId(47)).toMatchObject({ title: "Seven", year: 1995 });
    expect(find("I loved La Haine")).toEqual([97]);
  });

  test("a year picks the version; without one the most-rated wins", () => {
    expect(find("Heat 1995")).toEqual([6]);
    expect(find("Heat (1995)")).toEqual([6]);
    expect(find("Heat 2013")).toEqual([103372]);
    expect(find('I liked "It" from 2017')).toEqual([175303]);
    expect(find("Titanic")).toEqual([1721]);
    expect(find("Titanic 1953")).toEqual([3404]);
    const heat = app.titles.find("Heat")[0];
    expect(heat?.alternatives).toEqual([103372]);
    const n6 = app.catalogue.popularity(6) + 1;
    const nHeat = app.catalogue.popularity(103372) + 1;
    expect(heat?.confidence).toBeCloseTo(n6 / (n6 + nHeat), 12);
  });

  test("longest match and titles ending in a number", () => {
    expect(find("I loved the godfather part ii")).toEqual([1221]);
    expect(find("Blade Runner 2049")).toEqual([176371]);
    expect(find("Blade Runner 1982")).toEqual([541]);
  });

  test("resolve", () => {
    expect(app.titles.resolve("It (2017)")?.movieId).toBe(175303);
    expect(app.titles.resolve("heat")?.movieId).toBe(6);
    expect(app.titles.resolve("The Godfather")?.movieId).toBe(858);
  });

  // A query that is exactly a catalogue title ending in a year-like number loses that number
  // as a "year", and resolve answers with the shorter title's film.
  test("resolve of a title that ends in a year-like number names that film", () => {
    expect(app.titles.resolve("Blade Runner 2049")?.movieId).toBe(176371);
    expect(app.titles.resolve("Death Race 2000")?.movieId).toBe(7991);
  });

  test("false positives: sentences with no film", () => {
    expect(find("I was up late and it was fun")).toEqual([]);
    expect(find("I loved it")).toEqual([]);
    expect(find("what should I do tonight")).toEqual([]);
    expect(find("what should I watch tonight")).toEqual([]);
  });

  test("single lowercase words do not match; quoted short titles do", () => {
    expect(find("i liked heat")).toEqual([]);
    expect(find("i loved up")).toEqual([]);
    expect(find('I loved "Up"')).toEqual([68954]);
  });
});

test("an empty catalogue finds nothing", () => {
  const empty = new ExactTitleMatcher(new Catalogue([], new Float32Array(0)));
  expect(empty.find("The Godfather")).toEqual([]);
  expect(empty.resolve("Heat")).toBeUndefined();
});
