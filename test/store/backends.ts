// The stores the contract suite runs on: lowdb (file), SQLite (file) always; PostgreSQL when
// MATINEE_TEST_DATABASE_URL names a server (.ci/run starts a throwaway one), each test in
// a schema of its own so tests never see each other's rows.
import { join } from "node:path";
import pg from "pg";
import { afterAll } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { openStore } from "../../bot/store/open-store.ts";
import type { StoreBackend } from "../../core/store/backend.ts";
import { tempDir } from "../helpers/temp-dir.ts";

export const TEST_DATABASE_URL = process.env.MATINEE_TEST_DATABASE_URL;

export interface Backend {
  name: "lowdb" | "sqlite" | "postgres";
  /** Several processes may share it (lowdb refuses a second one). */
  shared: boolean;
  /** A new, empty store's settings: the environment a front end would get. */
  fresh(): Promise<Record<string, string>>;
}

const schemas: string[] = [];
let counter = 0;

afterAll(async () => {
  if (!TEST_DATABASE_URL || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

/** A URL whose connections use a new empty schema. */
export async function freshDatabaseUrl(): Promise<string> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  schemas.push(schema);
  const url = new URL(TEST_DATABASE_URL!);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

export const BACKENDS: Backend[] = [
  {
    name: "lowdb",
    shared: false,
    fresh: async () => ({ MATINEE_STORE_PATH: join(tempDir("matinee-contract-"), "store.json") }),
  },
  {
    name: "sqlite",
    shared: true,
    fresh: async () => ({ MATINEE_STORE_PATH: join(tempDir("matinee-contract-"), "store.db") }),
  },
  ...(TEST_DATABASE_URL
    ? [
        {
          name: "postgres" as const,
          shared: true,
          fresh: async () => ({
            MATINEE_STORE_PATH: join(tempDir("matinee-contract-"), "unused.db"),
            MATINEE_DATABASE_URL: await freshDatabaseUrl(),
          }),
        },
      ]
    : []),
];

export function open(env: Record<string, string>): Promise<StoreBackend> {
  return openStore(loadConfig(env));
}
