import { z } from "zod";
import { type CsvTable, columnsOf, headerKey } from "./csv-table.ts";
import { type HistoryFilm, type HistoryKind, parseDay } from "./history.ts";

/**
 * Letterboxd's export (Settings → Import & Export → Export your data): a zip of CSVs that
 * all start `Date,Name,Year,Letterboxd URI`. ratings.csv adds `Rating` (the film's current
 * rating); diary.csv adds `Rating,Rewatch,Tags,Watched Date` (one row per viewing);
 * watched.csv and watchlist.csv add nothing, so only the file name tells them apart.
 */
export type LetterboxdFile = "ratings" | "diary" | "watched" | "watchlist";

const COLUMNS = {
  date: "Date",
  name: "Name",
  year: "Year",
  uri: "Letterboxd URI",
  rating: "Rating",
  watchedDate: "Watched Date",
} as const;

/** The file names a Letterboxd zip holds its history in, and what each one is. */
export const LETTERBOXD_FILES: Record<string, LetterboxdFile> = {
  "ratings.csv": "ratings",
  "diary.csv": "diary",
  "watched.csv": "watched",
  "watchlist.csv": "watchlist",
};

export function isLetterboxdHeader(header: readonly string[]): boolean {
  const keys = new Set(header.map(headerKey));
  return ["name", "year", "letterboxd uri"].every((k) => keys.has(k));
}

/**
 * Which Letterboxd file a table is: by its columns, and by its name for the two that share
 * theirs (a lone `watchlist.csv` must not be read as films seen).
 */
export function letterboxdFileOf(header: readonly string[], fileName: string): LetterboxdFile {
  const keys = new Set(header.map(headerKey));
  if (keys.has("watched date")) return "diary";
  if (keys.has("rating")) return "ratings";
  return /watchlist/i.test(fileName) ? "watchlist" : "watched";
}

const Year = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === "") return null;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1870 || n > 2100) {
      ctx.addIssue({ code: "custom", message: "not a year" });
      return z.NEVER;
    }
    return n;
  });

/** Letterboxd's half stars: 0.5 to 5; an empty cell is a film logged without a rating. */
const Stars = z
  .string()
  .trim()
  .transform((s, ctx) => {
    if (s === "") return undefined;
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0.5 || n > 5 || Math.round(n * 2) !== n * 2) {
      ctx.addIssue({ code: "custom", message: "not a Letterboxd rating" });
      return z.NEVER;
    }
    return n;
  });

const Row = z.object({
  name: z.string().trim().min(1),
  year: Year,
  rating: Stars,
  date: z.string(),
  watchedDate: z.string(),
});

/** One row of one Letterboxd file, before the files are merged. */
export interface LetterboxdRow {
  file: LetterboxdFile;
  title: string;
  year: number | null;
  rating?: number;
  at?: number;
  /** Position in its file, so rows of one day keep the file's order. */
  order: number;
}

/** The rows of one Letterboxd table; rows that do not parse are returned by line number. */
export function readLetterboxdTable(
  table: CsvTable,
  file: LetterboxdFile,
): { rows: LetterboxdRow[]; badLines: number[] } {
  const c = columnsOf(table.header, COLUMNS);
  const cell = (cells: string[], i: number | undefined) => (i === undefined ? "" : (cells[i] ?? ""));
  const rows: LetterboxdRow[] = [];
  const badLines: number[] = [];
  table.rows.forEach(({ line, cells }, order) => {
    const parsed = Row.safeParse({
      name: cell(cells, c.name),
      year: cell(cells, c.year),
      // watched.csv and watchlist.csv have no ratings, whatever a stray cell says.
      rating: file === "ratings" || file === "diary" ? cell(cells, c.rating) : "",
      date: cell(cells, c.date),
      watchedDate: cell(cells, c.watchedDate),
    });
    if (!parsed.success) {
      badLines.push(line);
      return;
    }
    const r = parsed.data;
    // A diary entry happened on its watched date (the logged date can be days later).
    const at = parseDay(r.watchedDate) ?? parseDay(r.date);
    rows.push({
      file,
      title: r.name,
      year: r.year,
      ...(r.rating !== undefined ? { rating: r.rating } : {}),
      ...(at !== undefined ? { at } : {}),
      order,
    });
  });
  return { rows, badLines };
}

/** Which file's rating wins a tie on the same day: ratings.csv holds the film's current rating. */
const RATING_RANK: Record<LetterboxdFile, number> = { ratings: 2, diary: 1, watched: 0, watchlist: 0 };

/**
 * Merges the rows of every file into one film each, keyed by title and year (the URIs differ
 * between files: a diary row links to the entry, not the film). A film rated anywhere is
 * rated, with its latest rating; watched anywhere (or rated) it is seen; otherwise it is only
 * on the watchlist. The film's date is its latest: where it sits in the person's sequence.
 */
export function mergeLetterboxd(rows: readonly LetterboxdRow[]): HistoryFilm[] {
  interface Merged {
    title: string;
    year: number | null;
    rating?: number;
    ratedAt: number;
    ratedRank: number;
    watched: boolean;
    /** Latest date among the rows that say it was watched or rated, and among watchlist rows. */
    watchedAt?: number;
    listedAt?: number;
    first: number;
  }
  const films = new Map<string, Merged>();
  rows.forEach((row, index) => {
    const key = `${row.title.toLowerCase()}\u0000${row.year ?? ""}`;
    let film = films.get(key);
    if (!film) {
      film = {
        title: row.title,
        year: row.year,
        ratedAt: Number.NEGATIVE_INFINITY,
        ratedRank: -1,
        watched: false,
        first: index,
      };
      films.set(key, film);
    }
    const latest = (known: number | undefined) =>
      row.at === undefined ? known : Math.max(known ?? row.at, row.at);
    if (row.file === "watchlist") film.listedAt = latest(film.listedAt);
    else {
      film.watched = true;
      film.watchedAt = latest(film.watchedAt);
    }
    if (row.rating !== undefined) {
      const at = row.at ?? Number.NEGATIVE_INFINITY;
      const rank = RATING_RANK[row.file];
      if (at > film.ratedAt || (at === film.ratedAt && rank >= film.ratedRank)) {
        film.rating = row.rating;
        film.ratedAt = at;
        film.ratedRank = rank;
      }
    }
  });
  return [...films.values()]
    .sort((a, b) => a.first - b.first)
    .map((f) => {
      const kind: HistoryKind = f.rating !== undefined ? "rated" : f.watched ? "watched" : "watchlist";
      const at = f.watched ? f.watchedAt : f.listedAt;
      return {
        title: f.title,
        year: f.year,
        kind,
        ...(f.rating !== undefined ? { rating: f.rating } : {}),
        ...(at !== undefined ? { at } : {}),
      };
    });
}
