import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.ts";
import { childEnv } from "../jobs/retrain-job.ts";

const BIN = fileURLToPath(new URL("../bin.js", import.meta.url));

export interface FirstStartBench {
  dataset: string;
  message: string;
  /** From starting `matinee chat` with an empty cache to its greeting (gold built from the CSV). */
  promptSeconds: number;
  /** From the start to the first reply to that message: what a newcomer waits. */
  firstReplySeconds: number;
  /** Which ranker answered: the quick stand-in while the blend trains in the background. */
  note: string;
}

/**
 * A first start as a person meets it: `matinee chat` in a child process with an empty cache
 * (no gold, no registered model), one message piped in as soon as it starts. Input then ends,
 * so the chat closes and stops the blend's training (nothing is left running).
 */
export async function benchFirstStart(
  config: Config,
  message = "I loved The Godfather and Heat",
): Promise<FirstStartBench> {
  const cacheDir = mkdtempSync(join(tmpdir(), "matinee-bench-first-start-"));
  const storeDir = mkdtempSync(join(tmpdir(), "matinee-bench-first-store-"));
  try {
    const env = {
      ...childEnv({ ...config, cacheDir, storePath: join(storeDir, "store.json") }),
      MATINEE_LOG_LEVEL: "warn",
    };
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, "chat"], { env, stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.write(`${message}\n`);
    let out = "";
    let promptAt: number | undefined;
    let replyAt: number | undefined;
    const echo = `you › ${message}`;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const now = performance.now();
      if (promptAt === undefined && out.includes("Matinee:")) promptAt = now;
      const at = out.indexOf(echo);
      if (replyAt === undefined && at >= 0 && out.slice(at + echo.length).trim().length > 0) {
        replyAt = now;
        // Done: the end of input closes the chat, which stops the background training.
        child.stdin.end();
      }
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    if (replyAt === undefined || promptAt === undefined)
      throw new Error(`first-start bench: no reply (exit ${code}): ${stderr.slice(-500)}`);
    const seconds = (t: number) => Math.round((t - started) / 100) / 10;
    return {
      dataset: config.dataset,
      message,
      promptSeconds: seconds(promptAt),
      firstReplySeconds: seconds(replyAt),
      note: "item-knn answers while the blend trains in the background (before: the blend trained first, ~70 s)",
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(storeDir, { recursive: true, force: true });
  }
}
