import { strToU8, zipSync } from "fflate";

/**
 * Exports in Letterboxd's and IMDb's layouts, generated for tests: made-up viewers, real
 * catalogue titles (or invented ones, to stay unmatched). Never a real person's export.
 */

/** One CSV field, quoted when it must be (commas, quotes, line breaks), as both sites write them. */
function field(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  return `${[header, ...rows].map((r) => r.map(field).join(",")).join("\n")}\n`;
}

export interface LetterboxdFilm {
  name: string;
  year: number | null;
  /** "2021-03-04". */
  date: string;
  /** Half stars, 0.5–5; absent for a film logged without a rating. */
  rating?: number;
  /** Diary only: when it was watched (defaults to `date`). */
  watchedDate?: string;
  rewatch?: boolean;
}

let uri = 0;
const boxd = () => `https://boxd.it/${(++uri).toString(36).padStart(4, "0")}`;

export const letterboxd = {
  ratings: (films: readonly LetterboxdFilm[]) =>
    csv(
      ["Date", "Name", "Year", "Letterboxd URI", "Rating"],
      films.map((f) => [f.date, f.name, f.year, boxd(), f.rating]),
    ),
  watched: (films: readonly LetterboxdFilm[]) =>
    csv(
      ["Date", "Name", "Year", "Letterboxd URI"],
      films.map((f) => [f.date, f.name, f.year, boxd()]),
    ),
  watchlist: (films: readonly LetterboxdFilm[]) =>
    csv(
      ["Date", "Name", "Year", "Letterboxd URI"],
      films.map((f) => [f.date, f.name, f.year, boxd()]),
    ),
  diary: (films: readonly LetterboxdFilm[]) =>
    csv(
      ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"],
      films.map((f) => [
        f.date,
        f.name,
        f.year,
        boxd(),
        f.rating,
        f.rewatch ? "Yes" : "",
        "",
        f.watchedDate ?? f.date,
      ]),
    ),
};

export interface ImdbFilm {
  /** "tt0111161"; a made-up id to force matching by title. */
  id: string;
  title: string;
  year: number | null;
  /** 1–10. */
  rating: number;
  date: string;
  type?: string;
}

export const IMDB_HEADER = [
  "Const",
  "Your Rating",
  "Date Rated",
  "Title",
  "Original Title",
  "URL",
  "Title Type",
  "IMDb Rating",
  "Runtime (mins)",
  "Year",
  "Genres",
  "Num Votes",
  "Release Date",
  "Directors",
];

/** IMDb's ratings export; `header` reorders or drops columns, as older exports did. */
export function imdbRatings(films: readonly ImdbFilm[], header: readonly string[] = IMDB_HEADER): string {
  const value = (f: ImdbFilm, column: string) => {
    switch (column) {
      case "Const":
        return f.id;
      case "Your Rating":
        return f.rating;
      case "Date Rated":
        return f.date;
      case "Title":
      case "Original Title":
        return f.title;
      case "URL":
        return `https://www.imdb.com/title/${f.id}/`;
      case "Title Type":
        return f.type ?? "Movie";
      case "IMDb Rating":
        return "7.5";
      case "Runtime (mins)":
        return 120;
      case "Year":
        return f.year;
      case "Genres":
        return "Drama, Crime";
      case "Num Votes":
        return 100000;
      case "Release Date":
        return f.year === null ? "" : `${f.year}-06-01`;
      case "Directors":
        return "A. Director";
      default:
        return "";
    }
  };
  return csv(
    header,
    films.map((f) => header.map((c) => value(f, c))),
  );
}

/** A zip of named files (strings as UTF-8), as the export sites deliver them. */
export function zipOf(files: Record<string, string | Uint8Array>): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, body]) => [name, typeof body === "string" ? strToU8(body) : body]),
    ),
  );
}

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
