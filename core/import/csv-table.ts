import { parse } from "csv-parse/sync";
import { ImportError } from "./history.ts";

/** A CSV file as read: its header (trimmed, BOM gone) and data rows with their line numbers. */
export interface CsvTable {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/** How much of the start of a file decides "text or binary". */
const SNIFF_BYTES = 8192;

/**
 * The bytes of a CSV as text. Exports are UTF-8, but an old IMDb export or a file saved
 * from a spreadsheet can be Windows-1252: bytes that are not valid UTF-8 are read that way
 * rather than refused. A NUL byte, or many control characters, means it is not text at all.
 */
export function decodeText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const b of head) {
    if (b === 0) throw new ImportError({ kind: "binary" });
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) control++;
  }
  if (control > head.length / 100 + 2) throw new ImportError({ kind: "binary" });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return text.replace(/^\uFEFF/, "");
}

/** Header names compare without case, spaces or a BOM: "Your Rating" = "your rating". */
export function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase();
}

type Parsed = { record: string[]; info: { lines: number } };

/** Parses CSV text; a file that is not CSV at all is "not an export" rather than a crash. */
export function readCsvTable(text: string): CsvTable {
  if (text.trim() === "") throw new ImportError({ kind: "empty" });
  let records: Parsed[];
  try {
    // With `info`, csv-parse returns {record, info} pairs; its types only describe plain rows.
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
    }) as unknown as Parsed[];
  } catch {
    throw new ImportError({ kind: "unknown-layout" });
  }
  const [first, ...rest] = records;
  if (!first) throw new ImportError({ kind: "empty" });
  return {
    header: first.record.map((h) => h.replace(/^\uFEFF/, "").trim()),
    rows: rest.map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}

/** Column positions by header name, any case; undefined for a missing column. */
export function columnsOf<const K extends string>(
  header: readonly string[],
  names: Record<K, string>,
): Record<K, number | undefined> {
  const keys = header.map(headerKey);
  const out = {} as Record<K, number | undefined>;
  for (const [k, name] of Object.entries(names) as [K, string][]) {
    const i = keys.indexOf(headerKey(name));
    out[k] = i < 0 ? undefined : i;
  }
  return out;
}
