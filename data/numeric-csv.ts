import { createReadStream, statSync } from "node:fs";
import { type CsvReadResult, columnIndex } from "./csv.ts";

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const QUOTE = 0x22;
const DOT = 0x2e;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Streams a CSV of numbers (ratings.csv: userId,movieId,rating,timestamp) straight from the
 * bytes: no string per field or row, so ML-32M's 32 million rows parse in seconds where a
 * general CSV parser takes minutes. `onRow` gets the row's values in a reused array (copy
 * what you keep). Same rules as `readCsv`: a header row, CRLF and a BOM allowed, empty lines
 * skipped, rows with the wrong number of fields counted as malformed (a file cut mid-row).
 * A field that is not a plain decimal (quoted, an exponent) is read with Number(), as
 * `readCsv`'s callers do; an empty field is 0, as Number("") is.
 */
export async function readNumericCsv<const K extends string>(
  path: string,
  wanted: readonly K[],
  onRow: (values: Float64Array, col: Record<K, number>) => void,
  /** Told the bytes read so far and the file's size, per chunk (a progress bar). */
  onBytes?: (read: number, total: number) => void,
): Promise<CsvReadResult> {
  const total = statSync(path).size;
  let header: string[] | undefined;
  let col: Record<K, number> | undefined;
  let values = new Float64Array(0);
  const headerBytes: number[] = [];
  let rows = 0;
  let malformed = 0;
  let read = 0;
  // The field being parsed: digits so far, the fraction, whether it needs Number().
  let field = 0;
  let whole = 0;
  let frac = 0;
  let scale = 1;
  let fracDigits = 0;
  let inFrac = false;
  let negative = false;
  let empty = true;
  let slow: number[] | undefined;
  let lineEmpty = true;

  function readHeader() {
    const text = Buffer.from(headerBytes)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    header = text.split(",").map((h) => h.replaceAll('"', "").trim());
    col = columnIndex(header, wanted, path);
    values = new Float64Array(header.length);
  }
  const endField = () => {
    let v: number;
    if (slow)
      v = Number(
        String.fromCharCode(...slow)
          .replaceAll('"', "")
          .trim(),
      );
    else if (empty) v = 0;
    else v = (negative ? -1 : 1) * (whole + frac / scale);
    if (field < values.length) values[field] = v;
    field++;
    whole = 0;
    frac = 0;
    scale = 1;
    fracDigits = 0;
    inFrac = false;
    negative = false;
    empty = true;
    slow = undefined;
  };
  const endLine = () => {
    if (lineEmpty) return;
    endField();
    if (field === values.length) {
      rows++;
      onRow(values, col!);
    } else malformed++;
    field = 0;
    lineEmpty = true;
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    read += chunk.length;
    let k = 0;
    if (!header) {
      for (; k < chunk.length && chunk[k] !== NEWLINE; k++) headerBytes.push(chunk[k]!);
      if (k === chunk.length) continue;
      k++;
      readHeader();
    }
    for (; k < chunk.length; k++) {
      const b = chunk[k]!;
      if (b === NEWLINE) endLine();
      else if (b === RETURN) continue;
      else if (b === COMMA) {
        lineEmpty = false;
        endField();
      } else {
        lineEmpty = false;
        if (slow) slow.push(b);
        else if (b >= ZERO && b <= NINE) {
          empty = false;
          if (inFrac) {
            frac = frac * 10 + (b - ZERO);
            scale *= 10;
            fracDigits++;
          } else whole = whole * 10 + (b - ZERO);
        } else if (b === DOT && !inFrac) inFrac = true;
        else if (b === MINUS && empty && !inFrac && !negative) negative = true;
        else {
          // Anything else (a quote, an exponent, a space): this field is read the slow way.
          const sofar = `${negative ? "-" : ""}${empty ? "" : whole}${inFrac ? "." : ""}${fracDigits > 0 ? String(frac).padStart(fracDigits, "0") : ""}`;
          slow = [...Buffer.from(sofar), b];
          if (b === QUOTE) empty = false;
        }
      }
    }
    onBytes?.(read, total);
  }
  if (!header && headerBytes.some((b) => b !== RETURN && b !== 0x20)) readHeader();
  if (!header) throw new Error(`${path} is empty: expected a CSV header row`);
  endLine();
  return { header, rows, malformed };
}
