import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { columnIndex, readCsv } from "../../data/csv.ts";
import { tempDir, writeFile } from "./fixtures.ts";

const dir = tempDir();

async function readAll(name: string, content: string | Uint8Array, wanted: readonly string[] = ["a", "b"]) {
  const path = writeFile(join(dir, name), content);
  const rows: string[][] = [];
  const result = await readCsv(path, wanted, (fields) => {
    rows.push(fields);
  });
  return { rows, result, path };
}

describe("readCsv", () => {
  test("quoted fields keep commas and doubled quotes", async () => {
    const { rows, result } = await readAll(
      "quoted.csv",
      'movieId,title,genres\n858,"Godfather, The (1972)",Crime|Drama\n' +
        '1,"The ""Great"" Dictator, yes",Comedy\n2,"two\nlines",Drama\n',
      ["movieId", "title", "genres"],
    );
    expect(rows).toEqual([
      ["858", "Godfather, The (1972)", "Crime|Drama"],
      ["1", 'The "Great" Dictator, yes', "Comedy"],
      ["2", "two\nlines", "Drama"],
    ]);
    expect(result).toEqual({ header: ["movieId", "title", "genres"], rows: 3, malformed: 0 });
  });

  test("CRLF line endings leave no \\r in the fields", async () => {
    const { rows, result } = await readAll("crlf.csv", 'a,b\r\n1,"x, y"\r\n2,z\r\n');
    expect(rows).toEqual([
      ["1", "x, y"],
      ["2", "z"],
    ]);
    expect(result.header).toEqual(["a", "b"]);
  });

  test("a UTF-8 BOM does not end up in the first column name", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a,b\n1,é\n", "utf8")]);
    const { rows, result } = await readAll("bom.csv", bytes);
    expect(result.header).toEqual(["a", "b"]);
    expect(rows).toEqual([["1", "é"]]);
  });

  test("the column map gives the position of each wanted column", async () => {
    const path = writeFile(join(dir, "cols.csv"), "x,b,y,a\n1,2,3,4\n");
    const seen: Array<[string | undefined, string | undefined]> = [];
    await readCsv(path, ["a", "b"], (f, c) => {
      expect(c).toEqual({ a: 3, b: 1 });
      seen.push([f[c.a], f[c.b]]);
    });
    expect(seen).toEqual([["4", "2"]]);
  });

  test("a file cut inside a quoted field keeps the rows before the cut", async () => {
    const { rows, result } = await readAll("cut.csv", 'a,b\n1,2\n3,"4, and then the file ends');
    expect(rows).toEqual([["1", "2"]]);
    expect(result).toEqual({ header: ["a", "b"], rows: 1, malformed: 1 });
  });

  test("a file cut mid-row outside quotes counts the short row as malformed", async () => {
    const { rows, result } = await readAll("cut-plain.csv", "a,b\n1,2\n3,4\n5");
    expect(rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
    expect(result.malformed).toBe(1);
    expect(result.rows).toBe(2);
  });

  test("rows with the wrong number of fields are skipped and counted", async () => {
    const { rows, result } = await readAll("wrong.csv", "a,b\n1,2\n1,2,3\n4\n5,6\n");
    expect(rows).toEqual([
      ["1", "2"],
      ["5", "6"],
    ]);
    expect(result).toEqual({ header: ["a", "b"], rows: 2, malformed: 2 });
  });

  test("empty lines are skipped, not counted", async () => {
    const { rows, result } = await readAll("blank.csv", "a,b\n\n1,2\n\n");
    expect(rows).toEqual([["1", "2"]]);
    expect(result.malformed).toBe(0);
  });

  test("header names are trimmed", async () => {
    const { result } = await readAll("spaces.csv", " a , b \n1,2\n");
    expect(result.header).toEqual(["a", "b"]);
  });

  test("a missing column is an error naming the file and the column", async () => {
    const path = writeFile(join(dir, "missing.csv"), "userId,movieId,timestamp\n1,2,3\n");
    const onRow = (): void => {
      throw new Error("no rows should be read");
    };
    await expect(readCsv(path, ["userId", "rating"], onRow)).rejects.toThrow(
      `${path} has no "rating" column (columns: userId, movieId, timestamp)`,
    );
  });

  test("an empty file is an error naming the file", async () => {
    const path = writeFile(join(dir, "empty.csv"), "");
    await expect(readCsv(path, ["a"], () => {})).rejects.toThrow(`${path} is empty`);
  });
});

describe("columnIndex", () => {
  test("maps names to positions and fails on unknown names", () => {
    expect(columnIndex(["id", "title"], ["title", "id"], "f.csv")).toEqual({ title: 1, id: 0 });
    expect(() => columnIndex(["id"], ["title"], "f.csv")).toThrow(
      'f.csv has no "title" column (columns: id)',
    );
  });
});
