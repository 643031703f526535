import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { z } from "zod";
import { UserFacingError } from "../../core/errors.ts";

export interface BatchStats {
  /** Lines answered (blank lines are skipped and not counted). */
  answered: number;
  /** Of those, lines answered with an error. */
  errors: number;
  /** The reader of our output went away (`| head -1`): we stopped early, which is not a failure. */
  outputClosed: boolean;
}

/** One answer per input line; `error` set means the line was rejected (it still gets its line). */
export type Answer = { id: unknown; error?: string } & Record<string, unknown>;

const BOM = "\uFEFF";
/** Answers still out in other threads before reading waits for the oldest (bounds memory). */
const MAX_PENDING = 64;

/** An answer in input order: known now, or when another thread replies. */
interface Slot {
  answer?: Answer;
  done: Promise<void>;
}

function slotOf(result: Answer | Promise<Answer>): Slot {
  if (!(result instanceof Promise)) return { answer: result, done: Promise.resolve() };
  const slot: Slot = {
    done: result.then((answer) => {
      slot.answer = answer;
    }),
  };
  return slot;
}

/**
 * The input's lines, ended by LF (a CR before it dropped). Not readline: it also ends a line
 * at a lone CR, so a line holding one would get two answers and the output would drift out
 * of step with the input (5,005 lines in, 5,020 out).
 */
function lfLines(input: Readable): AsyncIterable<string> & { close(): void } {
  let closed = false;
  const line = (text: string) => (text.endsWith("\r") ? text.slice(0, -1) : text);
  return {
    close() {
      closed = true;
    },
    async *[Symbol.asyncIterator]() {
      const decoder = new StringDecoder("utf8");
      let rest = "";
      for await (const chunk of input) {
        if (closed) return;
        const text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
        // Only the new text is searched, so a long line arriving in many chunks stays linear.
        let nl = text.indexOf("\n");
        if (nl === -1) {
          rest += text;
          continue;
        }
        yield line(rest + text.slice(0, nl));
        let start = nl + 1;
        for (nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
          if (closed) return;
          yield line(text.slice(start, nl));
          start = nl + 1;
        }
        rest = text.slice(start);
      }
      rest += decoder.end();
      if (rest !== "" && !closed) yield line(rest);
    },
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The batch loop: reads `input` line by line (LF or CRLF, a lone CR stays inside its line, a last line without a newline too,
 * blank lines skipped), answers each with `answer`, and writes one JSON line per answer in
 * input order as soon as it and every answer before it are ready. An answer may come later
 * (a promise, from another thread): up to MAX_PENDING lines are then in flight. Waits when
 * the reader is slower (no unbounded buffering); stops quietly when the reader goes away
 * (EPIPE). Only a failure to read the input at all is an error.
 */
export async function runBatch(
  input: Readable,
  output: Writable,
  answer: (line: string) => Answer | Promise<Answer>,
): Promise<BatchStats> {
  const stats: BatchStats = { answered: 0, errors: 0, outputClosed: false };
  let readError: Error | undefined;
  let writeError: Error | undefined;
  const lines = lfLines(input);
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") stats.outputClosed = true;
    else writeError = error;
    lines.close();
  };
  const onInputError = (error: Error) => {
    readError = error;
    lines.close();
  };
  output.on("error", onOutputError);
  input.on("error", onInputError);
  let first = true;
  const pending: Slot[] = [];
  const stopped = () => writeError !== undefined || stats.outputClosed;
  /** Writes the answers at the head of the line that are ready, in order. */
  const writeReady = async () => {
    while (pending[0]?.answer && !stopped()) {
      const result = pending.shift()!.answer!;
      stats.answered++;
      if (result.error !== undefined) stats.errors++;
      if (!output.write(`${JSON.stringify(result)}\n`)) await drained(output);
    }
  };
  try {
    for await (const raw of lines) {
      const line = first && raw.startsWith(BOM) ? raw.slice(1) : raw;
      first = false;
      if (line.trim() === "") continue;
      if (writeError || stats.outputClosed) break;
      if (output.destroyed) {
        stats.outputClosed = true;
        break;
      }
      pending.push(slotOf(answer(line)));
      await writeReady();
      // A turn of the event loop after every line: a fully buffered input is read in
      // microtasks alone, and would otherwise keep out other threads' messages (a helper's
      // "ready" and its answers) until the end. When too many answers are out, wait for the oldest.
      await (pending.length >= MAX_PENDING ? pending[0]!.done : yieldToEventLoop());
      await writeReady();
    }
    while (pending.length > 0 && !stopped()) {
      await pending[0]!.done;
      await writeReady();
    }
  } catch (error) {
    // The line iterator may rethrow the input's own error: report it as a read failure below.
    if (readError === undefined) throw error;
  } finally {
    lines.close();
    // From here on a late error (an EPIPE from a write still in flight) has nobody to tell.
    output.off("error", onOutputError).on("error", () => {});
    input.off("error", onInputError).on("error", () => {});
    // Stop reading a producer that would otherwise keep this process alive (`cat big | … | head`).
    if (stats.outputClosed) input.destroy();
  }
  if (readError) throw new UserFacingError(`Could not read the input: ${readError.message}`);
  if (writeError) throw new UserFacingError(`Could not write the output: ${writeError.message}`);
  return stats;
}

/** Resolves when `output` can take more, or when it has gone away. */
async function drained(output: Writable): Promise<void> {
  if (output.destroyed) return;
  const done = new AbortController();
  try {
    await Promise.race([
      once(output, "drain", { signal: done.signal }),
      once(output, "close", { signal: done.signal }),
    ]);
  } catch {
    // An error while waiting: the output's error listener has recorded it.
  } finally {
    done.abort();
  }
}

const LineId = z.union([z.string().refine((s) => s.trim() !== ""), z.number()]);

/** The zod issue a line failed on, in words an operator can act on: "likeIds[2]: must be …". */
export function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid line";
  const path = issue.path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    "",
  );
  // Messages may already start with their field's name ("likeIds is empty: …").
  return !path || issue.message.startsWith(path) ? issue.message : `${path}: ${issue.message}`;
}

/**
 * A line's JSON object and its id, or the error answer for it. Every line gets an answer line,
 * so output stays aligned with input: one whose id cannot be read answers with `id: null`.
 */
export function readObject(
  line: string,
): { id: string | number; fields: Record<string, unknown> } | { answer: Answer } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { answer: { id: null, error: `not JSON: ${(error as Error).message}` } };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { answer: { id: null, error: 'each line must be a JSON object, like {"id": "ann", …}' } };
  const fields = value as Record<string, unknown>;
  if (!("id" in fields)) return { answer: { id: null, error: "missing id" } };
  const id = LineId.safeParse(fields.id);
  if (!id.success) return { answer: { id: null, error: "id must be a non-empty string or a number" } };
  return { id: id.data, fields };
}

/** Runs one line's work; a mistake in the line becomes its error answer, and so does a bug (logged too). */
export function guarded(id: unknown, work: () => Answer, log?: (error: Error) => void): Answer {
  try {
    return work();
  } catch (error) {
    if (error instanceof UserFacingError) return { id, error: error.message };
    log?.(error as Error);
    return { id, error: `unexpected error: ${(error as Error).message}` };
  }
}
