import { existsSync, readFileSync } from "node:fs";
import { UserFacingError } from "../../core/errors.ts";
import { type Log, silentLog } from "../../core/log.ts";
import type { Config } from "../config.ts";
import { parseStoreText } from "./json-file.ts";
import { openStore, storeKind } from "./open-store.ts";

/**
 * The whole store as a lowdb document (what retraining reads feedback from). A .json store
 * is read straight from the file, without its lock: the running bot holds that lock, and a
 * file replaced by rename is always whole. The SQL stores are read in one transaction
 * beside any running bot.
 */
export async function readStoreDocument(config: Config, log: Log = silentLog): Promise<unknown> {
  const kind = storeKind(config);
  if (kind !== "postgres" && !existsSync(config.storePath)) return { users: {} };
  if (kind === "lowdb") {
    try {
      return parseStoreText(readFileSync(config.storePath, "utf8")) ?? { users: {} };
    } catch (error) {
      throw new UserFacingError(`Cannot read the store ${config.storePath}: ${(error as Error).message}`);
    }
  }
  const store = await openStore(config, log);
  try {
    return (await store.exportDocument()).document;
  } finally {
    await store.close();
  }
}
