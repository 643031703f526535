import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readCsv } from "./csv.ts";

/** What TMDB adds to a film: text for the content model and a poster for the cards. */
export interface TmdbRecord {
  tmdbId: number;
  imdbId?: string;
  overview?: string;
  keywords?: string[];
  cast?: string[];
  director?: string;
  posterPath?: string;
  /** Production companies ("Pixar Animation Studios", "Eon Productions"): who made it. */
  companies?: string[];
  /** ISO 639-1 code of the original language ("ja", "fr"). */
  language?: string;
  /** ISO 3166-1 codes of the production countries ("HK", "GB"). */
  countries?: string[];
  /** The series it belongs to ("James Bond Collection"): its sequels and prequels. */
  collection?: string;
}

export interface TmdbTable {
  byTmdbId: Map<number, TmdbRecord>;
  byImdbId: Map<string, TmdbRecord>;
  files: string[];
  malformedRows: number;
}

const NamedList = z.array(z.object({ name: z.string() }));
const CountryList = z.array(z.object({ iso_3166_1: z.string() }));
const LANGUAGE = /^[a-z]{2}$/;

/**
 * The values of one key in a Python literal (The Movies Dataset writes its list and dict
 * columns with `repr`, not JSON): `[{'name': 'Pixar', 'id': 3}]` → ["Pixar"]. A value holding
 * an apostrophe is written in double quotes.
 */
export function pythonValues(text: string | undefined, key: string): string[] {
  if (!text) return [];
  const pattern = new RegExp(`'${key}': (?:'((?:[^'\\\\]|\\\\.)*)'|"((?:[^"\\\\]|\\\\.)*)")`, "g");
  return [...text.matchAll(pattern)].map((m) => (m[1] ?? m[2] ?? "").replace(/\\(.)/g, "$1")).filter(Boolean);
}

/** The film's origin as the content model reads it: original language and countries. */
function origin(language: string | undefined, countries: readonly string[]) {
  const lang = cleanText(language)?.toLowerCase();
  return {
    ...(lang && LANGUAGE.test(lang) ? { language: lang } : {}),
    ...(countries.length > 0 ? { countries: [...new Set(countries.map((c) => c.toUpperCase()))] } : {}),
  };
}
const Crew = z.array(z.object({ name: z.string(), job: z.string() }));
const POSTER_PATH = /^\/[\w-]+\.(?:jpg|jpeg|png)$/i;
const IMDB_ID = /^tt\d{7,}$/;

function parseJsonList<T>(text: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!text) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function cleanText(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}

/**
 * The TMDB exports in a folder, in the order they are merged: the Kaggle "TMDB 5000"
 * files, then "The Movies Dataset" metadata (whole, or a file cut from its start under
 * `partial/`).
 */
export function tmdbSourceFiles(dir: string): string[] {
  const found = [join(dir, "tmdb_5000_movies.csv"), join(dir, "tmdb_5000_credits.csv")].filter((f) =>
    existsSync(f),
  );
  for (const sub of [dir, join(dir, "partial")]) {
    if (!existsSync(sub)) continue;
    for (const name of readdirSync(sub).sort()) {
      if (/movies_metadata.*\.csv$/.test(name)) found.push(join(sub, name));
    }
  }
  return found;
}

/**
 * Reads whatever TMDB exports the folder holds: `tmdb_5000_movies.csv` (+ `tmdb_5000_credits.csv`)
 * and `movies_metadata*.csv` (also under `partial/`). Later files fill gaps, never overwrite.
 */
export async function readTmdb(dir: string): Promise<TmdbTable> {
  const byTmdbId = new Map<number, TmdbRecord>();
  const files: string[] = [];
  let malformedRows = 0;
  const merge = (rec: TmdbRecord) => {
    const have = byTmdbId.get(rec.tmdbId);
    if (!have) {
      byTmdbId.set(rec.tmdbId, rec);
      return;
    }
    for (const [k, v] of Object.entries(rec) as [keyof TmdbRecord, never][]) {
      if (have[k] === undefined && v !== undefined) have[k] = v;
    }
  };

  const sources = tmdbSourceFiles(dir);
  const movies5000 = sources.find((f) => f.endsWith("tmdb_5000_movies.csv"));
  if (movies5000) {
    files.push(movies5000);
    const extra = ["production_companies", "original_language", "production_countries"] as const;
    const r = await readCsv(
      movies5000,
      ["id", "overview", "keywords"],
      (f, c) => {
        const tmdbId = Number(f[c.id]);
        if (!Number.isInteger(tmdbId)) return;
        const overview = cleanText(f[c.overview]);
        const keywords = parseJsonList(f[c.keywords], NamedList)?.map((k) => k.name);
        const companies = parseJsonList(f[c.production_companies], NamedList)?.map((k) => k.name);
        const countries =
          parseJsonList(f[c.production_countries], CountryList)?.map((k) => k.iso_3166_1) ?? [];
        merge({
          tmdbId,
          ...(overview ? { overview } : {}),
          ...(keywords?.length ? { keywords } : {}),
          ...(companies?.length ? { companies } : {}),
          ...origin(f[c.original_language], countries),
        });
      },
      extra,
    );
    malformedRows += r.malformed;
  }

  const credits5000 = sources.find((f) => f.endsWith("tmdb_5000_credits.csv"));
  if (credits5000) {
    files.push(credits5000);
    const r = await readCsv(credits5000, ["movie_id", "cast", "crew"], (f, c) => {
      const tmdbId = Number(f[c.movie_id]);
      if (!Number.isInteger(tmdbId)) return;
      const cast = parseJsonList(f[c.cast], NamedList)
        ?.slice(0, 8)
        .map((p) => p.name);
      const director = parseJsonList(f[c.crew], Crew)?.find((p) => p.job === "Director")?.name;
      merge({ tmdbId, ...(cast?.length ? { cast } : {}), ...(director ? { director } : {}) });
    });
    malformedRows += r.malformed;
  }

  // Metadata rows are Python literals in their list fields, not JSON: only plain columns are read.
  for (const file of sources.filter((f) => /movies_metadata[^/]*\.csv$/.test(f))) {
    files.push(file);
    const extra = [
      "belongs_to_collection",
      "production_companies",
      "original_language",
      "production_countries",
    ] as const;
    const r = await readCsv(
      file,
      ["id", "imdb_id", "overview", "poster_path"],
      (f, c) => {
        const tmdbId = Number(f[c.id]);
        if (!Number.isInteger(tmdbId) || tmdbId <= 0) return;
        const imdbId = cleanText(f[c.imdb_id]);
        const posterPath = cleanText(f[c.poster_path]);
        const overview = cleanText(f[c.overview]);
        const [collection] = pythonValues(f[c.belongs_to_collection], "name");
        const companies = pythonValues(f[c.production_companies], "name");
        merge({
          tmdbId,
          ...(imdbId && IMDB_ID.test(imdbId) ? { imdbId } : {}),
          ...(posterPath && POSTER_PATH.test(posterPath) ? { posterPath } : {}),
          ...(overview ? { overview } : {}),
          ...(collection ? { collection } : {}),
          ...(companies.length > 0 ? { companies } : {}),
          ...origin(f[c.original_language], pythonValues(f[c.production_countries], "iso_3166_1")),
        });
      },
      extra,
    );
    malformedRows += r.malformed;
  }

  const byImdbId = new Map<string, TmdbRecord>();
  for (const rec of byTmdbId.values()) if (rec.imdbId) byImdbId.set(rec.imdbId, rec);
  return { byTmdbId, byImdbId, files, malformedRows };
}
