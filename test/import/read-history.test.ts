import { describe, expect, test } from "vitest";
import { csvFilesOfZip } from "../../core/import/archive.ts";
import {
  ImportError,
  type ImportProblem,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_FILMS,
} from "../../core/import/history.ts";
import { type ImportFile, readHistory } from "../../core/import/read-history.ts";
import { bytesOf, csv, imdbRatings, letterboxd, zipOf } from "../helpers/exports.ts";

const file = (fileName: string, body: string | Uint8Array, format?: ImportFile["format"]): ImportFile => ({
  fileName,
  bytes: typeof body === "string" ? bytesOf(body) : body,
  ...(format ? { format } : {}),
});

function problemOf(f: ImportFile): ImportProblem {
  try {
    readHistory(f);
  } catch (error) {
    if (error instanceof ImportError) return error.problem;
    throw error;
  }
  throw new Error("readHistory accepted the file");
}

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe("Letterboxd CSVs", () => {
  test("ratings.csv: every film rated, on the star scale, dated", () => {
    const h = readHistory(
      file(
        "ratings.csv",
        letterboxd.ratings([
          { name: "Heat", year: 1995, date: "2020-01-02", rating: 4.5 },
          { name: "Crash, The", year: 2004, date: "2020-01-03", rating: 0.5 },
        ]),
      ),
    );
    expect(h.format).toBe("letterboxd");
    expect(h.films).toEqual([
      { title: "Heat", year: 1995, kind: "rated", rating: 4.5, at: day("2020-01-02") },
      { title: "Crash, The", year: 2004, kind: "rated", rating: 0.5, at: day("2020-01-03") },
    ]);
    expect(h.badLines).toEqual([]);
  });

  test("watched.csv is seen films; the same columns named watchlist.csv are films to watch", () => {
    const films = [{ name: "Alien", year: 1979, date: "2019-05-05" }];
    expect(readHistory(file("watched.csv", letterboxd.watched(films))).films[0]?.kind).toBe("watched");
    expect(readHistory(file("watchlist.csv", letterboxd.watchlist(films))).films[0]?.kind).toBe("watchlist");
  });

  test("diary.csv is dated by the watched date, and its latest rating of a film wins", () => {
    const h = readHistory(
      file(
        "diary.csv",
        letterboxd.diary([
          { name: "Heat", year: 1995, date: "2021-01-10", watchedDate: "2021-01-01", rating: 2 },
          {
            name: "Heat",
            year: 1995,
            date: "2023-02-10",
            watchedDate: "2023-02-01",
            rating: 5,
            rewatch: true,
          },
          { name: "Up", year: 2009, date: "2022-03-03" },
        ]),
      ),
    );
    expect(h.films).toEqual([
      { title: "Heat", year: 1995, kind: "rated", rating: 5, at: day("2023-02-01") },
      { title: "Up", year: 2009, kind: "watched", at: day("2022-03-03") },
    ]);
  });

  test("rows that are not films are counted by line, the rest still read", () => {
    const text = csv(
      ["Date", "Name", "Year", "Letterboxd URI", "Rating"],
      [
        ["2020-01-01", "Heat", 1995, "https://boxd.it/1", 4],
        ["2020-01-02", "", 1995, "https://boxd.it/2", 4],
        ["2020-01-03", "Alien", "nineteen", "https://boxd.it/3", 4],
        ["2020-01-04", "Up", 2009, "https://boxd.it/4", 7],
      ],
    );
    const h = readHistory(file("ratings.csv", text));
    expect(h.films.map((f) => f.title)).toEqual(["Heat"]);
    expect(h.badLines).toEqual([3, 4, 5]);
  });

  test("titles with commas, quotes and line breaks survive the CSV round trip", () => {
    const name = 'Sex, Lies, and "Videotape"';
    const h = readHistory(
      file("ratings.csv", letterboxd.ratings([{ name, year: 1989, date: "2020-01-01", rating: 4 }])),
    );
    expect(h.films[0]?.title).toBe(name);
  });
});

describe("the Letterboxd zip", () => {
  test("ratings, diary and watched merge: rated anywhere is rated (latest rating), watched only is seen", () => {
    const zip = zipOf({
      "ratings.csv": letterboxd.ratings([{ name: "Heat", year: 1995, date: "2024-01-01", rating: 3 }]),
      "diary.csv": letterboxd.diary([
        { name: "Heat", year: 1995, date: "2024-06-01", rating: 4.5 },
        { name: "Alien", year: 1979, date: "2023-01-01", rating: 1 },
      ]),
      "watched.csv": letterboxd.watched([
        { name: "Heat", year: 1995, date: "2022-01-01" },
        { name: "Alien", year: 1979, date: "2022-01-01" },
        { name: "Up", year: 2009, date: "2021-01-01" },
      ]),
      "watchlist.csv": letterboxd.watchlist([{ name: "Titanic", year: 1997, date: "2020-01-01" }]),
      "profile.csv": csv(["Date Joined", "Username"], [["2020-01-01", "viewer"]]),
      "reviews.csv": letterboxd.diary([{ name: "Fun", year: 1994, date: "2020-01-01", rating: 5 }]),
      "deleted/diary.csv": letterboxd.diary([{ name: "Hate", year: 1995, date: "2020-01-01", rating: 5 }]),
      "likes/films.csv": letterboxd.watched([{ name: "Seven", year: 1995, date: "2020-01-01" }]),
    });
    const h = readHistory(file("letterboxd-viewer-2024-07-01-utc.zip", zip));
    const byTitle = Object.fromEntries(h.films.map((f) => [f.title, f]));
    expect(Object.keys(byTitle).sort()).toEqual(["Alien", "Heat", "Titanic", "Up"]);
    expect(byTitle.Heat).toMatchObject({ kind: "rated", rating: 4.5, at: day("2024-06-01") });
    expect(byTitle.Alien).toMatchObject({ kind: "rated", rating: 1 });
    expect(byTitle.Up).toMatchObject({ kind: "watched", at: day("2021-01-01") });
    expect(byTitle.Up?.rating).toBeUndefined();
    expect(byTitle.Titanic).toMatchObject({ kind: "watchlist" });
  });

  test("a zip of the export's folder reads the same as the export", () => {
    const zip = zipOf({
      "letterboxd-viewer/ratings.csv": letterboxd.ratings([
        { name: "Heat", year: 1995, date: "2024-01-01", rating: 4 },
      ]),
      "__MACOSX/letterboxd-viewer/._ratings.csv": "\u0000\u0005binary",
    });
    expect(readHistory(file("export.zip", zip)).films).toHaveLength(1);
  });

  test("a zip of an IMDb ratings CSV is read as IMDb", () => {
    const zip = zipOf({
      "ratings.csv": imdbRatings([
        { id: "tt0113277", title: "Heat", year: 1995, rating: 9, date: "2020-01-01" },
      ]),
    });
    const h = readHistory(file("imdb.zip", zip));
    expect(h.format).toBe("imdb");
    expect(h.films[0]).toMatchObject({ imdbId: "tt0113277", rating: 4.5 });
  });

  test("a zip bomb is refused from the sizes it declares, before inflating past the limit", () => {
    const big = new Uint8Array(1024 * 1024); // compresses to almost nothing
    const zip = zipOf({ "ratings.csv": big, "diary.csv": big, "watched.csv": big });
    expect(() => csvFilesOfZip(zip, 2 * 1024 * 1024)).toThrow(ImportError);
    expect(csvFilesOfZip(zip, 4 * 1024 * 1024)).toHaveLength(3);
  });
});

describe("the IMDb ratings export", () => {
  test("columns are found by name, ratings halved, ids kept", () => {
    const header = ["Title", "Year", "Your Rating", "Const", "Date Rated", "Title Type"];
    const h = readHistory(
      file(
        "ratings.csv",
        imdbRatings(
          [
            {
              id: "tt0111161",
              title: "The Shawshank Redemption",
              year: 1994,
              rating: 10,
              date: "2015-03-01",
            },
            {
              id: "tt0903747",
              title: "Breaking Bad",
              year: 2008,
              rating: 7,
              date: "2015-03-02",
              type: "TV Series",
            },
          ],
          header,
        ),
      ),
    );
    expect(h.format).toBe("imdb");
    expect(h.films).toEqual([
      {
        title: "The Shawshank Redemption",
        year: 1994,
        imdbId: "tt0111161",
        titleType: "Movie",
        rating: 5,
        kind: "rated",
        at: day("2015-03-01"),
      },
      expect.objectContaining({ imdbId: "tt0903747", titleType: "TV Series", rating: 3.5 }),
    ]);
  });

  test("an old export in Windows-1252 is read, accents intact", () => {
    const text = imdbRatings([{ id: "tt0110413", title: "Léon", year: 1994, rating: 8, date: "2010-01-01" }]);
    const latin1 = Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
    expect(readHistory(file("ratings.csv", latin1)).films[0]?.title).toBe("Léon");
  });

  test("a UTF-8 byte-order mark before the header is ignored", () => {
    const text = `\uFEFF${imdbRatings([{ id: "tt0113277", title: "Heat", year: 1995, rating: 9, date: "2020-01-01" }])}`;
    expect(readHistory(file("ratings.csv", text)).films).toHaveLength(1);
  });
});

describe("files that cannot be imported", () => {
  test("each problem has its own reason", () => {
    expect(problemOf(file("ratings.csv", ""))).toEqual({ kind: "empty" });
    expect(problemOf(file("ratings.csv", "\n\n  \n"))).toEqual({ kind: "empty" });
    expect(
      problemOf(file("photo.png", Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2]))),
    ).toEqual({
      kind: "binary",
    });
    expect(problemOf(file("budget.csv", csv(["Month", "Rent", "Food"], [["Jan", 900, 300]])))).toEqual({
      kind: "unknown-layout",
    });
    expect(
      problemOf(file("export.zip", zipOf({ "notes.txt": "hello", "profile.csv": "Username\nviewer\n" }))),
    ).toEqual({
      kind: "zip-without-csv",
    });
    expect(problemOf(file("export.zip", Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))).toEqual({
      kind: "bad-zip",
    });
    expect(problemOf(file("ratings.csv", letterboxd.ratings([])))).toEqual({
      kind: "no-rows",
      format: "letterboxd",
    });
    expect(
      problemOf(
        file(
          "watchlist.csv",
          csv(
            ["Position", "Const", "Created", "Title", "Year"],
            [[1, "tt0113277", "2020-01-01", "Heat", 1995]],
          ),
        ),
      ),
    ).toEqual({ kind: "imdb-list" });
  });

  test("a layout other than the one named is refused, naming what it is", () => {
    const lb = letterboxd.ratings([{ name: "Heat", year: 1995, date: "2020-01-01", rating: 4 }]);
    expect(problemOf(file("ratings.csv", lb, "imdb"))).toEqual({
      kind: "wrong-format",
      said: "imdb",
      found: "letterboxd",
    });
    expect(readHistory(file("ratings.csv", lb, "letterboxd")).films).toHaveLength(1);
  });

  test("more films than one import takes is refused, naming the count", () => {
    const films = Array.from({ length: MAX_IMPORT_FILMS + 1 }, (_, i) => ({
      name: `Film ${i}`,
      year: 2000,
      date: "2020-01-01",
      rating: 3,
    }));
    expect(problemOf(file("ratings.csv", letterboxd.ratings(films)))).toEqual({
      kind: "too-many",
      format: "letterboxd",
      films: MAX_IMPORT_FILMS + 1,
      limit: MAX_IMPORT_FILMS,
    });
    expect(readHistory(file("ratings.csv", letterboxd.ratings(films.slice(1)))).films).toHaveLength(
      MAX_IMPORT_FILMS,
    );
  });

  test("a file over the limit is refused without being parsed", () => {
    const huge = new Uint8Array(MAX_IMPORT_BYTES + 1);
    expect(problemOf(file("ratings.csv", huge))).toEqual({
      kind: "too-large",
      size: MAX_IMPORT_BYTES + 1,
      limit: MAX_IMPORT_BYTES,
    });
  });
});
