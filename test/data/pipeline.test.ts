import { createHash } from "node:crypto";
import { appendFileSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import { tieOrder } from "../../data/gold.ts";
import {
  type DataOptions,
  loadCatalogue,
  loadGold,
  resolveDatasetDir,
  resolveTmdbDir,
} from "../../data/pipeline.ts";
import { sharedDataDir } from "../helpers/paths.ts";
import { crlf, tempDir, writeDataset, writeFile } from "./fixtures.ts";

/** A generated ml-latest-small under <root>/data, with a cache folder beside it. */
function generated(): { root: string; dataDir: string; datasetDir: string; options: DataOptions } {
  const root = tempDir("matinee-pipeline-");
  const dataDir = join(root, "data");
  const datasetDir = writeDataset(join(dataDir, "ml-latest-small"));
  return {
    root,
    dataDir,
    datasetDir,
    options: { dataDir, dataset: "ml-latest-small", cacheDir: join(root, "cache"), download: false },
  };
}

function cacheFiles(cacheDir: string): string[] {
  return readdirSync(join(cacheDir, "gold"));
}

describe("loadGold on the real shared ml-latest-small", async () => {
  const options: DataOptions = {
    dataDir: sharedDataDir(),
    dataset: "ml-latest-small",
    cacheDir: tempDir("matinee-real-cache-"),
    download: false,
  };
  const first = await loadGold(options);
  const { gold } = first;

  test("builds the catalogue and interactions with the published counts", () => {
    expect(first.fromCache).toBe(false);
    expect(first.datasetDir).toBe(join(resolve(sharedDataDir()), "ml-latest-small"));
    expect(gold.dataset).toBe("ml-latest-small");
    expect(gold.stats).toEqual({ users: 610, items: 9742, ratings: 100836, skippedRatings: 0 });
    expect(gold.movies).toHaveLength(9742);
    expect(gold.interactions.userIds).toHaveLength(610);
    expect(gold.interactions.userIds[0]).toBe(1);
    expect(gold.interactions.userIds[609]).toBe(610);
    expect(gold.itemFeatures).toHaveLength(9742);
    expect(gold.popularity.count.reduce((a, b) => a + b, 0)).toBe(100836);
    expect(gold.dataHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("The Godfather (858) and Seven (47) are parsed and linked", () => {
    const godfather = gold.movies.find((m) => m.movieId === 858);
    expect(godfather).toMatchObject({
      title: "The Godfather",
      year: 1972,
      altTitles: [],
      genres: ["Crime", "Drama"],
      imdbId: "tt0068646",
      tmdbId: 238,
    });
    const seven = gold.movies.find((m) => m.movieId === 47);
    expect(seven?.title).toBe("Seven");
    expect(seven?.altTitles).toEqual(["Se7en"]);
    const toy = gold.movies.find((m) => m.movieId === 1);
    expect(toy?.posterPath).toBe("/rhIRbceoE9lR4veEXuwCC2wARtG.jpg");
    // tags.csv: "pixar" twice, "fun" once.
    expect(toy?.tags).toEqual(["pixar", "fun"]);
  });

  test("at least 2,000 movies get a TMDB poster", () => {
    expect(gold.movies.filter((m) => m.posterPath !== undefined).length).toBeGreaterThanOrEqual(2000);
  });

  test("every user's events are in time order", () => {
    const x = gold.interactions;
    let unordered = 0;
    for (let u = 0; u < x.userIds.length; u++) {
      for (let k = x.offsets[u]! + 1; k < x.offsets[u + 1]!; k++) {
        if (x.timestamps[k]! < x.timestamps[k - 1]!) unordered++;
      }
    }
    expect(unordered).toBe(0);
  });

  test("a second load with the same cacheDir comes from the cache with equal data", async () => {
    const second = await loadGold(options);
    expect(second.fromCache).toBe(true);
    expect(second.gold.stats).toEqual(gold.stats);
    expect(second.gold.dataHash).toBe(gold.dataHash);
    expect(second.gold.movies).toEqual(gold.movies);
    expect(second.gold.interactions).toEqual(gold.interactions);
    expect(cacheFiles(options.cacheDir)).toHaveLength(2);
  });

  test("ml-1m without ratings.dat is a UserFacingError naming what is missing", async () => {
    const error = await loadGold({ ...options, dataset: "ml-1m" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toContain("looked for movies.dat, ratings.dat");
    expect((error as Error).message).toContain("MATINEE_DATA_DIR");
  });
});

describe("loadGold on a generated dataset", () => {
  test("builds gold from the files and hashes their content", async () => {
    const { options, datasetDir } = generated();
    const { gold, fromCache } = await loadGold(options);
    expect(fromCache).toBe(false);
    expect(gold.stats).toEqual({ users: 3, items: 4, ratings: 7, skippedRatings: 1 });
    expect(gold.movies.map((m) => m.title)).toEqual([
      "Toy Story",
      "Seven",
      "The Godfather",
      "The City of Lost Children",
    ]);
    expect(gold.movies.find((m) => m.movieId === 858)?.tags).toEqual(["mafia", "classic"]);
    expect(gold.movies.find((m) => m.movieId === 29)?.altTitles).toEqual(["La Cité des enfants perdus"]);
    // user 3 rated 1 and 858 in the same second: ties go by the seeded hash of (user, movie).
    expect([...gold.interactions.userIds]).toEqual([1, 2, 3]);
    expect([...gold.interactions.offsets]).toEqual([0, 3, 5, 7]);
    const tie = tieOrder(3, 1) < tieOrder(3, 858) ? [0, 2] : [2, 0];
    expect([...gold.interactions.items]).toEqual([0, 2, 1, 2, 3, ...tie]);
    expect([...gold.popularity.count]).toEqual([2, 1, 3, 1]);

    const hash = createHash("sha256");
    for (const f of ["links.csv", "movies.csv", "ratings.csv", "tags.csv"]) {
      hash.update(readFileSync(join(datasetDir, f)));
    }
    expect(gold.dataHash).toBe(hash.digest("hex"));
  });

  test("changing a source file causes a rebuild, and the old cache file is removed", async () => {
    const { options, datasetDir } = generated();
    expect((await loadGold(options)).fromCache).toBe(false);
    expect((await loadGold(options)).fromCache).toBe(true);
    const before = cacheFiles(options.cacheDir);
    expect(before).toHaveLength(2);

    const ratings = join(datasetDir, "ratings.csv");
    appendFileSync(ratings, "4,47,4.0,1500000000\r\n");
    utimesSync(ratings, new Date("2030-01-01T00:00:00Z"), new Date("2030-01-01T00:00:00Z"));
    const rebuilt = await loadGold(options);
    expect(rebuilt.fromCache).toBe(false);
    expect(rebuilt.gold.stats).toEqual({ users: 4, items: 4, ratings: 8, skippedRatings: 1 });
    const after = cacheFiles(options.cacheDir);
    expect(after).toHaveLength(2);
    expect(after.filter((f) => before.includes(f))).toEqual([]);
    expect((await loadGold(options)).fromCache).toBe(true);
  });

  test("touching a source file (same content, new mtime) causes a rebuild", async () => {
    const { options, datasetDir } = generated();
    await loadGold(options);
    const movies = join(datasetDir, "movies.csv");
    utimesSync(movies, new Date("2031-05-05T00:00:00Z"), new Date("2031-05-05T00:00:00Z"));
    const again = await loadGold(options);
    expect(again.fromCache).toBe(false);
    expect(again.gold.stats).toEqual({ users: 3, items: 4, ratings: 7, skippedRatings: 1 });
  });

  test("adding a tags.csv row is picked up", async () => {
    const { options, datasetDir } = generated();
    await loadGold(options);
    appendFileSync(join(datasetDir, "tags.csv"), "1,1,Pixar,1445714999\r\n");
    const { gold, fromCache } = await loadGold(options);
    expect(fromCache).toBe(false);
    expect(gold.movies.find((m) => m.movieId === 1)?.tags).toEqual(["pixar"]);
  });

  test.each(["catalogue", "ratings"])(
    "an unreadable %s cache file is rebuilt, with a warning",
    async (part) => {
      const { options } = generated();
      const first = await loadGold(options);
      const file = cacheFiles(options.cacheDir).find((f) => f.includes(`.${part}.`));
      expect(file).toBeDefined();
      writeFileSync(join(options.cacheDir, "gold", file!), "not a v8 serialisation");
      const warnings: string[] = [];
      const log: Log = {
        debug: () => {},
        info: () => {},
        error: () => {},
        warn: (obj, msg) => {
          warnings.push(typeof obj === "string" ? obj : (msg ?? ""));
        },
      };
      const again = await loadGold({ ...options, log });
      expect(again.gold.stats.items).toBe(4);
      expect(again.gold.interactions).toEqual(first.gold.interactions);
      expect(warnings).toEqual(["gold cache unreadable; rebuilding"]);
      expect((await loadGold(options)).fromCache).toBe(true);
    },
  );

  test("the catalogue loads without the ratings, which are read only when asked for", async () => {
    const { options } = generated();
    const built = await loadCatalogue(options);
    expect(built.fromCache).toBe(false);
    expect("interactions" in built.gold).toBe(false);
    const full = (await loadGold(options)).gold;
    expect(await built.ratings()).toEqual(full.interactions);
    const cached = await loadCatalogue(options);
    expect(cached.fromCache).toBe(true);
    expect("interactions" in cached.gold).toBe(false);
    expect(cached.gold.movies).toEqual(full.movies);
    expect(cached.gold.dataHash).toBe(full.dataHash);
    // Not read yet: damaging the file now is only noticed (and repaired) when they are asked for.
    const file = cacheFiles(options.cacheDir).find((f) => f.includes(".ratings."))!;
    writeFileSync(join(options.cacheDir, "gold", file), "damaged after the catalogue was read");
    expect(await cached.ratings()).toEqual(full.interactions);
    expect(await cached.ratings()).toBe(await cached.ratings());
  });

  test("dataDir may point directly at the dataset folder", async () => {
    const { options, datasetDir } = generated();
    const direct = await loadGold({ ...options, dataDir: datasetDir });
    expect(direct.datasetDir).toBe(datasetDir);
    expect(direct.gold.stats.items).toBe(4);
  });

  test("a TMDB folder beside the dataset folders is joined and is part of the fingerprint", async () => {
    const { options, dataDir } = generated();
    expect((await loadGold(options)).gold.movies[0]).not.toHaveProperty("overview");
    writeFile(
      join(dataDir, "tmdb", "tmdb_5000_movies.csv"),
      crlf(["id,keywords,overview", '862,"[{""id"": 1, ""name"": ""toy""}]",Woody and Buzz.']),
    );
    const withTmdb = await loadGold(options);
    expect(withTmdb.fromCache).toBe(false);
    expect(withTmdb.gold.movies[0]).toMatchObject({
      movieId: 1,
      overview: "Woody and Buzz.",
      keywords: ["toy"],
    });
    expect(withTmdb.gold.itemFeatures[0]).toContain("kw:toy");
  });

  test("with download:false and no data the error names MATINEE_DATA_DIR", async () => {
    const empty = tempDir("matinee-empty-");
    const error = await loadGold({
      dataDir: empty,
      dataset: "ml-latest-small",
      cacheDir: join(empty, "cache"),
      download: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toBe(
      `No ml-latest-small data in ${empty} (looked for movies.csv, ratings.csv).\n` +
        "Set MATINEE_DATA_DIR (or pass --data DIR) to a folder that contains ml-latest-small/.",
    );
  });
});

describe("resolveDatasetDir / resolveTmdbDir", () => {
  test("a parent folder resolves to its dataset subfolder; a dataset folder to itself", () => {
    const { dataDir, datasetDir } = generated();
    expect(resolveDatasetDir(dataDir, "ml-latest-small")).toBe(datasetDir);
    expect(resolveDatasetDir(datasetDir, "ml-latest-small")).toBe(datasetDir);
    expect(resolveDatasetDir(dataDir, "ml-1m")).toBe(join(dataDir, "ml-1m"));
  });

  test("TMDB is looked for in <dataDir>/tmdb, then <dataDir>/../tmdb; an explicit folder wins", () => {
    const { root, dataDir, datasetDir } = generated();
    expect(resolveTmdbDir({ dataDir })).toBeUndefined();
    writeFile(join(root, "tmdb", "x.txt"), "");
    expect(resolveTmdbDir({ dataDir })).toBe(join(root, "tmdb"));
    writeFile(join(dataDir, "tmdb", "x.txt"), "");
    expect(resolveTmdbDir({ dataDir })).toBe(join(dataDir, "tmdb"));
    expect(resolveTmdbDir({ dataDir: datasetDir })).toBe(join(dataDir, "tmdb"));
    expect(resolveTmdbDir({ dataDir, tmdbDir: "/somewhere/else" })).toBe("/somewhere/else");
  });
});
