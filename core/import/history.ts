/** The two export layouts Matinee reads. */
export const IMPORT_FORMATS = ["letterboxd", "imdb"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The largest file an import reads: a decade of daily diary entries is a few MB, so this is generous. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/**
 * The most films one import takes. A devoted Letterboxd diarist logs a few thousand; matching
 * costs up to a millisecond a film the catalogue lacks, so this bounds one turn to seconds.
 */
export const MAX_IMPORT_FILMS = 20_000;

/** What a history row says the person did with a film. */
export type HistoryKind = "rated" | "watched" | "watchlist";

/**
 * One film of an export, after the rows about it were merged (a Letterboxd film can appear in
 * ratings, diary and watched): what the person last said about it, and when.
 */
export interface HistoryFilm {
  title: string;
  year: number | null;
  /** IMDb's id ("tt0111161"), when the export has it. */
  imdbId?: string;
  /** IMDb's "Title Type" ("Movie", "TV Series"…), when the export has it. */
  titleType?: string;
  /** On the 0.5–5 star scale (Letterboxd's own; IMDb's 1–10 halved); absent when only watched. */
  rating?: number;
  kind: HistoryKind;
  /** When it happened (epoch ms, UTC midnight of the date written); undefined when the row had no date. */
  at?: number;
}

/** An export, read: its films in file order, and rows that could not be read. */
export interface History {
  format: ImportFormat;
  films: HistoryFilm[];
  /** Data lines (1-based, header = line 1) that were not a film row; shown as a count. */
  badLines: number[];
}

/** Why an adapter could not hand over a file's bytes (too big to fetch, gone, unreadable). */
export type ImportFailure =
  /** `platformLimit`: the platform's own download limit (Telegram's 20 MB), not Matinee's. */
  | { kind: "too-large"; size?: number; limit: number; platformLimit?: boolean }
  /** Not found, a folder, unreadable (local files); or the platform's download failed. */
  | { kind: "unavailable"; reason: "not-found" | "folder" | "unreadable" | "download" };

/** Why a file could not be imported; each has one message (core/import/messages.ts). */
export type ImportProblem =
  | ImportFailure
  | { kind: "empty" }
  | { kind: "binary" }
  | { kind: "bad-zip" }
  | { kind: "zip-without-csv" }
  | { kind: "unknown-layout" }
  | { kind: "imdb-list" }
  | { kind: "wrong-format"; said: ImportFormat; found: ImportFormat }
  | { kind: "no-rows"; format: ImportFormat }
  | { kind: "too-many"; format: ImportFormat; films: number; limit: number }
  | { kind: "nothing-matched"; format: ImportFormat; films: number };

/** A problem travels as an exception inside the parsers and comes out of `readHistory` as a value. */
export class ImportError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.kind);
    this.name = "ImportError";
  }
}

/** "2019-05-03" → epoch ms (UTC midnight); anything else undefined (the row keeps its place in the file). */
export function parseDay(text: string | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((text ?? "").trim());
  if (!m) return undefined;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(at);
  // Date.UTC rolls 2019-02-31 over to March; a date that does not round-trip was not a date.
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? at : undefined;
}
