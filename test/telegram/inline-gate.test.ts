import { describe, expect, test } from "vitest";
import { InlineGate } from "../../adapters/telegram/inline-gate.ts";

/** A job that records when it ran and waits for `release` before it finishes. */
function job(log: string[], name: string) {
  let release: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    release: () => release(),
  };
}

describe("InlineGate: a person's keystrokes one at a time, the latest always answered", () => {
  test("while one runs, newer queries replace the one waiting; the latest runs after", async () => {
    const gate = new InlineGate(0);
    const log: string[] = [];
    const [a, b, c] = [job(log, "a"), job(log, "b"), job(log, "c")];
    const ran = [gate.submit("ann", a.run), gate.submit("ann", b.run), gate.submit("ann", c.run)];
    expect(await ran[1]).toBe(false);
    expect(log).toEqual(["start a"]);
    a.release();
    c.release();
    expect(await Promise.all(ran)).toEqual([true, false, true]);
    expect(log).toEqual(["start a", "end a", "start c", "end c"]);
  });

  test("another person's query runs at once, whatever the first is doing", async () => {
    const gate = new InlineGate(60_000);
    const log: string[] = [];
    const [a, a2, b] = [job(log, "ann 1"), job(log, "ann 2"), job(log, "bo")];
    const annFirst = gate.submit("ann", a.run);
    const annLater = gate.submit("ann", a2.run);
    b.release();
    expect(await gate.submit("bo", b.run)).toBe(true);
    expect(log).toEqual(["start ann 1", "start bo", "end bo"]);
    a.release();
    expect(await annFirst).toBe(true);
    // Ann's second keystroke waits out her interval; a third one replaces it.
    const annThird = gate.submit("ann", async () => {});
    expect(await annLater).toBe(false);
    expect(gate.size).toBe(2);
    void annThird;
  });

  test("a job that throws frees the lane for the next", async () => {
    const gate = new InlineGate(0);
    expect(
      await gate.submit("ann", async () => {
        throw new Error("boom");
      }),
    ).toBe(true);
    let ran = false;
    expect(
      await gate.submit("ann", async () => {
        ran = true;
      }),
    ).toBe(true);
    expect(ran).toBe(true);
  });
});
