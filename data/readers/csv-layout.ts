import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { readCsv } from "../csv.ts";
import { readNumericCsv } from "../numeric-csv.ts";
import {
  RatingsBuilder,
  type RawDataset,
  type RawLink,
  type RawMovie,
  type RawTag,
  type ReadProgress,
} from "../raw.ts";

/**
 * The CSV layout GroupLens uses for ml-latest-small, ml-latest, ml-25m and ml-32m:
 * movies.csv, ratings.csv, tags.csv, links.csv with headers.
 */
export const CSV_LAYOUT_FILES = ["movies.csv", "ratings.csv", "tags.csv", "links.csv"];

/** Rows a ratings.csv of this size holds, about (MovieLens rows run 18–26 bytes): the first buffer's size. */
function expectedRows(file: string): number {
  return Math.ceil(statSync(file).size / 20);
}

export async function readCsvLayout(dir: string, onProgress?: ReadProgress): Promise<RawDataset> {
  const files = CSV_LAYOUT_FILES.map((f) => join(dir, f));
  const [moviesFile, ratingsFile, tagsFile, linksFile] = files as [string, string, string, string];

  const movies: RawMovie[] = [];
  await readCsv(moviesFile, ["movieId", "title", "genres"], (f, c) => {
    movies.push({ movieId: Number(f[c.movieId]), title: f[c.title] ?? "", genres: f[c.genres] ?? "" });
  });

  // ratings.csv is most of the bytes (ML-32M: 877 MB of numbers): parsed from the bytes.
  const ratings = new RatingsBuilder(expectedRows(ratingsFile));
  await readNumericCsv(
    ratingsFile,
    ["userId", "movieId", "rating", "timestamp"],
    (v, c) => ratings.push(v[c.userId]!, v[c.movieId]!, v[c.rating]!, v[c.timestamp]!),
    onProgress ? (read, total) => onProgress("ratings.csv", read, total) : undefined,
  );

  const tags: RawTag[] = [];
  if (existsSync(tagsFile)) {
    await readCsv(tagsFile, ["movieId", "tag"], (f, c) => {
      const tag = (f[c.tag] ?? "").trim();
      if (tag) tags.push({ movieId: Number(f[c.movieId]), tag });
    });
  }

  const links: RawLink[] = [];
  if (existsSync(linksFile)) {
    await readCsv(linksFile, ["movieId", "imdbId", "tmdbId"], (f, c) => {
      const imdb = (f[c.imdbId] ?? "").trim();
      const tmdb = (f[c.tmdbId] ?? "").trim();
      links.push({
        movieId: Number(f[c.movieId]),
        ...(imdb ? { imdbId: `tt${imdb.padStart(7, "0")}` } : {}),
        ...(tmdb && Number.isFinite(Number(tmdb)) ? { tmdbId: Number(tmdb) } : {}),
      });
    });
  }

  return { movies, ratings: ratings.build(), tags, links, files: files.filter((f) => existsSync(f)) };
}
