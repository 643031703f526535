import { describe, expect, test } from "vitest";
import { TitleEngine } from "../../core/titles/find-titles.ts";
import { messageWindows, WINDOW_CHARS } from "../../core/titles/windows.ts";
import { smallCatalogue } from "../core/fixtures.ts";

describe("long messages are read in windows", () => {
  test("windows cover the text in order, each within the cap, cut at sentence ends", () => {
    const text = "I loved Heat. ".repeat(500);
    const windows = messageWindows(text);
    expect(windows[0]![0]).toBe(0);
    expect(windows[windows.length - 1]![1]).toBe(text.length);
    for (let i = 1; i < windows.length; i++) expect(windows[i]![0]).toBe(windows[i - 1]![1]);
    for (const [a, b] of windows) {
      expect(b - a).toBeLessThanOrEqual(WINDOW_CHARS);
      expect(text.slice(a, b)).toMatch(/\.\s*$/);
    }
  });

  test("a run with no space or stop is cut where the window ends", () => {
    const windows = messageWindows("x".repeat(3000));
    expect(windows.map(([a, b]) => b - a)).toEqual([WINDOW_CHARS, WINDOW_CHARS, 600]);
    expect(messageWindows("short")).toEqual([[0, 5]]);
  });

  test("the work grows linearly with the message: candidate spans per length", () => {
    const engine = new TitleEngine(smallCatalogue());
    const line = "loved the godfather and heat but titanic was a mess, alien & se7en too. ";
    const spans = (copies: number) => {
      const work = { spans: 0 };
      engine.find(line.repeat(copies), { work });
      return work.spans;
    };
    const small = spans(100);
    expect(small).toBeGreaterThan(0);
    // 8× the text, 8× the spans (within a window's worth), not 64×.
    expect(spans(800)).toBeLessThanOrEqual(8 * small + 200);
    expect(spans(800)).toBeGreaterThanOrEqual(7 * small);
  });

  test("titles in a long message keep their places in it", () => {
    const engine = new TitleEngine(smallCatalogue());
    const text = `${"nothing to see here. ".repeat(200)}I loved Heat.`;
    const [heat] = engine.find(text);
    expect(heat).toMatchObject({ movieId: 2, text: "Heat" });
    expect(text.slice(heat!.start, heat!.end)).toBe("Heat");
  });
});
