import { chmodSync, existsSync, statSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import { SQL_SCHEMA_VERSION } from "../../core/store/sql-schema.ts";
import { SqliteStore } from "../../core/store/sqlite-store.ts";
import { writeFileAtomic } from "../../data/write-atomic.ts";
import { type Config, loadConfig } from "../config.ts";
import { PRIVATE_FILE, parseStoreText } from "../store/json-file.ts";
import { openStore, storeKind, storeLabel } from "../store/open-store.ts";
import { type CommonOptions, printJson, withData } from "./shared.ts";

export interface BackupResult {
  path: string;
  /** "json": the lowdb document (readable, importable anywhere); "sqlite": a SQLite database file. */
  format: "json" | "sqlite";
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
export function defaultBackupPath(storePath: string, at = new Date(), ext = ".json"): string {
  return join(
    dirname(resolve(storePath)),
    "backups",
    `${basename(storePath, extname(storePath))}-${stamp(at)}${ext}`,
  );
}

/**
 * Copies a lowdb store file. The bot replaces that file by rename on every write, so one read
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
    doc = parseStoreText(text);
  } catch (error) {
    throw new UserFacingError(
      `${storePath} is not valid JSON (${(error as Error).message}); not backing up a damaged file.`,
    );
  }
  const users = (doc as { users?: unknown } | null)?.users;
  if (typeof users !== "object" || users === null) {
    throw new UserFacingError(`${storePath} is not a Matinee store (no "users" object).`);
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFileAtomic(target, text, PRIVATE_FILE);
  return {
    path: target,
    format: "json",
    bytes: Buffer.byteLength(text),
    users: Object.keys(users).length,
    schemaVersion: Number((doc as { schemaVersion?: unknown }).schemaVersion ?? 1),
  };
}

/** Keeps the old file beside the store before a migration rewrites it ("store.schema1-<time>.json"). */
export function copyBeforeMigration(storePath: string) {
  return async (original: unknown, fromVersion: number): Promise<void> => {
    const name = `${basename(storePath, ".json")}.schema${fromVersion}-${stamp(new Date())}.json`;
    await writeFileAtomic(
      join(dirname(resolve(storePath)), name),
      `${JSON.stringify(original, null, 2)}\n`,
      PRIVATE_FILE,
    );
  };
}

export interface BackupOptions {
  out?: string;
  /** json: the lowdb document; sqlite: SQLite's online backup (SQLite stores only). */
  format?: "json" | "sqlite";
  at?: Date;
}

/**
 * Backs up whichever store is configured: a lowdb file is copied; SQLite by its online
 * backup (a .db file, default) or as the JSON document; PostgreSQL as the JSON document
 * (pg_dump is the tool for a database-level copy).
 */
export async function backupConfigured(config: Config, options: BackupOptions = {}): Promise<BackupResult> {
  const kind = storeKind(config);
  const at = options.at ?? new Date();
  if (kind === "lowdb") {
    if (options.format === "sqlite") throw new UserFacingError("--format sqlite needs a SQLite store (.db).");
    return backupStore(config.storePath, options.out, at);
  }
  if (kind === "sqlite" && !existsSync(config.storePath))
    throw new UserFacingError(
      `No store at ${config.storePath} yet: nothing to back up (set MATINEE_STORE_PATH?).`,
    );
  const format = options.format ?? (kind === "sqlite" ? "sqlite" : "json");
  if (format === "sqlite" && kind !== "sqlite")
    throw new UserFacingError(
      "--format sqlite needs a SQLite store; a PostgreSQL store is backed up as json.",
    );
  const base = kind === "sqlite" ? config.storePath : join(process.cwd(), "matinee-store");
  const target = resolve(options.out ?? defaultBackupPath(base, at, format === "sqlite" ? ".db" : ".json"));
  if (kind === "sqlite" && target === resolve(config.storePath))
    throw new UserFacingError("--out must not be the store file itself.");
  await mkdir(dirname(target), { recursive: true });
  const store = await openStore(config);
  try {
    if (format === "sqlite") {
      if (!(store instanceof SqliteStore)) throw new Error("a SQLite store was expected");
      if (existsSync(target))
        throw new UserFacingError(`${target} exists already; name a new file with --out.`);
      await store.backupTo(target);
      chmodSync(target, PRIVATE_FILE);
      return {
        path: target,
        format,
        bytes: statSync(target).size,
        users: await store.countUsers(),
        schemaVersion: SQL_SCHEMA_VERSION,
      };
    }
    const { document, counts } = await store.exportDocument();
    const text = `${JSON.stringify(document)}\n`;
    await writeFileAtomic(target, text, PRIVATE_FILE);
    return {
      path: target,
      format,
      bytes: Buffer.byteLength(text),
      users: counts.users,
      schemaVersion: document.schemaVersion,
    };
  } finally {
    await store.close();
  }
}

/** Adds a JSON backup (any schema version) to the configured store; same-key users are replaced. */
export async function importBackup(config: Config, file: string) {
  if (!existsSync(file)) throw new UserFacingError(`No file ${file} to import.`);
  let doc: unknown;
  try {
    doc = parseStoreText(await readFile(file, "utf8"));
  } catch (error) {
    throw new UserFacingError(`${file} is not valid JSON (${(error as Error).message}); nothing imported.`);
  }
  if (doc === null) throw new UserFacingError(`${file} is empty; nothing imported.`);
  const store = await openStore(config);
  try {
    return { store: storeLabel(config), from: resolve(file), ...(await store.importDocument(doc, file)) };
  } finally {
    await store.close();
  }
}

export function registerBackup(program: Command): void {
  withData(program.command("backup"))
    .description("copy the store (profiles, conversations) to a file, consistently, even while the bot runs")
    .option(
      "--out <file>",
      "where to write the copy (default: backups/<store>-<time>.db|.json beside the store)",
    )
    .option(
      "--format <format>",
      "sqlite (SQLite's online backup; default for a .db store) or json (the lowdb document)",
    )
    .option("--import <file>", "instead: add a JSON backup to the store (its users replace same-key users)")
    .option("--json", "print one JSON document")
    .action(async (options: CommonOptions & { out?: string; format?: string; import?: string }) => {
      const config = loadConfig(process.env, options.data ? { dataDir: options.data } : {});
      if (options.import) {
        const result = await importBackup(config, options.import);
        if (options.json) printJson(result);
        else
          process.stdout.write(
            `Imported ${result.users} user${result.users === 1 ? "" : "s"} and ${result.cards} card${result.cards === 1 ? "" : "s"} into ${result.store}` +
              (result.skipped
                ? ` (${result.skipped} unreadable record${result.skipped === 1 ? "" : "s"} skipped)`
                : "") +
              "\n",
          );
        return;
      }
      if (options.format !== undefined && options.format !== "json" && options.format !== "sqlite")
        throw new UserFacingError(`--format must be sqlite or json (got "${options.format}").`);
      const result = await backupConfigured(config, {
        ...(options.out ? { out: options.out } : {}),
        ...(options.format ? { format: options.format } : {}),
      });
      if (options.json) printJson(result);
      else
        process.stdout.write(
          `Backed up ${result.users} user${result.users === 1 ? "" : "s"} (${result.bytes} bytes, ${result.format}, schema ${result.schemaVersion}) to ${result.path}\n`,
        );
    });
}
