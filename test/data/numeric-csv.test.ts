import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { readCsv } from "../../data/csv.ts";
import { readNumericCsv } from "../../data/numeric-csv.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const dir = tempDir("matinee-numeric-csv-");
const COLS = ["userId", "movieId", "rating", "timestamp"] as const;

async function both(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  const general: number[][] = [];
  const fast: number[][] = [];
  const a = await readCsv(path, COLS, (f, c) => general.push(COLS.map((k) => Number(f[c[k]]))));
  const progress: number[] = [];
  const b = await readNumericCsv(
    path,
    COLS,
    (v, c) => fast.push(COLS.map((k) => v[c[k]]!)),
    (read) => progress.push(read),
  );
  return { a, b, general, fast, progress };
}

test("reads what the general CSV reader reads: CRLF, a BOM, quotes, blanks, bad rows, a cut row", async () => {
  const text =
    "\uFEFFuserId,movieId,rating,timestamp\n" +
    "1,31,2.5,1260759144\n" +
    "\n" +
    '1,"1029",3.0,1260759179\n' +
    "2,10,-0.5,1e9\n" +
    "3,7,4.05,\n" +
    "4,5\n" +
    "5,6,4.5,835355493";
  const { a, b, general, fast, progress } = await both("mixed.csv", text);
  expect(fast).toEqual(general);
  expect(b).toEqual(a);
  expect(b).toMatchObject({ rows: 5, malformed: 1 });
  expect(fast[3]).toEqual([3, 7, 4.05, 0]);
  expect(progress.at(-1)).toBe(Buffer.byteLength(text));
});

test("CRLF line endings leave no trace in the numbers", async () => {
  const { general, fast } = await both(
    "crlf.csv",
    "userId,movieId,rating,timestamp\r\n1,2,3.5,4\r\n5,6,0.5,8\r\n",
  );
  expect(fast).toEqual([
    [1, 2, 3.5, 4],
    [5, 6, 0.5, 8],
  ]);
  expect(fast).toEqual(general);
});

test("rows across the 1 MB read chunks all come back exactly", async () => {
  const lines = ["userId,movieId,rating,timestamp"];
  for (let k = 0; k < 120_000; k++) lines.push(`${k % 997},${k},${(k % 10) / 2 + 0.5},${1_000_000_000 + k}`);
  const { general, fast, b } = await both("big.csv", `${lines.join("\n")}\n`);
  expect(b.rows).toBe(120_000);
  expect(fast).toEqual(general);
});

test("a missing column names the file; an empty file is an error", async () => {
  writeFileSync(join(dir, "no-rating.csv"), "userId,movieId,timestamp\n1,2,3\n");
  await expect(readNumericCsv(join(dir, "no-rating.csv"), COLS, () => {})).rejects.toThrow(
    /no-rating\.csv has no "rating" column/,
  );
  writeFileSync(join(dir, "empty.csv"), "");
  await expect(readNumericCsv(join(dir, "empty.csv"), COLS, () => {})).rejects.toThrow(/empty/);
});
