import { describe, expect, test } from "vitest";
import { parseGenres, parseMovieLensTitle, restoreArticle } from "../../data/title.ts";

describe("parseMovieLensTitle", () => {
  test.each([
    ["Godfather, The (1972)", "The Godfather", 1972, []],
    ["Seven (a.k.a. Se7en) (1995)", "Seven", 1995, ["Se7en"]],
    [
      "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
      "The City of Lost Children",
      1995,
      ["La Cité des enfants perdus"],
    ],
    ["Postman, The (Postino, Il) (1994)", "The Postman", 1994, ["Il Postino"]],
    ["Avventura, L' (1960)", "L'Avventura", 1960, []],
    ["I, Robot (2004)", "I, Robot", 2004, []],
    ["Paris, Texas (1984)", "Paris, Texas", 1984, []],
    [
      "Lord of the Rings: The Fellowship of the Ring, The (2001)",
      "The Lord of the Rings: The Fellowship of the Ring",
      2001,
      [],
    ],
    ["Misérables, Les (1995)", "Les Misérables", 1995, []],
    [
      "Hellboy II: The Golden Army (a.k.a. Hellboy 2) (2008)",
      "Hellboy II: The Golden Army",
      2008,
      ["Hellboy 2"],
    ],
    [
      "Good, the Bad and the Ugly, The (Buono, il brutto, il cattivo, Il) (1966)",
      "The Good, the Bad and the Ugly",
      1966,
      ["Il Buono, il brutto, il cattivo"],
    ],
    ["Lust, Caution (Se, jie) (2007)", "Lust, Caution", 2007, ["Se, jie"]],
    ["(500) Days of Summer (2009)", "(500) Days of Summer", 2009, []],
    [
      "Evangelion: 1.0 You Are (Not) Alone (Evangerion shin gekijôban: Jo) (2007)",
      "Evangelion: 1.0 You Are (Not) Alone",
      2007,
      ["Evangerion shin gekijôban: Jo"],
    ],
  ] as const)("%s", (raw, title, year, altTitles) => {
    expect(parseMovieLensTitle(raw)).toEqual({ title, year, altTitles: [...altTitles] });
  });

  test("titles without a year", () => {
    expect(parseMovieLensTitle("Babylon 5")).toEqual({ title: "Babylon 5", year: null, altTitles: [] });
    expect(parseMovieLensTitle("  Ready Player One  ")).toEqual({
      title: "Ready Player One",
      year: null,
      altTitles: [],
    });
    expect(parseMovieLensTitle("Black Mirror ")).toEqual({
      title: "Black Mirror",
      year: null,
      altTitles: [],
    });
  });

  test("a trailing space after the year (as in the real movies.csv) is ignored", () => {
    expect(parseMovieLensTitle("Assembly (Ji jie hao) (2007) ")).toEqual({
      title: "Assembly",
      year: 2007,
      altTitles: ["Ji jie hao"],
    });
    expect(parseMovieLensTitle("96 Minutes (2011) ")).toEqual({
      title: "96 Minutes",
      year: 2011,
      altTitles: [],
    });
  });

  test("year ranges keep the first year", () => {
    expect(parseMovieLensTitle("Big Bang Theory, The (2006–2007)")).toEqual({
      title: "The Big Bang Theory",
      year: 2006,
      altTitles: [],
    });
    expect(parseMovieLensTitle("Fawlty Towers (1975-1979)")).toEqual({
      title: "Fawlty Towers",
      year: 1975,
      altTitles: [],
    });
    expect(parseMovieLensTitle("Stranger Things (2016– )")).toEqual({
      title: "Stranger Things",
      year: 2016,
      altTitles: [],
    });
  });

  test("a bare year is not taken from an otherwise empty title", () => {
    expect(parseMovieLensTitle("(1995)")).toEqual({ title: "(1995)", year: null, altTitles: [] });
  });

  test("an alternative equal to the title is dropped", () => {
    expect(parseMovieLensTitle("Amelie (Amelie) (2001)")).toEqual({
      title: "Amelie",
      year: 2001,
      altTitles: [],
    });
  });

  // MovieLens writes "a.k.a" without its final dot in "Asterix in America (a.k.a Asterix Conquers
  // America) (Astérix et les Indiens) (1994)" (movieId 91353); AKA_PREFIX only strips "a.k.a." and "aka".
  test("an 'a.k.a' prefix without the final dot is stripped from the alternative title", () => {
    expect(
      parseMovieLensTitle(
        "Asterix in America (a.k.a Asterix Conquers America) (Astérix et les Indiens) (1994)",
      ),
    ).toEqual({
      title: "Asterix in America",
      year: 1994,
      altTitles: ["Asterix Conquers America", "Astérix et les Indiens"],
    });
  });

  // "I" is left out of TRAILING_ARTICLES "for I, Robot", but a trailing-article pattern can never
  // match "I, Robot" ("Robot" is last), so the Italian article is simply lost: "Vitelloni, I" (8848).
  test("the Italian plural article 'I' is moved back to the front", () => {
    expect(parseMovieLensTitle("Vitelloni, I (a.k.a. The Young and the Passionate) (1953)")).toEqual({
      title: "I Vitelloni",
      year: 1953,
      altTitles: ["The Young and the Passionate"],
    });
  });
});

describe("restoreArticle", () => {
  test("moves a trailing article to the front", () => {
    expect(restoreArticle("Godfather, The")).toBe("The Godfather");
    expect(restoreArticle("Matrix, A")).toBe("A Matrix");
    expect(restoreArticle("Mépris, Le")).toBe("Le Mépris");
    expect(restoreArticle("Boot, Das")).toBe("Das Boot");
  });

  test("an apostrophe article joins without a space", () => {
    expect(restoreArticle("Avventura, L'")).toBe("L'Avventura");
  });

  test("trims and leaves titles with no trailing article alone", () => {
    expect(restoreArticle("  Godfather, The ")).toBe("The Godfather");
    expect(restoreArticle("I, Robot")).toBe("I, Robot");
    expect(restoreArticle("Paris, Texas")).toBe("Paris, Texas");
    expect(restoreArticle("The Theory")).toBe("The Theory");
  });
});

describe("parseGenres", () => {
  test("splits on |", () => {
    expect(parseGenres("Crime|Drama")).toEqual(["Crime", "Drama"]);
    expect(parseGenres("Adventure|Animation|Children|Comedy|Fantasy")).toEqual([
      "Adventure",
      "Animation",
      "Children",
      "Comedy",
      "Fantasy",
    ]);
  });

  test("(no genres listed) and empty fields give no genres", () => {
    expect(parseGenres("(no genres listed)")).toEqual([]);
    expect(parseGenres("")).toEqual([]);
    expect(parseGenres("Drama||")).toEqual(["Drama"]);
  });
});
