import { z } from "zod";
import { type CsvTable, columnsOf, headerKey } from "./csv-table.ts";
import { type HistoryFilm, ImportError, parseDay } from "./history.ts";

/**
 * IMDb's ratings export (Your Ratings → ⋯ → Export): `Const,Your Rating,Date Rated,Title,
 * Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release
 * Date,Directors`. Columns have come and gone over the years (Original Title is new), so they
 * are found by name, and only Const and Your Rating are required.
 */
const COLUMNS = {
  id: "Const",
  rating: "Your Rating",
  date: "Date Rated",
  title: "Title",
  originalTitle: "Original Title",
  type: "Title Type",
  year: "Year",
} as const;

export function isImdbHeader(header: readonly string[]): boolean {
  const keys = new Set(header.map(headerKey));
  return keys.has("const") && (keys.has("your rating") || keys.has("position"));
}

/** A list or watchlist export has a Position column: films listed, not rated. */
function isImdbList(header: readonly string[]): boolean {
  return header.map(headerKey).includes("position");
}

const Row = z.object({
  id: z
    .string()
    .trim()
    .regex(/^tt\d{7,10}$/),
  rating: z.coerce.number().int().min(1).max(10),
  title: z.string().trim(),
  originalTitle: z.string().trim(),
  type: z.string().trim(),
  year: z
    .string()
    .trim()
    .transform((s) => {
      const n = Number(s);
      return s !== "" && Number.isInteger(n) && n >= 1870 && n <= 2100 ? n : null;
    }),
  date: z.string(),
});

/** Films of an IMDb ratings table, ratings halved onto the 0.5–5 star scale. */
export function readImdbTable(table: CsvTable): { films: HistoryFilm[]; badLines: number[] } {
  if (isImdbList(table.header)) throw new ImportError({ kind: "imdb-list" });
  const c = columnsOf(table.header, COLUMNS);
  const cell = (cells: string[], i: number | undefined) => (i === undefined ? "" : (cells[i] ?? ""));
  const films: HistoryFilm[] = [];
  const badLines: number[] = [];
  for (const { line, cells } of table.rows) {
    const parsed = Row.safeParse({
      id: cell(cells, c.id),
      rating: cell(cells, c.rating),
      title: cell(cells, c.title),
      originalTitle: cell(cells, c.originalTitle),
      type: cell(cells, c.type),
      year: cell(cells, c.year),
      date: cell(cells, c.date),
    });
    if (!parsed.success) {
      badLines.push(line);
      continue;
    }
    const r = parsed.data;
    const at = parseDay(r.date);
    films.push({
      title: r.title || r.originalTitle || r.id,
      year: r.year,
      imdbId: r.id,
      ...(r.type ? { titleType: r.type } : {}),
      rating: r.rating / 2,
      kind: "rated",
      ...(at !== undefined ? { at } : {}),
    });
  }
  return { films, badLines };
}

/** IMDb's title types that are never a film, so an unmatched one is skipped rather than listed as missing. */
export function isNotAFilm(titleType: string | undefined): boolean {
  return (
    titleType !== undefined &&
    /^(tv ?(series|episode|mini ?series|special)|podcast|video ?game|music ?video)/i.test(
      titleType.replace(/[-_]/g, " "),
    )
  );
}
