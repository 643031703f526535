import type { Log } from "../../core/log.ts";
import { type Answer, runBatch } from "./batch-lines.ts";

/**
 * `--batch` on stdin and stdout: a hint when a person is typing, per-line bugs logged (the
 * line itself says "unexpected error"), a count in the log at the end.
 */
export async function runBatchOnStdio(
  log: Log,
  answer: (line: string, onBug: (error: Error) => void) => Answer,
): Promise<void> {
  if (process.stdin.isTTY)
    process.stderr.write("Reading one JSON object a line from stdin (Ctrl-D to finish)…\n");
  const onBug = (error: Error) => log.error({ err: error }, "batch line failed");
  const stats = await runBatch(process.stdin, process.stdout, (line) => answer(line, onBug));
  log.info(stats, "batch done");
}
