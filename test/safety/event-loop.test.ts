// What `npm run load` measures as "no event-loop stall over 50 ms while a 100,000-character
// message is answered", asserted here by what causes a stall, never by a time.
import { afterEach, describe, expect, test, vi } from "vitest";
import { importCommand } from "../../adapters/terminal/import-file.ts";
import { thousands } from "../../core/reply/numbers.ts";
import { memoryMatinee } from "../helpers/app.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the event loop while a 100,000-character message is answered", () => {
  test("its refusal formats the numbers without Intl (a process's first toLocaleString loads ICU, ~50 ms held)", async () => {
    const { matinee } = await memoryMatinee();
    const toLocale = vi.spyOn(Number.prototype, "toLocaleString");
    const numberFormat = vi.spyOn(Intl, "NumberFormat");
    const replies = await matinee.handle({ platform: "test", userId: "long", text: "a".repeat(100_000) });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(
      /^That message is 100,000 characters long; I read up to 2,000 at a time/,
    );
    expect(toLocale).not.toHaveBeenCalled();
    expect(numberFormat).not.toHaveBeenCalled();
  });

  test("turns that arrive together take turns with the loop: a timer set meanwhile runs before a turn's reply", async () => {
    // The in-memory store resolves at once, as SQLite's does: without a yield a turn runs to
    // its reply in one go, and twenty such turns hold the loop for their sum.
    const { matinee } = await memoryMatinee();
    const ticks: string[] = [];
    const turns = ["I loved Heat and Alien", "I loved Toy Story", "more like Casino"].map((text, i) =>
      matinee.handle({ platform: "test", userId: `p${i}`, text }).then(() => ticks.push(`reply ${i}`)),
    );
    setImmediate(() => ticks.push("timer"));
    await Promise.all(turns);
    expect(ticks[0]).toBe("timer");
    expect(ticks).toHaveLength(4);
  });

  test("a 100,000-character `import` line in the terminal is not parsed as a path (its pattern backtracked for ~40 s)", () => {
    expect(importCommand(`import x${" ".repeat(100_000)}y`)).toBeUndefined();
    expect(importCommand("import ~/Downloads/ratings.csv")).toEqual({
      path: expect.stringMatching(/ratings\.csv$/),
    });
  });

  test("thousands() groups like en-US, without ICU", () => {
    for (const n of [0, 7, 999, 1000, 2000, 100_000, 1_234_567, -1234]) {
      expect(thousands(n)).toBe(n.toLocaleString("en-US"));
    }
  });
});
