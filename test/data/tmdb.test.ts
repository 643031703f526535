import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { pythonValues, readTmdb, tmdbSourceFiles } from "../../data/tmdb.ts";
import { sharedDataDir } from "../helpers/paths.ts";
import { tempDir, writeFile } from "./fixtures.ts";

/** A CSV field, quoted the way pandas writes it. */
function q(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function json(value: unknown): string {
  return q(JSON.stringify(value));
}

/** A folder with all three kinds of TMDB export, overlapping on purpose. */
function tmdbFolder(): string {
  const dir = tempDir("matinee-tmdb-");
  writeFile(
    join(dir, "tmdb_5000_movies.csv"),
    [
      "budget,genres,id,keywords,original_title,overview,title",
      `30000000,${json([{ id: 16, name: "Animation" }])},862,${json([
        { id: 931, name: "jealousy" },
        { id: 4290, name: "toy" },
      ])},Toy Story,${q("Led by Woody, Andy's toys live happily.")},Toy Story`,
      `0,[],238,${json([{ id: 1, name: "mafia" }])},The Godfather,   ,The Godfather`,
      `0,[],807,not json at all,Se7en,${q('Two "homicide" detectives.')},Se7en`,
      `0,[],500,[],Nothing,,Nothing`,
      `0,[],abc,[],Bad id,Ignored,Bad id`,
      "",
    ].join("\n"),
  );
  writeFile(
    join(dir, "tmdb_5000_credits.csv"),
    [
      "movie_id,title,cast,crew",
      `238,The Godfather,${json(
        [
          "Marlon Brando",
          "Al Pacino",
          "James Caan",
          "Richard S. Castellano",
          "Robert Duvall",
          "Sterling Hayden",
          "John Marley",
          "Richard Conte",
          "Al Lettieri",
        ].map((name, i) => ({ cast_id: i, name })),
      )},${json([
        { name: "Mario Puzo", job: "Screenplay" },
        { name: "Francis Ford Coppola", job: "Director" },
      ])}`,
      `862,Toy Story,[],${json([{ name: "John Lasseter", job: "Director" }])}`,
      "",
    ].join("\n"),
  );
  const header = "adult,id,imdb_id,original_title,overview,poster_path,title";
  writeFile(
    join(dir, "movies_metadata.csv"),
    [
      header,
      `False,862,tt0114709,Toy Story,${q("A later overview that must not win.")},/rhIRbceoE9lR4veEXuwCC2wARtG.jpg,Toy Story`,
      `False,807,tt0114369,Se7en,,/first.jpg,Se7en`,
      "",
    ].join("\n"),
  );
  // Cut from the start of the real file: the last row stops inside its quoted overview, no newline.
  writeFile(
    join(dir, "partial", "movies_metadata.first_rows_truncated.csv"),
    [
      header,
      `False,807,tt0114369,Se7en,${q("Filled from partial.")},/second.jpg,Se7en`,
      `False,238,tt0068646,The Godfather,${q("Spanning the years 1945 to 1955.")},/3bhkrj58Vtu7enYsRolD1fZdja1.jpg,The Godfather`,
      `False,11,0,Star Wars,${q("No imdb id.")},https://image.tmdb.org/t/p/w500/x.jpg,Star Wars`,
      `False,12,tt12,Finding Nemo,,/nemo.gif,Finding Nemo`,
      `False,13,tt0109830,Forrest Gump,,/../etc/passwd.jpg,Forrest Gump`,
      `False,14,tt0169547,American Beauty,,no-slash.jpg,American Beauty`,
      `False,15,tt0110912,Pulp Fiction,,/dM2w364MScsjFf8pfMbaWUcWrR.PNG,Pulp Fiction`,
      `- Written by Ørnås,1997-08-20,tt0000001,Broken,,/broken.jpg,Broken`,
      `False,0,tt0000002,Zero,,/zero.jpg,Zero`,
      `False,34760,tt0090556,'night Mother,"A woman tells her mother she will end her life before mor`,
    ].join("\n"),
  );
  // Not TMDB exports: must be ignored.
  writeFile(join(dir, "keywords.csv"), "id,keywords\n862,[]\n");
  writeFile(join(dir, "partial", "movies_metadata.csv.zip"), "PK");
  return dir;
}

describe("tmdbSourceFiles", () => {
  test("lists the exports in merge order and ignores other files", () => {
    const dir = tmdbFolder();
    writeFile(join(dir, "movies_metadata_b.csv"), "id\n");
    writeFile(join(dir, "movies_metadata_a.csv"), "id\n");
    expect(tmdbSourceFiles(dir)).toEqual([
      join(dir, "tmdb_5000_movies.csv"),
      join(dir, "tmdb_5000_credits.csv"),
      join(dir, "movies_metadata.csv"),
      join(dir, "movies_metadata_a.csv"),
      join(dir, "movies_metadata_b.csv"),
      join(dir, "partial", "movies_metadata.first_rows_truncated.csv"),
    ]);
  });

  test("a missing folder has no sources", () => {
    expect(tmdbSourceFiles(join(tempDir(), "nope"))).toEqual([]);
  });
});

describe("readTmdb on generated exports", async () => {
  const dir = tmdbFolder();
  const table = await readTmdb(dir);

  test("reads every file, and the cut last row is counted, not thrown", () => {
    expect(table.files).toEqual(tmdbSourceFiles(dir));
    expect(table.malformedRows).toBe(1);
    expect(table.byTmdbId.has(34760)).toBe(false);
  });

  test("keywords come from the JSON list; invalid or empty JSON leaves them out", () => {
    expect(table.byTmdbId.get(862)?.keywords).toEqual(["jealousy", "toy"]);
    expect(table.byTmdbId.get(238)?.keywords).toEqual(["mafia"]);
    expect(table.byTmdbId.get(807)).not.toHaveProperty("keywords");
    expect(table.byTmdbId.get(500)).toEqual({ tmdbId: 500 });
  });

  test("credits give the first 8 cast members and the director", () => {
    const godfather = table.byTmdbId.get(238);
    expect(godfather?.cast).toEqual([
      "Marlon Brando",
      "Al Pacino",
      "James Caan",
      "Richard S. Castellano",
      "Robert Duvall",
      "Sterling Hayden",
      "John Marley",
      "Richard Conte",
    ]);
    expect(godfather?.director).toBe("Francis Ford Coppola");
    expect(table.byTmdbId.get(862)?.director).toBe("John Lasseter");
    expect(table.byTmdbId.get(862)).not.toHaveProperty("cast");
  });

  test("the first file wins; later files only fill gaps", () => {
    expect(table.byTmdbId.get(862)).toEqual({
      tmdbId: 862,
      overview: "Led by Woody, Andy's toys live happily.",
      keywords: ["jealousy", "toy"],
      director: "John Lasseter",
      imdbId: "tt0114709",
      posterPath: "/rhIRbceoE9lR4veEXuwCC2wARtG.jpg",
    });
    // 5000 file had a quoted overview; movies_metadata.csv (read before partial/) gives the poster.
    expect(table.byTmdbId.get(807)).toEqual({
      tmdbId: 807,
      overview: 'Two "homicide" detectives.',
      imdbId: "tt0114369",
      posterPath: "/first.jpg",
    });
    // A blank overview in the 5000 file is a gap that the partial metadata fills.
    expect(table.byTmdbId.get(238)?.overview).toBe("Spanning the years 1945 to 1955.");
    expect(table.byTmdbId.get(238)?.posterPath).toBe("/3bhkrj58Vtu7enYsRolD1fZdja1.jpg");
  });

  test("poster paths must be /name.jpg|jpeg|png", () => {
    expect(table.byTmdbId.get(11)).toEqual({ tmdbId: 11, overview: "No imdb id." });
    expect(table.byTmdbId.get(12)).toEqual({ tmdbId: 12 });
    expect(table.byTmdbId.get(13)).toEqual({ tmdbId: 13, imdbId: "tt0109830" });
    expect(table.byTmdbId.get(14)).toEqual({ tmdbId: 14, imdbId: "tt0169547" });
    expect(table.byTmdbId.get(15)?.posterPath).toBe("/dM2w364MScsjFf8pfMbaWUcWrR.PNG");
  });

  test("rows with a non-numeric or non-positive id are skipped", () => {
    expect(table.byTmdbId.has(0)).toBe(false);
    expect([...table.byTmdbId.values()].some((r) => r.posterPath === "/broken.jpg")).toBe(false);
    expect([...table.byTmdbId.keys()].sort((a, b) => a - b)).toEqual([
      11, 12, 13, 14, 15, 238, 500, 807, 862,
    ]);
  });

  test("byImdbId indexes records with a valid tt id", () => {
    expect([...table.byImdbId.keys()].sort()).toEqual([
      "tt0068646",
      "tt0109830",
      "tt0110912",
      "tt0114369",
      "tt0114709",
      "tt0169547",
    ]);
    expect(table.byImdbId.get("tt0068646")).toBe(table.byTmdbId.get(238));
  });

  test("an empty or missing folder gives an empty table", async () => {
    const empty = await readTmdb(join(tempDir(), "missing"));
    expect(empty.byTmdbId.size).toBe(0);
    expect(empty.byImdbId.size).toBe(0);
    expect(empty.files).toEqual([]);
    expect(empty.malformedRows).toBe(0);
  });
});

describe("readTmdb on the real shared TMDB folder", async () => {
  const dir = join(sharedDataDir(), "..", "tmdb");
  const table = await readTmdb(dir);

  test("reads both files without throwing on the cut partial file", () => {
    expect(table.files).toEqual([
      join(dir, "tmdb_5000_movies.csv"),
      join(dir, "partial", "movies_metadata.first_rows_truncated.csv"),
    ]);
    // 4803 rows in the 5000 file; the partial file adds ids it does not hold.
    expect(table.byTmdbId.size).toBeGreaterThan(4803);
    expect(table.byTmdbId.get(13681)?.imdbId).toMatch(/^tt\d{7,}$/);
  });

  test("Toy Story (862) has its overview, keywords and poster", () => {
    const toy = table.byTmdbId.get(862);
    expect(toy?.posterPath).toBe("/rhIRbceoE9lR4veEXuwCC2wARtG.jpg");
    expect(toy?.imdbId).toBe("tt0114709");
    expect(toy?.keywords).toContain("toy");
    expect(toy?.overview).toMatch(/^Led by Woody, Andy's toys live happily/);
    expect(table.byImdbId.get("tt0114709")).toBe(toy);
  });

  test("every poster path kept is a plain /file.jpg name", () => {
    const posters = [...table.byTmdbId.values()].flatMap((r) => (r.posterPath ? [r.posterPath] : []));
    expect(posters.length).toBeGreaterThan(2500);
    expect(posters.every((p) => /^\/[\w-]+\.(jpg|jpeg|png)$/i.test(p))).toBe(true);
  });
});

describe("who made a film, where, and its series", () => {
  test("pythonValues reads one key of a Python literal, quotes and apostrophes included", () => {
    expect(
      pythonValues("{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': '/x.jpg'}", "name"),
    ).toEqual(["Toy Story Collection"]);
    expect(
      pythonValues(`[{'name': "Ocean's Collection", 'id': 3}, {'name': 'Eon Productions'}]`, "name"),
    ).toEqual(["Ocean's Collection", "Eon Productions"]);
    expect(pythonValues("[{'iso_3166_1': 'HK', 'name': 'Hong Kong'}]", "iso_3166_1")).toEqual(["HK"]);
    expect(pythonValues("", "name")).toEqual([]);
    expect(pythonValues(undefined, "name")).toEqual([]);
  });

  test("companies, original language and countries from TMDB 5000; the series from the metadata file", async () => {
    const dir = tempDir("matinee-tmdb-origin-");
    writeFile(
      join(dir, "tmdb_5000_movies.csv"),
      [
        "id,keywords,overview,production_companies,original_language,production_countries",
        `11,[],${q("Far away.")},${json([{ id: 1, name: "Lucasfilm" }])},en,${json([
          { iso_3166_1: "US", name: "United States of America" },
        ])}`,
        `9470,[],${q("Kung fu.")},[],cn,${json([{ iso_3166_1: "hk", name: "Hong Kong" }])}`,
        `1,[],,not json,english,[]`,
        "",
      ].join("\n"),
    );
    writeFile(
      join(dir, "movies_metadata.csv"),
      [
        "adult,belongs_to_collection,id,imdb_id,original_language,overview,poster_path,production_companies,production_countries",
        `False,${q("{'id': 10, 'name': 'Star Wars Collection', 'poster_path': '/a.jpg'}")},11,tt0076759,en,,,${q(
          "[{'name': 'Twentieth Century Fox', 'id': 25}]",
        )},${q("[{'iso_3166_1': 'GB', 'name': 'United Kingdom'}]")}`,
        `False,,862,tt0114709,en,,,${q("[{'name': 'Pixar Animation Studios', 'id': 3}]")},[]`,
        "",
      ].join("\n"),
    );
    const table = await readTmdb(dir);
    // The 5000 file comes first: later files fill gaps and never overwrite.
    expect(table.byTmdbId.get(11)).toMatchObject({
      companies: ["Lucasfilm"],
      language: "en",
      countries: ["US"],
      collection: "Star Wars Collection",
    });
    expect(table.byTmdbId.get(9470)).toMatchObject({ language: "cn", countries: ["HK"] });
    expect(table.byTmdbId.get(1)).toEqual({ tmdbId: 1 });
    expect(table.byTmdbId.get(862)).toMatchObject({ companies: ["Pixar Animation Studios"], language: "en" });
    expect(table.byTmdbId.get(862)).not.toHaveProperty("countries");
  });
});
