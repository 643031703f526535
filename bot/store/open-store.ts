import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { UserFacingError } from "../../core/errors.ts";
import { type Log, silentLog } from "../../core/log.ts";
import type { StoreBackend } from "../../core/store/backend.ts";
import { LowdbStore } from "../../core/store/lowdb-store.ts";
import { copyBeforeMigration } from "../commands/backup.ts";
import type { Config } from "../config.ts";
import { StoreFile } from "./json-file.ts";
import { lockFile } from "./lock.ts";
import { openSqliteStore } from "./sqlite-file.ts";

export type StoreKind = "lowdb" | "sqlite" | "postgres";

/** PostgreSQL when a database URL is set; else the path decides: .json is lowdb, anything else SQLite. */
export function storeKind(config: Pick<Config, "storePath" | "databaseUrl">): StoreKind {
  if (config.databaseUrl) return "postgres";
  return config.storePath.toLowerCase().endsWith(".json") ? "lowdb" : "sqlite";
}

/** Where the store is, for messages: the path, or the database URL without its password. */
export function storeLabel(config: Pick<Config, "storePath" | "databaseUrl">): string {
  if (!config.databaseUrl) return config.storePath;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

/**
 * Opens the configured store, ready to use: a broken or foreign store fails here, at start-up,
 * with one line naming it and the fix, never on the first message.
 */
export async function openStore(config: Config, log: Log = silentLog): Promise<StoreBackend> {
  const kind = storeKind(config);
  if (kind === "postgres") {
    const { openPostgresStore } = await import("./postgres-connect.ts");
    return openPostgresStore(config.databaseUrl!, { log, label: storeLabel(config) });
  }
  mkdirSync(dirname(config.storePath), { recursive: true, mode: 0o700 });
  if (kind === "sqlite") return openSqliteStore(config.storePath, { log });
  return openJsonStore(config.storePath, log);
}

async function openJsonStore(path: string, log: Log): Promise<LowdbStore> {
  const lock = lockFile(path);
  const store = new LowdbStore(
    new StoreFile(path, () =>
      log.warn({ store: path }, "the store file is empty (or null): starting from no users"),
    ),
    Date.now,
    { label: path, beforeMigrate: copyBeforeMigration(path), onClose: lock.release },
  );
  try {
    // Read now, so a damaged file stops start-up instead of the first message.
    await store.get("");
  } catch (error) {
    lock.release();
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(`Cannot open the store ${path}: ${(error as Error).message}`);
  }
  return store;
}
