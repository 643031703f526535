import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DATASETS } from "../../data/datasets.ts";
import { readCsvLayout } from "../../data/readers/csv-layout.ts";
import { readDatLayout } from "../../data/readers/dat-layout.ts";
import { sharedDataDir } from "../helpers/paths.ts";
import { crlf, miniDataset, tempDir, writeDataset, writeFile } from "./fixtures.ts";

describe("readCsvLayout", () => {
  test("reads movies, ratings, tags and links of a mini ml-latest-small with CRLF", async () => {
    const dir = writeDataset(join(tempDir(), "ml-latest-small"));
    const raw = await readCsvLayout(dir);

    expect(raw.movies).toEqual([
      { movieId: 1, title: "Toy Story (1995)", genres: "Adventure|Animation|Children|Comedy|Fantasy" },
      { movieId: 47, title: "Seven (a.k.a. Se7en) (1995)", genres: "Mystery|Thriller" },
      { movieId: 858, title: "Godfather, The (1972)", genres: "Crime|Drama" },
      {
        movieId: 29,
        title: "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
        genres: "Adventure|Drama|Fantasy|Mystery|Sci-Fi",
      },
    ]);

    expect(raw.ratings.length).toBe(8);
    expect([...raw.ratings.userIds]).toEqual([1, 1, 1, 2, 2, 3, 3, 3]);
    expect([...raw.ratings.movieIds]).toEqual([858, 1, 47, 858, 29, 1, 858, 99999]);
    expect([...raw.ratings.ratings]).toEqual([5, 4, 5, 4.5, 3.5, 3, 2, 4]);
    expect([...raw.ratings.timestamps]).toEqual([
      964982703, 964981247, 964983815, 1445714835, 1445714885, 1306463578, 1306463578, 1306463600,
    ]);

    expect(raw.tags).toEqual([
      { movieId: 858, tag: "Mafia" },
      { movieId: 858, tag: "mafia" },
      { movieId: 858, tag: "classic" },
      { movieId: 47, tag: "twist ending" },
    ]);

    // imdbId zero-padded to tt + 7 digits; an empty tmdbId is left out, not 0.
    expect(raw.links).toEqual([
      { movieId: 1, imdbId: "tt0114709", tmdbId: 862 },
      { movieId: 47, imdbId: "tt0114369", tmdbId: 807 },
      { movieId: 858, imdbId: "tt0068646", tmdbId: 238 },
      { movieId: 29, imdbId: "tt0112682" },
    ]);
    expect(raw.links[3]).not.toHaveProperty("tmdbId");

    expect(raw.files).toEqual(
      ["movies.csv", "ratings.csv", "tags.csv", "links.csv"].map((f) => join(dir, f)),
    );
  });

  test("ratings beyond the initial buffer size are all kept", async () => {
    const lines = ["userId,movieId,rating,timestamp"];
    for (let i = 0; i < 3000; i++)
      lines.push(`${(i % 7) + 1},${i + 1},${(i % 10) / 2 + 0.5},${1_000_000 + i}`);
    const dir = writeDataset(join(tempDir(), "big"), {
      "movies.csv": crlf(["movieId,title,genres", "1,Toy Story (1995),Comedy"]),
      "ratings.csv": crlf(lines),
    });
    const raw = await readCsvLayout(dir);
    expect(raw.ratings.length).toBe(3000);
    expect(raw.ratings.movieIds[2999]).toBe(3000);
    expect(raw.ratings.userIds[2999]).toBe((2999 % 7) + 1);
    expect(raw.ratings.ratings[2999]).toBe(5);
    expect(raw.ratings.timestamps[2999]).toBe(1_002_999);
  });

  test("tags.csv and links.csv are optional; blank tags are dropped", async () => {
    const files = miniDataset();
    const dir = writeDataset(join(tempDir(), "no-extras"), {
      "movies.csv": files["movies.csv"],
      "ratings.csv": files["ratings.csv"],
    });
    const raw = await readCsvLayout(dir);
    expect(raw.tags).toEqual([]);
    expect(raw.links).toEqual([]);
    expect(raw.files).toEqual([join(dir, "movies.csv"), join(dir, "ratings.csv")]);

    writeFile(join(dir, "tags.csv"), crlf(["userId,movieId,tag,timestamp", "1,1,  ,5", "1,1, pixar ,6"]));
    const again = await readCsvLayout(dir);
    expect(again.tags).toEqual([{ movieId: 1, tag: "pixar" }]);
  });

  test("a ratings.csv without a rating column is an error naming the file", async () => {
    const dir = writeDataset(join(tempDir(), "bad"), {
      "movies.csv": crlf(["movieId,title,genres", "1,Toy Story (1995),Comedy"]),
      "ratings.csv": crlf(["userId,movieId,stars,timestamp", "1,1,4,5"]),
    });
    await expect(readCsvLayout(dir)).rejects.toThrow(`${join(dir, "ratings.csv")} has no "rating" column`);
  });
});

describe("readDatLayout", () => {
  test("reads latin-1 '::' files; é written as the latin-1 byte comes back as é", async () => {
    const dir = join(tempDir(), "ml-1m");
    const movies =
      "1::Toy Story (1995)::Animation|Children's|Comedy\n73::Misérables, Les (1995)::Drama|Musical\n";
    const bytes = Buffer.from(movies, "latin1");
    expect(bytes.includes(0xe9)).toBe(true);
    writeFile(join(dir, "movies.dat"), bytes);
    writeFile(join(dir, "ratings.dat"), "1::73::5::978300760\n2::1::3::978302109\n\nshort::line\n");

    const raw = await readDatLayout(dir);
    expect(raw.movies).toEqual([
      { movieId: 1, title: "Toy Story (1995)", genres: "Animation|Children's|Comedy" },
      { movieId: 73, title: "Misérables, Les (1995)", genres: "Drama|Musical" },
    ]);
    expect(raw.ratings.length).toBe(2);
    expect([...raw.ratings.userIds]).toEqual([1, 2]);
    expect([...raw.ratings.movieIds]).toEqual([73, 1]);
    expect([...raw.ratings.ratings]).toEqual([5, 3]);
    expect([...raw.ratings.timestamps]).toEqual([978300760, 978302109]);
    expect(raw.tags).toEqual([]);
    expect(raw.links).toEqual([]);
    expect(raw.files).toEqual([join(dir, "movies.dat"), join(dir, "ratings.dat")]);
  });

  test("CRLF line endings are stripped", async () => {
    const dir = join(tempDir(), "ml-1m");
    writeFile(join(dir, "movies.dat"), "2::Jumanji (1995)::Adventure|Children's|Fantasy\r\n");
    writeFile(join(dir, "ratings.dat"), "1::2::4::978300760\r\n");
    const raw = await readDatLayout(dir);
    expect(raw.movies).toEqual([
      { movieId: 2, title: "Jumanji (1995)", genres: "Adventure|Children's|Fantasy" },
    ]);
    expect([...raw.ratings.timestamps]).toEqual([978300760]);
  });

  test("a missing ratings.dat is a clear error", async () => {
    const dir = join(tempDir(), "ml-1m");
    writeFile(join(dir, "movies.dat"), "1::Toy Story (1995)::Comedy\n");
    await expect(readDatLayout(dir)).rejects.toThrow(
      `${join(dir, "ratings.dat")} is missing: the ml-1m layout needs movies.dat and ratings.dat`,
    );
  });

  test("the real shared ml-1m (no ratings.dat) fails naming ratings.dat", async () => {
    const dir = join(sharedDataDir(), "ml-1m");
    await expect(readDatLayout(dir)).rejects.toThrow(`${join(dir, "ratings.dat")} is missing`);
  });

  test("the real shared ml-1m movies.dat decodes its latin-1 titles", async () => {
    const dir = join(tempDir(), "ml-1m");
    writeFile(join(dir, "ratings.dat"), "1::1193::5::978300760\n");
    symlinkSync(join(sharedDataDir(), "ml-1m", "movies.dat"), join(dir, "movies.dat"));
    const raw = await readDatLayout(dir);
    expect(raw.movies).toHaveLength(3883);
    expect(new Set(raw.movies.map((m) => m.movieId)).size).toBe(3883);
    expect(raw.movies[0]).toEqual({
      movieId: 1,
      title: "Toy Story (1995)",
      genres: "Animation|Children's|Comedy",
    });
    expect(raw.movies.find((m) => m.movieId === 73)?.title).toBe("Misérables, Les (1995)");
    expect(raw.movies.at(-1)).toEqual({
      movieId: 3952,
      title: "Contender, The (2000)",
      genres: "Drama|Thriller",
    });
    expect(raw.movies.some((m) => m.title.includes("\ufffd"))).toBe(false);
  });
});

describe("DATASETS", () => {
  test("each dataset names its layout's required files and reader", () => {
    expect(DATASETS["ml-latest-small"].requiredFiles).toEqual(["movies.csv", "ratings.csv"]);
    expect(DATASETS["ml-latest-small"].read).toBe(readCsvLayout);
    expect(DATASETS["ml-32m"].read).toBe(readCsvLayout);
    expect(DATASETS["ml-1m"].requiredFiles).toEqual(["movies.dat", "ratings.dat"]);
    expect(DATASETS["ml-1m"].read).toBe(readDatLayout);
  });
});
