import pg from "pg";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import { PostgresStore } from "../../core/store/postgres-store.ts";

export interface OpenPostgresOptions {
  log: Log;
  /** The URL without its password, for messages. */
  label: string;
  /** Connections per instance; a chat turn holds one for a few milliseconds. */
  poolSize?: number;
  now?: () => number;
}

/** The one line a failed connection gets: what went wrong, in the operator's terms. */
function explain(error: unknown, label: string): UserFacingError {
  const e = error as { code?: string; message?: string };
  const why =
    e.code === "ECONNREFUSED" || e.code === "ENOTFOUND" || e.code === "EHOSTUNREACH" || e.code === "ETIMEDOUT"
      ? `the server cannot be reached (${e.code}); is PostgreSQL running and listening there?`
      : e.code === "28P01" || e.code === "28000"
        ? "authentication failed; check the user and password in MATINEE_DATABASE_URL"
        : e.code === "3D000"
          ? `${e.message}; create it first (createdb)`
          : (e.message ?? String(error));
  return new UserFacingError(`Cannot open the store at ${label}: ${why}`);
}

/**
 * Connects, creates or upgrades the tables and returns the store, or fails with one clear
 * line (unreachable, wrong password, missing database, a schema from a newer Matinee).
 */
export async function openPostgresStore(url: string, options: OpenPostgresOptions): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    // Idle connections on a quiet bot are returned; a busy one keeps its pool warm.
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on("error", (error) =>
    options.log.warn({ store: options.label, error: error.message }, "database connection lost"),
  );
  const store = new PostgresStore(pool, {
    label: options.label,
    log: options.log,
    ...(options.now ? { now: options.now } : {}),
  });
  try {
    const steps = await store.migrateSchema();
    if (steps.length > 0)
      options.log.info({ store: options.label, steps }, "database schema created or upgraded");
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof UserFacingError) throw error;
    throw explain(error, options.label);
  }
  return store;
}
