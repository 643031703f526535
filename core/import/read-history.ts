import { csvFilesOfZip, isZip } from "./archive.ts";
import { type CsvTable, decodeText, readCsvTable } from "./csv-table.ts";
import {
  type History,
  type HistoryFilm,
  ImportError,
  type ImportFormat,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_FILMS,
} from "./history.ts";
import { isImdbHeader, readImdbTable } from "./imdb.ts";
import {
  isLetterboxdHeader,
  LETTERBOXD_FILES,
  type LetterboxdRow,
  letterboxdFileOf,
  mergeLetterboxd,
  readLetterboxdTable,
} from "./letterboxd.ts";

/** A file someone handed over to import: its bytes as the adapter read them. */
export interface ImportFile {
  /** As sent ("letterboxd-ann-2024.zip", "ratings.csv"); it tells watched.csv from watchlist.csv. */
  fileName: string;
  bytes: Uint8Array;
  /** The layout the person named ("import imdb …"); detected from the header when absent. */
  format?: ImportFormat;
}

const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;

function layoutOf(table: CsvTable): ImportFormat | undefined {
  if (isLetterboxdHeader(table.header)) return "letterboxd";
  if (isImdbHeader(table.header)) return "imdb";
  return undefined;
}

function readTable(bytes: Uint8Array): CsvTable {
  return readCsvTable(decodeText(bytes));
}

/** Every Letterboxd film of several tables, merged (a zip's ratings, diary and watched). */
function letterboxdHistory(tables: { table: CsvTable; name: string }[]): History {
  const rows: LetterboxdRow[] = [];
  const badLines: number[] = [];
  for (const { table, name } of tables) {
    const read = readLetterboxdTable(table, letterboxdFileOf(table.header, name));
    rows.push(...read.rows);
    badLines.push(...read.badLines);
  }
  return { format: "letterboxd", films: mergeLetterboxd(rows), badLines };
}

function imdbHistory(tables: CsvTable[]): History {
  const films: HistoryFilm[] = [];
  const badLines: number[] = [];
  for (const table of tables) {
    const read = readImdbTable(table);
    films.push(...read.films);
    badLines.push(...read.badLines);
  }
  return { format: "imdb", films, badLines };
}

function fromZip(bytes: Uint8Array): History {
  const letterboxd: { table: CsvTable; name: string }[] = [];
  const imdb: CsvTable[] = [];
  for (const file of csvFilesOfZip(bytes)) {
    const name = baseName(file.name).toLowerCase();
    // Only the history files: reviews.csv repeats diary rows, profile.csv and comments.csv are no films.
    const isHistoryFile = name in LETTERBOXD_FILES;
    let table: CsvTable;
    try {
      table = readTable(file.bytes);
    } catch (error) {
      // A broken file the import would not use anyway does not sink the whole zip.
      if (!isHistoryFile && error instanceof ImportError) continue;
      throw error;
    }
    const layout = layoutOf(table);
    if (layout === "letterboxd" && isHistoryFile) letterboxd.push({ table, name });
    else if (layout === "imdb") imdb.push(table);
  }
  if (letterboxd.length > 0) return letterboxdHistory(letterboxd);
  if (imdb.length > 0) return imdbHistory(imdb);
  throw new ImportError({ kind: "zip-without-csv" });
}

/**
 * Reads an export, whatever shape it came in: a Letterboxd zip, one of its CSVs, or IMDb's
 * ratings CSV (or a zip of it). Pure: the bytes come from the adapter. Throws ImportError
 * with the reason the file cannot be used; a History with no films is refused too, so a
 * caller that gets one back always has something to match.
 */
export function readHistory(file: ImportFile): History {
  const { bytes } = file;
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new ImportError({ kind: "too-large", size: bytes.length, limit: MAX_IMPORT_BYTES });
  if (bytes.length === 0) throw new ImportError({ kind: "empty" });
  let history: History;
  if (isZip(bytes)) history = fromZip(bytes);
  else {
    const table = readTable(bytes);
    const layout = layoutOf(table);
    if (layout === "letterboxd") history = letterboxdHistory([{ table, name: baseName(file.fileName) }]);
    else if (layout === "imdb") history = imdbHistory([table]);
    else throw new ImportError({ kind: "unknown-layout" });
  }
  if (file.format && file.format !== history.format)
    throw new ImportError({ kind: "wrong-format", said: file.format, found: history.format });
  if (history.films.length === 0) throw new ImportError({ kind: "no-rows", format: history.format });
  if (history.films.length > MAX_IMPORT_FILMS)
    throw new ImportError({
      kind: "too-many",
      format: history.format,
      films: history.films.length,
      limit: MAX_IMPORT_FILMS,
    });
  return history;
}
