import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import { writeFileAtomic } from "../../data/write-atomic.ts";
import { loadConfig } from "../config.ts";
import { type CommonOptions, printJson, withData } from "./shared.ts";

export interface BackupResult {
  path: string;
  bytes: number;
  users: number;
  schemaVersion: number;
}

const stamp = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

/** Where backups go unless told: `backups/` beside the store, named by time (sorts oldest first). */
export function defaultBackupPath(storePath: string, at = new Date()): string {
  return join(dirname(resolve(storePath)), "backups", `${basename(storePath, ".json")}-${stamp(at)}.json`);
}

/**
 * Copies the store file. The bot replaces that file by rename on every write, so one read
 * sees one whole version even while the bot is running: the copy is consistent. The copy
 * itself is written to a temporary name and renamed, so a half-written backup never exists.
 */
export async function backupStore(storePath: string, out?: string, at = new Date()): Promise<BackupResult> {
  if (!existsSync(storePath)) {
    throw new UserFacingError(`No store at ${storePath} yet: nothing to back up (set MATINEE_STORE_PATH?).`);
  }
  const target = resolve(out ?? defaultBackupPath(storePath, at));
  if (target === resolve(storePath)) throw new UserFacingError("--out must not be the store file itself.");
  const text = await readFile(storePath, "utf8");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UserFacingError(
      `${storePath} is not valid JSON (${(error as Error).message}); not backing up a damaged file.`,
    );
  }
  const users = (doc as { users?: unknown })?.users;
  if (typeof users !== "object" || users === null) {
    throw new UserFacingError(`${storePath} is not a Matinee store (no "users" object).`);
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFileAtomic(target, text);
  return {
    path: target,
    bytes: Buffer.byteLength(text),
    users: Object.keys(users).length,
    schemaVersion: Number((doc as { schemaVersion?: unknown }).schemaVersion ?? 1),
  };
}

/** Keeps the old file beside the store before a migration rewrites it ("store.schema1-<time>.json"). */
export function copyBeforeMigration(storePath: string) {
  return async (original: unknown, fromVersion: number): Promise<void> => {
    const name = `${basename(storePath, ".json")}.schema${fromVersion}-${stamp(new Date())}.json`;
    await writeFileAtomic(join(dirname(resolve(storePath)), name), `${JSON.stringify(original, null, 2)}\n`);
  };
}

export function registerBackup(program: Command): void {
  withData(program.command("backup"))
    .description("copy the store (profiles, conversations) to a file, consistently, even while the bot runs")
    .option("--out <file>", "where to write the copy (default: backups/store-<time>.json beside the store)")
    .option("--json", "print one JSON document")
    .action(async (options: CommonOptions & { out?: string }) => {
      const config = loadConfig(process.env, options.data ? { dataDir: options.data } : {});
      const result = await backupStore(config.storePath, options.out);
      if (options.json) printJson(result);
      else
        process.stdout.write(
          `Backed up ${result.users} user${result.users === 1 ? "" : "s"} (${result.bytes} bytes, schema ${result.schemaVersion}) to ${result.path}\n`,
        );
    });
}
