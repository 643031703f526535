import { closeSync, existsSync, openSync, readSync, renameSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import Database from "better-sqlite3";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import { SqliteStore } from "../../core/store/sqlite-store.ts";
import { PRIVATE_FILE, parseStoreText } from "./json-file.ts";

const SQLITE_HEADER = "SQLite format 3\0";

/** The one line every unusable database file gets: what is wrong, and the fix. */
function damaged(path: string, detail: string): UserFacingError {
  // SQLite's check lists every bad page, one a line: the first says enough.
  const lines = detail.split("\n").filter((l) => l.trim() !== "");
  const why = lines.length > 1 ? `${lines[0]} (and ${lines.length - 1} more problems)` : (lines[0] ?? detail);
  return new UserFacingError(
    `Cannot open the store ${path}: ${why}. Copy the file aside (mv "${path}" "${path}.damaged") and start again ` +
      "(a new empty store), or restore a backup made by `matinee backup`.",
  );
}

/** Refuses a file that is not SQLite at all before SQLite is let near it. */
function checkHeader(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n < 16 || head.toString("latin1") !== SQLITE_HEADER)
      throw damaged(path, "it is not a SQLite database");
  } finally {
    closeSync(fd);
  }
}

const stamp = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

export interface OpenSqliteOptions {
  log: Log;
  /** A lowdb file to bring in on first start (default: the same name with .json beside it). */
  legacyJson?: string;
  now?: () => number;
}

/**
 * Opens (creating if need be, owner-only) the SQLite store file and checks it is whole. On the
 * first start after the move from lowdb, the old `store.json` beside it is imported, then
 * renamed to `store.pre-sqlite-<time>.json` and kept as a backup.
 */
export async function openSqliteStore(path: string, options: OpenSqliteOptions): Promise<SqliteStore> {
  checkHeader(path);
  const created = !existsSync(path);
  if (created) closeSync(openSync(path, "a", PRIVATE_FILE));
  let store: SqliteStore;
  try {
    const db = new Database(path);
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") {
      db.close();
      throw damaged(path, `SQLite's check failed (${String(check)})`);
    }
    store = new SqliteStore(db, {
      label: path,
      log: options.log,
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    // SQLITE_CORRUPT, SQLITE_NOTADB and friends: the file is there but cannot be used.
    throw damaged(path, (error as Error).message);
  }
  const legacy = options.legacyJson ?? join(dirname(path), `${basename(path, ".db")}.json`);
  if (existsSync(legacy)) await importLegacy(store, path, legacy, options.log);
  return store;
}

/**
 * Brings a lowdb store into a SQLite store that has no users yet. One that has users already
 * took its data from somewhere: the JSON file is left alone (and said so) rather than merged.
 */
async function importLegacy(store: SqliteStore, path: string, legacy: string, log: Log): Promise<void> {
  if ((await store.countUsers()) > 0) {
    log.warn(
      { store: path, legacy },
      "an old lowdb store sits beside the SQLite store, which already has users: left as it is",
    );
    return;
  }
  const text = await readFile(legacy, "utf8");
  let doc: unknown;
  try {
    doc = parseStoreText(text);
  } catch (error) {
    throw new UserFacingError(
      `Cannot import the old store ${legacy} into ${path}: it is not valid JSON (${(error as Error).message}). ` +
        `Copy it aside (mv "${legacy}" "${legacy}.damaged") to start with an empty store.`,
    );
  }
  const result = doc === null ? { users: 0, cards: 0, skipped: 0 } : await store.importDocument(doc, legacy);
  const kept = join(dirname(legacy), `${basename(legacy, ".json")}.pre-sqlite-${stamp()}.json`);
  renameSync(legacy, kept);
  log.info(
    { store: path, from: legacy, kept, ...result },
    "imported the old lowdb store into SQLite; the old file is kept",
  );
}
