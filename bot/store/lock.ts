import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { UserFacingError } from "../../core/errors.ts";

export interface FileLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes `<file>.lock` for this process, or refuses with a message naming the holder. A lowdb
 * store keeps the whole document in memory and writes it back whole, so a second process on
 * the same file would silently overwrite the first one's updates (issue 31: 97–100 of 100
 * likes lost). A lock left by a process that died (kill -9) is taken over.
 */
export function lockFile(file: string): FileLock {
  const path = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (holder && holder.host === hostname() && !alive(holder.pid)) {
        unlinkSync(path);
        continue;
      }
      throw new UserFacingError(
        `${file} is in use by another Matinee process (${holder ? `pid ${holder.pid} on ${holder.host}` : "see"} ${path}). ` +
          "A .json store serves one process: stop the other one (if none runs, delete the lock file), or use a SQLite store " +
          "(MATINEE_STORE_PATH=…/store.db), which several processes share.",
      );
    }
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
    closeSync(fd);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.off("exit", release);
      try {
        unlinkSync(path);
      } catch {
        // Already gone (removed by hand): nothing to release.
      }
    };
    process.on("exit", release);
    return { path, release };
  }
  throw new UserFacingError(`Cannot lock ${file}: ${path} keeps reappearing.`);
}

function readHolder(path: string): { pid: number; host: string } | undefined {
  try {
    const raw: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (typeof raw === "object" && raw !== null && "pid" in raw && "host" in raw) {
      const { pid, host } = raw as { pid: unknown; host: unknown };
      if (typeof pid === "number" && typeof host === "string") return { pid, host };
    }
  } catch {
    // Half-written by a process that died between open and write: treated as unknown.
  }
  return undefined;
}
