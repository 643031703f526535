import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { evaluateZeroShot, readZeroShotCases, type ZeroShotCase } from "../../models/evaluate/zero-shot.ts";
import { tempDir } from "../helpers/app.ts";

describe("evaluateZeroShot", () => {
  const cases: ZeroShotCase[] = [
    { id: "a", likeIds: [1], targetIds: [1003, 1030] },
    { id: "b", likeIds: [2, 3], targetIds: [2000, 2001, 2045, 9999] },
    { id: "c", likeIds: [4], targetIds: [7] },
  ];
  /** Ranks 1000·like + position, 50 deep: case a's 1003 is 4th, 1030 is 31st. */
  const lists: Record<string, number[]> = {
    "1": Array.from({ length: 50 }, (_, p) => 1000 + p),
    "2,3": Array.from({ length: 50 }, (_, p) => 2000 + p),
    "4": Array.from({ length: 50 }, (_, p) => 4000 + p),
  };

  test("recall@10 and recall@50 hand-computed", () => {
    const calls: [number[], number][] = [];
    const m = evaluateZeroShot(cases, (likeIds, k) => {
      calls.push([[...likeIds], k]);
      return lists[likeIds.join(",")] ?? [];
    });
    // a: 1/2 in top 10, 2/2 in top 50; b: 2/4 (2000, 2001) in top 10, 3/4 in top 50; c: 0, 0.
    expect(m.cases).toBe(3);
    expect(m["recall@10"]).toBeCloseTo((0.5 + 0.5 + 0) / 3, 12);
    expect(m["recall@50"]).toBeCloseTo((1 + 0.75 + 0) / 3, 12);
    expect(calls).toEqual([
      [[1], 50],
      [[2, 3], 50],
      [[4], 50],
    ]);
  });

  test("no cases gives zeros", () => {
    expect(evaluateZeroShot([], () => [1])).toEqual({ "recall@10": 0, "recall@50": 0, cases: 0 });
  });
});

describe("readZeroShotCases", () => {
  test("reads JSON lines, skipping blank ones", async () => {
    const file = join(tempDir(), "cases.jsonl");
    writeFileSync(
      file,
      '{"id":"x","likeIds":[1,2],"targetIds":[3]}\n\n{"id":"y","likeIds":[],"targetIds":[]}\n',
    );
    expect(await readZeroShotCases(file)).toEqual([
      { id: "x", likeIds: [1, 2], targetIds: [3] },
      { id: "y", likeIds: [], targetIds: [] },
    ]);
  });

  test("names the file and line of a bad case", async () => {
    const file = join(tempDir(), "bad.jsonl");
    writeFileSync(
      file,
      '{"id":"x","likeIds":[1],"targetIds":[3]}\n{"id":"y","likeIds":"nope","targetIds":[]}\n',
    );
    await expect(readZeroShotCases(file)).rejects.toThrow(`${file}:2:`);
  });
});
