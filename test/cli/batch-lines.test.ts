import { Readable, Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { type Answer, readObject, runBatch } from "../../bot/commands/batch-lines.ts";
import { UserFacingError } from "../../core/errors.ts";

/** Echoes each line's id and length: the loop's behaviour without the models. */
function echo(line: string): Answer {
  const read = readObject(line);
  return "answer" in read ? read.answer : { id: read.id, chars: line.length };
}

function sink(options: { highWaterMark?: number; delayMs?: number } = {}) {
  const chunks: string[] = [];
  const out = new Writable({
    highWaterMark: options.highWaterMark ?? 16384,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      if (options.delayMs) setTimeout(done, options.delayMs);
      else done();
    },
  });
  return {
    out,
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Answer),
  };
}

describe("runBatch", () => {
  test("LF and CRLF, a BOM, blank lines, a very long line and a last line without newline", async () => {
    const long = JSON.stringify({ id: "long", likes: "x".repeat(3_000_000) });
    const input = `\uFEFF{"id":"a"}\r\n\r\n   \n{"id":"b"}\n${long}\r\n{"id":"c"}`;
    const { out, lines } = sink();
    const stats = await runBatch(Readable.from([input.slice(0, 7), input.slice(7)]), out, echo);
    expect(lines().map((l) => l.id)).toEqual(["a", "b", "long", "c"]);
    expect(lines()[2]).toEqual({ id: "long", chars: long.length });
    expect(stats).toEqual({ answered: 4, errors: 0, outputClosed: false });
  });

  test("counts error answers and keeps going", async () => {
    const { out, lines } = sink();
    const stats = await runBatch(Readable.from(['{"id":1}\nnope\n{"x":1}\n{"id":2}\n']), out, echo);
    expect(lines().map((l) => l.id)).toEqual([1, null, null, 2]);
    expect(stats.errors).toBe(2);
  });

  test("answers that come later (other threads) are written in input order, with a bounded number out", async () => {
    const { out, lines } = sink();
    let inFlight = 0;
    let maxOut = 0;
    const input = Array.from({ length: 300 }, (_, i) => `{"id":${i}}`).join("\n");
    const stats = await runBatch(Readable.from([input]), out, (line) => {
      // Every third line is answered here at once; the others come back after a varying delay.
      const id = (readObject(line) as { id: number }).id;
      if (id % 3 === 0) return echo(line);
      inFlight++;
      maxOut = Math.max(maxOut, inFlight);
      return new Promise<Answer>((resolve) =>
        setTimeout(
          () => {
            inFlight--;
            resolve(echo(line));
          },
          (id * 7) % 5,
        ),
      );
    });
    expect(lines().map((l) => l.id)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(stats).toEqual({ answered: 300, errors: 0, outputClosed: false });
    expect(maxOut).toBeGreaterThan(1);
    expect(maxOut).toBeLessThanOrEqual(64);
  });

  test("a fully buffered input still lets other tasks run between lines (a helper thread's messages)", async () => {
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const seen: boolean[] = [];
    const input = Array.from({ length: 50 }, (_, i) => `{"id":${i}}`).join("\n");
    const { out } = sink();
    await runBatch(Readable.from([input]), out, (line) => {
      seen.push(turned);
      return echo(line);
    });
    expect(seen.indexOf(true)).toBeGreaterThan(0);
    expect(seen.indexOf(true)).toBeLessThan(5);
  });

  test("waits for a slow reader instead of answering ahead of it", async () => {
    const { out, lines } = sink({ highWaterMark: 1, delayMs: 1 });
    let maxAhead = 0;
    let answered = 0;
    const input = Array.from({ length: 60 }, (_, i) => `{"id":${i}}`).join("\n");
    await runBatch(Readable.from([input]), out, (line) => {
      answered++;
      maxAhead = Math.max(maxAhead, answered - lines().length);
      return echo(line);
    });
    expect(lines().map((l) => l.id)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(maxAhead).toBeLessThanOrEqual(2);
  });

  test("stops quietly when the reader goes away (EPIPE), and stops reading an endless input", async () => {
    let writes = 0;
    const out = new Writable({
      write(_chunk, _enc, done) {
        writes++;
        if (writes < 3) return done();
        const error: NodeJS.ErrnoException = new Error("write EPIPE");
        error.code = "EPIPE";
        done(error);
      },
    });
    let produced = 0;
    const endless = new Readable({
      read() {
        produced++;
        this.push(`{"id":${produced}}\n`);
      },
    });
    const stats = await runBatch(endless, out, echo);
    expect(stats.outputClosed).toBe(true);
    expect(stats.answered).toBeLessThan(10);
    expect(endless.destroyed).toBe(true);
  });

  test("an input that cannot be read is a user-facing error", async () => {
    const broken = new Readable({
      read() {
        this.push('{"id":1}\n');
        this.destroy(new Error("EIO: i/o error, read"));
      },
    });
    const { out } = sink();
    const run = runBatch(broken, out, echo);
    await expect(run).rejects.toBeInstanceOf(UserFacingError);
    await expect(run).rejects.toThrow("Could not read the input: EIO");
  });
});

describe("runBatch and carriage returns", () => {
  test("lone CRs in a batch line keep one line out per line in", async () => {
    const input = // A CR is JSON whitespace: each of these is one valid line, and readline would have cut it.
      ['{"id":"a",\r"text":"Heat"}', '{"id":"b"}\r', '{"id":\r\r"c"}'].join("\n");
    const { out, lines } = sink();
    const stats = await runBatch(
      Readable.from([input.slice(0, 5), input.slice(5, 20), input.slice(20)]),
      out,
      echo,
    );
    expect(lines().map((l) => l.id)).toEqual(["a", "b", "c"]);
    expect(stats.answered).toBe(3);
  });
});
