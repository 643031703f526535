import { z } from "zod";
import { UserFacingError } from "../errors.ts";
import type { Log } from "../log.ts";
import type { PlaceState, UserState } from "./store.ts";

/**
 * The SQL stores' schema (SQLite and PostgreSQL share it, statement for statement), one
 * number kept in `matinee_meta`. Bump it with every change and append the step below;
 * a step runs inside the migration's transaction, so a failed start changes nothing.
 */
export const SQL_SCHEMA_VERSION = 2;

export interface SqlMigration {
  to: number;
  describe: string;
  statements: readonly string[];
}

export const SQL_MIGRATIONS: readonly SqlMigration[] = [
  {
    to: 1,
    describe: "users (state JSON, version), sent cards, Telegram update ids, damaged records",
    statements: [
      // state is the UserState as JSON text: the core owns its shape, the store only keeps it.
      "CREATE TABLE users (key TEXT PRIMARY KEY, state TEXT NOT NULL, version BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
      "CREATE TABLE cards (message_ref TEXT PRIMARY KEY, movie_id INTEGER NOT NULL, user_key TEXT NOT NULL, at BIGINT NOT NULL)",
      "CREATE INDEX cards_user_key ON cards (user_key)",
      "CREATE INDEX cards_at ON cards (at)",
      "CREATE TABLE telegram_updates (update_id BIGINT PRIMARY KEY, at BIGINT NOT NULL)",
      "CREATE INDEX telegram_updates_at ON telegram_updates (at)",
      // A row whose state could not be read is moved here, so one bad record never stops the
      // bot and is never silently thrown away.
      "CREATE TABLE damaged_users (key TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL, at BIGINT NOT NULL)",
    ],
  },
  {
    to: 2,
    describe: "places (an open movie-night vote) and movie-night rosters",
    statements: [
      // state is the PlaceState as JSON text, as users' state is.
      "CREATE TABLE places (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at BIGINT NOT NULL)",
      // A roster is its own table, so /forget removes a person from every roster in one statement.
      "CREATE TABLE place_rosters (place TEXT NOT NULL, user_key TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (place, user_key))",
      "CREATE INDEX place_rosters_user_key ON place_rosters (user_key)",
    ],
  },
];

export const META_TABLE =
  "CREATE TABLE IF NOT EXISTS matinee_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)";

/** The steps from `version` to the current schema; refuses a database from a newer Matinee. */
export function sqlStepsFrom(version: number, where: string): readonly SqlMigration[] {
  if (version > SQL_SCHEMA_VERSION) {
    throw new UserFacingError(
      `Cannot use ${where}: it was written by a newer Matinee (store schema ${version}; this version reads up to ${SQL_SCHEMA_VERSION}). ` +
        "Upgrade Matinee, or restore a backup made by this version; the database was left untouched.",
    );
  }
  return SQL_MIGRATIONS.filter((m) => m.to > version);
}

/** Cards older than this are forgotten: reactions come within days of a card, not months. */
export const CARD_MAX_AGE_MS = 90 * 24 * 3600 * 1000;
/** Telegram redelivers an update for at most a day; ids older than this cannot come again. */
export const UPDATE_ID_MAX_AGE_MS = 2 * 24 * 3600 * 1000;
/** How often a process prunes old cards and update ids (pruning on every write would cost a scan). */
export const PRUNE_EVERY_MS = 3600 * 1000;

/**
 * The shape a stored state must have to be used. Loose on purpose: unknown fields pass
 * through (a newer core may add some); only what the core reads without checking is checked.
 */
const StoredState = z.looseObject({
  key: z.string(),
  profile: z.looseObject({
    liked: z.array(z.looseObject({ movieId: z.number(), at: z.number() })),
    disliked: z.array(z.looseObject({ movieId: z.number(), at: z.number() })),
    seen: z.array(z.looseObject({ movieId: z.number(), at: z.number() })),
    watchlist: z.array(z.looseObject({ movieId: z.number(), at: z.number() })),
    prefs: z.array(z.unknown()).default([]),
  }),
  conversation: z.looseObject({ shown: z.array(z.number()), lastCards: z.array(z.number()) }),
  updatedAt: z.number(),
});

const StoredPlace = z.looseObject({
  id: z.string(),
  poll: z
    .looseObject({
      id: z.string(),
      asker: z.string(),
      movieIds: z.array(z.number()),
      members: z.array(z.string()),
      openedAt: z.number(),
      closesAt: z.number(),
    })
    .optional(),
  updatedAt: z.number(),
});

/** Reads one stored place; an unreadable one is undefined (a place holds nothing a fresh one lacks but a vote). */
export function parsePlace(text: string): PlaceState | undefined {
  try {
    const parsed = StoredPlace.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as unknown as PlaceState) : undefined;
  } catch {
    return undefined;
  }
}

export type ParsedState = { ok: true; state: UserState } | { ok: false; reason: string };

/** Reads one stored state; a malformed one is reported, not thrown, so it stays one record's problem. */
export function parseState(text: string): ParsedState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  const parsed = StoredState.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join(".") || "state"}: ${issue.message}` };
  }
  // The checked fields match UserState; the rest passed through untouched.
  return { ok: true, state: parsed.data as unknown as UserState };
}

/** Whose record a store is reading, for the one warning an unreadable record gets. */
export interface RecordContext {
  log: Log;
  store: string;
  key: string;
}

/** A stored state for a plain read: an unreadable record is logged and read as absent. */
export function readableState(text: string, at: RecordContext): UserState | undefined {
  const parsed = parseState(text);
  if (parsed.ok) return parsed.state;
  at.log.warn(
    { store: at.store, key: at.key, reason: parsed.reason },
    "a stored user record could not be read",
  );
  return undefined;
}

/** Logs a damaged record a write moved aside into damaged_users (the user then starts afresh). */
export function reportDamaged(at: RecordContext, reason: string): void {
  at.log.warn(
    { store: at.store, key: at.key, reason },
    "a stored user record could not be read; it was kept in damaged_users and the user starts afresh",
  );
}

/** A document's user records as rows to write (key, state JSON, updated_at), unreadable ones skipped. */
export function documentUserRows(
  users: Readonly<Record<string, unknown>>,
  label: string,
  log: Log,
  now: () => number,
): { rows: [string, string, number][]; skipped: number } {
  const rows: [string, string, number][] = [];
  let skipped = 0;
  for (const [key, state] of Object.entries(users)) {
    const parsed = parseState(JSON.stringify(state));
    if (!parsed.ok) {
      skipped++;
      log.warn({ source: label, key, reason: parsed.reason }, "skipped a user record that could not be read");
      continue;
    }
    rows.push([key, JSON.stringify({ ...parsed.state, key }), Number(parsed.state.updatedAt) || now()]);
  }
  return { rows, skipped };
}
