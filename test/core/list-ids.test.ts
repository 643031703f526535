import { describe, expect, test } from "vitest";
import { LIST_ID } from "../../core/reply/actions.ts";
import { headed, nextListId } from "../../core/turns/lists.ts";

describe("list ids", () => {
  test("the clock in base 36, always past the previous id, short enough for any button", () => {
    const now = Date.UTC(2026, 11, 3);
    const first = nextListId(now, undefined);
    expect(first).toBe(now.toString(36));
    expect(first).toMatch(LIST_ID);
    expect(first.length).toBeLessThanOrEqual(9);
    // The same millisecond, or a clock that stands still or goes back: still a new id.
    const second = nextListId(now, first);
    const third = nextListId(now - 5_000, second);
    expect(new Set([first, second, third]).size).toBe(3);
    expect(Number.parseInt(third, 36)).toBeGreaterThan(Number.parseInt(second, 36));
    // A later clock wins over the previous id.
    expect(nextListId(now + 10_000, third)).toBe((now + 10_000).toString(36));
  });

  test("what a turn says first heads its list's text; without a list it is its own reply", () => {
    const list = [{ text: "Here are some films you might like:", cards: [], listId: "a" }];
    expect(headed(["Got it: 👍 Heat (1995)"], list)).toEqual([
      { text: "Got it: 👍 Heat (1995)\nHere are some films you might like:", cards: [], listId: "a" },
    ]);
    expect(headed([], list)).toEqual(list);
    expect(headed(["Got it", ""], [])).toEqual([{ text: "Got it" }]);
    expect(headed([""], [])).toEqual([]);
  });
});
