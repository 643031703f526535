import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { applyCorrections, correctionsFor } from "../../bot/commands/gold-corrections.ts";

const line = (id: string, text: string, movieIds: number[]) => ({ id, text, movieIds });

describe("hand corrections of gold ids", () => {
  test("removes and adds ids on the corrected line only", () => {
    const lines = [line("a", "Hi there!", [1292]), line("b", "Elf, Home Alone", [586])];
    const fixed = applyCorrections(lines, [
      { id: "a", text: "Hi there!", remove: [1292], add: [], why: "a greeting" },
      { id: "b", text: "Elf, Home Alone", remove: [], add: [6936, 586], why: "Elf is named" },
    ]);
    expect(fixed.map((l) => l.movieIds)).toEqual([[], [586, 6936]]);
    expect(lines[0]!.movieIds).toEqual([1292]);
  });

  test("a line whose text changed, or that is gone, is refused rather than corrected wrongly", () => {
    const lines = [line("a", "Hi there!!", [1292])];
    const fix = { id: "a", text: "Hi there!", remove: [1292], add: [], why: "a greeting" };
    expect(() => applyCorrections(lines, [fix])).toThrow(/changed since/);
    expect(() => applyCorrections([], [fix])).toThrow(/not in the file: a/);
  });

  test("the repository's INSPIRED corrections parse and every one matches the shared dev file", () => {
    const found = correctionsFor("inspired_dev_mentions.jsonl");
    expect(found?.corrections.length).toBeGreaterThan(0);
    expect(correctionsFor("redial_dev_mentions.jsonl")).toBeUndefined();
    const shared = new URL("../../../shared/conversations/inspired_dev_mentions.jsonl", import.meta.url);
    if (!existsSync(shared)) return;
    const gold = readFileSync(shared, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; text: string; movieIds: number[] });
    expect(() => applyCorrections(gold, found!.corrections)).not.toThrow();
  });
});
