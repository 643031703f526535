import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "../helpers/paths.ts";

const WORKER = join(REPO_ROOT, "test/store/fixtures/contract-worker.ts");

export interface Worker {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Resolves when the process has exited, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts the contract worker on the store the environment names. */
export function startWorker(env: Record<string, string>, args: string[]): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const rl = createInterface({ input: child.stdout! });
  rl.on("line", (line) => {
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(line)) w.resolve(line);
      else waiters.push(w);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => {
      // The readline may still hold the last lines: let it drain before answering.
      child.on("close", (code, signal) => setImmediate(() => resolve({ code, signal, stderr })));
    },
  );
  return {
    child,
    lines,
    exited,
    waitFor(pattern) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        void exited.then((e) =>
          reject(new Error(`worker exited (${e.code ?? e.signal}) before ${pattern}: ${e.stderr}`)),
        );
      });
    },
  };
}

/** "key movieId" pairs a worker acknowledged. */
export const acksOf = (lines: string[]) =>
  lines.flatMap((l) => {
    const m = /^ack (\S+) (\d+)$/.exec(l);
    return m ? [`${m[1]} ${m[2]}`] : [];
  });
