import { Option } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import { runBatch } from "./batch-lines.ts";
import { BatchPool, DEFAULT_START_AFTER, defaultThreads } from "./batch-pool.ts";
import { type BatchServing, type BatchTask, helperSpec, lineAnswerer } from "./batch-task.ts";

/**
 * `--batch` on stdin and stdout: a hint when a person is typing, lines answered in this
 * thread and (for a long batch) helper threads, per-line bugs logged (the line itself says
 * "unexpected error"), a count in the log at the end.
 */
export async function runBatchOnStdio(
  log: Log,
  task: BatchTask,
  serving: BatchServing,
  threads: number,
): Promise<void> {
  if (process.stdin.isTTY)
    process.stderr.write("Reading one JSON object a line from stdin (Ctrl-D to finish)…\n");
  const pool = new BatchPool(lineAnswerer(task, serving), () => helperSpec(task, serving), {
    threads,
    startAfter: DEFAULT_START_AFTER,
    log,
    onBug: (error) => log.error({ err: error }, "batch line failed"),
  });
  try {
    const stats = await runBatch(process.stdin, process.stdout, pool.answer);
    log.info({ ...stats, ...pool.counts }, "batch done");
  } finally {
    await pool.close();
  }
}

const MAX_THREADS = 64;

/** The `--threads` option both batch commands take. */
export function threadsOption(): Option {
  return new Option(
    "--threads <n>",
    `with --batch: threads answering lines; helpers join after ${DEFAULT_START_AFTER} lines (default: one per CPU core, here ${defaultThreads()}; 1 = this thread only)`,
  );
}

export function parseThreads(value: string | undefined): number {
  if (value === undefined) return defaultThreads();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS)
    throw new UserFacingError(`--threads must be a whole number from 1 to ${MAX_THREADS} (got "${value}")`);
  return n;
}
