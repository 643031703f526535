import { join } from "node:path";
import pg from "pg";
import type { Log } from "../../core/log.ts";
import type { StoreBackend } from "../../core/store/backend.ts";
import { loadConfig } from "../config.ts";
import { openStore, type StoreKind } from "../store/open-store.ts";

export interface ScratchStore {
  store: StoreBackend;
  /** Closes the store and removes what it made (the schema, for PostgreSQL). */
  dispose(): Promise<void>;
}

/**
 * A new empty store of the kind asked, for a load or bench run: files in `dir`, or for
 * PostgreSQL a schema of its own in the database at `databaseUrl`, dropped afterwards, so a
 * run never mixes with (or leaves rows in) real data.
 */
export async function scratchStore(
  kind: StoreKind,
  dir: string,
  log: Log,
  databaseUrl?: string,
): Promise<ScratchStore> {
  if (kind !== "postgres") {
    const store = await openStore(
      loadConfig({ MATINEE_STORE_PATH: join(dir, kind === "lowdb" ? "load.json" : "load.db") }),
      log,
    );
    return { store, dispose: () => store.close() };
  }
  if (!databaseUrl) throw new Error("a PostgreSQL scratch store needs a database URL");
  const schema = `matinee_scratch_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const store = await openStore(loadConfig({ MATINEE_DATABASE_URL: url.toString() }), log);
  return {
    store,
    async dispose() {
      await store.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
