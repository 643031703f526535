import type { ChildProcess } from "node:child_process";

export interface Ended {
  /** False when the watchdog had to kill it: the process would not leave on its own. */
  exited: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Waits for a child to exit; past `watchdogMs` kills it and reports `exited: false`. The
 * watchdog is a generous bound against a hang (the failure being tested), not a timing
 * target: tests assert that the process left, never how fast.
 */
export function exitOrKill(child: ChildProcess, watchdogMs: number): Promise<Ended> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ exited: true, code: child.exitCode, signal: child.signalCode });
      return;
    }
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, watchdogMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ exited: !killed, code, signal });
    });
  });
}

/** Resolves once `text` has appeared in what the child wrote to stdout (collected in `out`). */
export function whenPrinted(child: ChildProcess, out: { text: string }, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (out.text.includes(text)) {
        child.stdout?.off("data", check);
        child.off("exit", gone);
        resolve();
      }
    };
    const gone = () => reject(new Error(`exited before printing ${JSON.stringify(text)}:\n${out.text}`));
    child.stdout?.on("data", check);
    child.once("exit", gone);
    check();
  });
}
