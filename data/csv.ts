import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

export interface CsvReadResult {
  header: string[];
  rows: number;
  /** Rows skipped because their field count did not match the header (e.g. a file cut mid-row). */
  malformed: number;
}

/**
 * Streams a CSV file with a header row, calling `onRow` with the fields of each data row.
 * Quoted fields with commas and newlines, CRLF line endings and a BOM are handled by
 * csv-parse. A file that ends inside a quoted field (a cut download or a truncated copy)
 * keeps every complete row before the cut and counts the cut row as malformed.
 */
export async function readCsv<const K extends string, const O extends string = never>(
  path: string,
  wanted: readonly K[],
  onRow: (fields: string[], col: Record<K | O, number>) => void,
  /** Columns some versions of the file lack: index -1 when absent, so `fields[-1]` is undefined. */
  optional: readonly O[] = [],
): Promise<CsvReadResult> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true }),
  );
  let header: string[] | undefined;
  let col: Record<K | O, number> | undefined;
  let rows = 0;
  let malformed = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record.map((h) => h.trim());
        const known = header;
        col = {
          ...columnIndex(header, wanted, path),
          ...Object.fromEntries(optional.map((name) => [name, known.indexOf(name)])),
        } as Record<K | O, number>;
        continue;
      }
      if (record.length !== header.length) {
        malformed++;
        continue;
      }
      rows++;
      onRow(record, col as Record<K | O, number>);
    }
  } catch (error) {
    if ((error as { code?: string }).code !== "CSV_QUOTE_NOT_CLOSED") throw error;
    malformed++;
  }
  if (!header) throw new Error(`${path} is empty: expected a CSV header row`);
  return { header, rows, malformed };
}

/** Index of each wanted column in a header, failing with a message that names the file. */
export function columnIndex<const K extends string>(
  header: string[],
  wanted: readonly K[],
  file: string,
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const name of wanted) {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file} has no "${name}" column (columns: ${header.join(", ")})`);
    out[name] = i;
  }
  return out;
}
