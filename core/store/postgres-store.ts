import { escapeLiteral, type Pool, type PoolClient, type QueryResult } from "pg";
import { UserFacingError } from "../errors.ts";
import { type Log, silentLog } from "../log.ts";
import type { DocumentCounts, StoreBackend } from "./backend.ts";
import { rostersOf, type StoreData, withoutEmptyPlaces } from "./lowdb-store.ts";
import { migrate, STORE_SCHEMA_VERSION } from "./migrations.ts";
import {
  CARD_MAX_AGE_MS,
  documentUserRows,
  META_TABLE,
  PRUNE_EVERY_MS,
  parsePlace,
  parseState,
  readableState,
  reportDamaged,
  SQL_SCHEMA_VERSION,
  sqlStepsFrom,
  UPDATE_ID_MAX_AGE_MS,
} from "./sql-schema.ts";
import type { SqlStoreOptions } from "./sqlite-store.ts";
import { freshPlace, freshUser, type PlaceState, type SentCard, type UserState } from "./store.ts";

/** Any number: every instance takes this advisory lock while it migrates, so only one does. */
const MIGRATION_LOCK = 31_031;
/** Rows per INSERT when importing a document (well under PostgreSQL's 65,535 parameters). */
const IMPORT_BATCH = 2_000;

/**
 * The store for several instances: PostgreSQL through a `pg` pool (the caller makes it, as
 * the file stores are handed their file). Same tables as SQLite. An update is one
 * transaction that locks the user's row (SELECT … FOR UPDATE), so two instances changing
 * one user wait for each other instead of losing an update, and `change` runs exactly once.
 * Within one instance, updates of one user are queued so they apply in arrival order.
 */
export class PostgresStore implements StoreBackend {
  readonly backend = "postgres";
  private readonly label: string;
  private readonly now: () => number;
  private readonly log: Log;
  private readonly cardMaxAgeMs: number;
  private readonly queues = new Map<string, Promise<unknown>>();
  private lastPrune = 0;

  constructor(
    private readonly pool: Pool,
    options: SqlStoreOptions = {},
  ) {
    this.label = options.label ?? "the database";
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLog;
    this.cardMaxAgeMs = options.cardMaxAgeMs ?? CARD_MAX_AGE_MS;
  }

  /** Creates or upgrades the tables (one instance at a time); a newer schema is refused untouched. */
  async migrateSchema(): Promise<number[]> {
    return this.transaction(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await c.query(META_TABLE);
      const row = await c.query<{ value: string }>(
        "SELECT value FROM matinee_meta WHERE name = 'schema_version'",
      );
      const version = row.rows[0] ? Number(row.rows[0].value) : 0;
      if (version === 0) {
        const users = await c.query(
          "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'users'",
        );
        if (users.rowCount)
          throw new UserFacingError(
            `Cannot use ${this.label}: it holds a "users" table but is not a Matinee store.`,
          );
      }
      const steps = sqlStepsFrom(version, this.label);
      for (const step of steps) for (const statement of step.statements) await c.query(statement);
      if (steps.length > 0)
        await c.query(
          "INSERT INTO matinee_meta (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
          [String(SQL_SCHEMA_VERSION)],
        );
      return steps.map((s) => s.to);
    });
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Runs `work` after every earlier call for the same key (arrival order within this instance). */
  private inOrder<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  async get(key: string): Promise<UserState | undefined> {
    const { rows } = await this.pool.query<{ state: string }>("SELECT state FROM users WHERE key = $1", [
      key,
    ]);
    return rows[0] ? readableState(rows[0].state, { log: this.log, store: this.label, key }) : undefined;
  }

  /**
   * Two round trips, the row locked in between: "BEGIN; SELECT … FOR UPDATE" and then
   * "UPDATE …; COMMIT", each sent as one simple-protocol message with the values quoted by
   * pg's own `escapeLiteral`. The four separate messages this replaces (BEGIN, SELECT,
   * UPDATE, COMMIT) cost twice the loopback latency and doubled the tail in `matinee bench`.
   */
  update(key: string, change: (state: UserState) => UserState): Promise<UserState> {
    return this.inOrder(key, async () => {
      const client = await this.pool.connect();
      const k = escapeLiteral(key);
      let open = false;
      try {
        const lockRow = `SELECT state FROM users WHERE key = ${k} FOR UPDATE`;
        open = true;
        let raw = lastRowState(await client.query(`BEGIN; ${lockRow}`));
        if (raw === undefined) {
          // A first message: make the row (another instance may make it at the same moment,
          // hence DO NOTHING) and lock it like any other.
          const fresh = freshUser(key, this.now());
          raw = lastRowState(
            await client.query(
              `INSERT INTO users (key, state, version, updated_at) VALUES (${k}, ${escapeLiteral(JSON.stringify(fresh))}, 0, ${fresh.updatedAt}) ON CONFLICT (key) DO NOTHING; ${lockRow}`,
            ),
          );
          if (raw === undefined) throw new Error(`the row for ${key} vanished while it was being made`);
        }
        const parsed = parseState(raw);
        let current: UserState;
        let keepDamaged = "";
        if (parsed.ok) current = parsed.state;
        else {
          keepDamaged = `INSERT INTO damaged_users (key, state, reason, at) VALUES (${k}, ${escapeLiteral(raw)}, ${escapeLiteral(parsed.reason)}, ${this.now()}); `;
          reportDamaged({ log: this.log, store: this.label, key }, parsed.reason);
          current = freshUser(key, this.now());
        }
        const next: UserState = { ...change(current), key, updatedAt: this.now() };
        await client.query(
          `${keepDamaged}UPDATE users SET state = ${escapeLiteral(JSON.stringify(next))}, version = version + 1, updated_at = ${next.updatedAt} WHERE key = ${k}; COMMIT`,
        );
        open = false;
        return next;
      } catch (error) {
        if (open) await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
  }

  delete(key: string): Promise<boolean> {
    return this.inOrder(key, () =>
      this.transaction(async (c) => {
        let n = 0;
        for (const sql of [
          "DELETE FROM users WHERE key = $1",
          "DELETE FROM cards WHERE user_key = $1",
          "DELETE FROM place_rosters WHERE user_key = $1",
          "DELETE FROM damaged_users WHERE key = $1",
        ])
          n += (await c.query(sql, [key])).rowCount ?? 0;
        return n > 0;
      }),
    );
  }

  async rememberCard(messageRef: string, card: SentCard): Promise<void> {
    await this.pool.query(
      "INSERT INTO cards (message_ref, movie_id, user_key, at) VALUES ($1, $2, $3, $4) " +
        "ON CONFLICT (message_ref) DO UPDATE SET movie_id = excluded.movie_id, user_key = excluded.user_key, at = excluded.at",
      [messageRef, card.movieId, card.key, card.at],
    );
    await this.prune();
  }

  async recallCard(messageRef: string): Promise<SentCard | undefined> {
    const { rows } = await this.pool.query<{ movie_id: number; user_key: string; at: string }>(
      "SELECT movie_id, user_key, at FROM cards WHERE message_ref = $1",
      [messageRef],
    );
    const row = rows[0];
    // BIGINT comes back as a string (it may exceed 2^53); times in ms do not.
    return row ? { movieId: row.movie_id, key: row.user_key, at: Number(row.at) } : undefined;
  }

  async getPlace(id: string): Promise<PlaceState | undefined> {
    const { rows } = await this.pool.query<{ state: string }>("SELECT state FROM places WHERE id = $1", [id]);
    return rows[0] ? parsePlace(rows[0].state) : undefined;
  }

  /** One transaction with the place's row locked, as `update` locks a user's (places change rarely: plain queries). */
  updatePlace(id: string, change: (place: PlaceState) => PlaceState): Promise<PlaceState> {
    return this.inOrder(`place ${id}`, () =>
      this.transaction(async (c) => {
        const fresh = freshPlace(id, this.now());
        await c.query(
          "INSERT INTO places (id, state, updated_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
          [id, JSON.stringify(fresh), fresh.updatedAt],
        );
        const { rows } = await c.query<{ state: string }>(
          "SELECT state FROM places WHERE id = $1 FOR UPDATE",
          [id],
        );
        const current = (rows[0] && parsePlace(rows[0].state)) || fresh;
        const next: PlaceState = { ...change(current), id, updatedAt: this.now() };
        await c.query("UPDATE places SET state = $2, updated_at = $3 WHERE id = $1", [
          id,
          JSON.stringify(next),
          next.updatedAt,
        ]);
        return next;
      }),
    );
  }

  async joinRoster(place: string, key: string): Promise<void> {
    await this.pool.query(
      "INSERT INTO place_rosters (place, user_key, at) VALUES ($1, $2, $3) ON CONFLICT (place, user_key) DO NOTHING",
      [place, key, this.now()],
    );
  }

  async roster(place: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ user_key: string }>(
      "SELECT user_key FROM place_rosters WHERE place = $1 ORDER BY at, user_key",
      [place],
    );
    return rows.map((r) => r.user_key);
  }

  async claimUpdate(updateId: number): Promise<boolean> {
    const r = await this.pool.query(
      "INSERT INTO telegram_updates (update_id, at) VALUES ($1, $2) ON CONFLICT (update_id) DO NOTHING",
      [updateId, this.now()],
    );
    return r.rowCount === 1;
  }

  async countUsers(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT count(*) AS n FROM users");
    return Number(rows[0]!.n);
  }

  private async prune(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.pool.query("DELETE FROM cards WHERE at < $1", [now - this.cardMaxAgeMs]);
    await this.pool.query("DELETE FROM telegram_updates WHERE at < $1", [now - UPDATE_ID_MAX_AGE_MS]);
  }

  async exportDocument(): Promise<{ document: StoreData; counts: DocumentCounts }> {
    // REPEATABLE READ: users and cards from one moment even while other instances write.
    return this.transaction(async (c) => {
      await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const document: StoreData = { schemaVersion: STORE_SCHEMA_VERSION, users: {}, cards: {} };
      let skipped = 0;
      const users = await c.query<{ key: string; state: string }>(
        "SELECT key, state FROM users ORDER BY key",
      );
      for (const row of users.rows) {
        const parsed = parseState(row.state);
        if (parsed.ok) document.users[row.key] = parsed.state;
        else skipped++;
      }
      const cards = await c.query<{ message_ref: string; movie_id: number; user_key: string; at: string }>(
        "SELECT message_ref, movie_id, user_key, at FROM cards ORDER BY at",
      );
      for (const r of cards.rows)
        document.cards[r.message_ref] = { movieId: r.movie_id, key: r.user_key, at: Number(r.at) };
      document.places = {};
      for (const row of (await c.query<{ state: string }>("SELECT state FROM places ORDER BY id")).rows) {
        const place = parsePlace(row.state);
        if (place) document.places[place.id] = place;
      }
      const rosters = await c.query<{ place: string; user_key: string; at: string }>(
        "SELECT place, user_key, at FROM place_rosters ORDER BY place, at, user_key",
      );
      document.rosters = rostersOf(rosters.rows);
      return {
        document: withoutEmptyPlaces(document),
        counts: {
          users: Object.keys(document.users).length,
          cards: Object.keys(document.cards).length,
          skipped,
        },
      };
    });
  }

  async importDocument(raw: unknown, label: string): Promise<DocumentCounts> {
    const doc = migrate(raw, label).data as unknown as StoreData;
    const { rows: users, skipped } = documentUserRows(doc.users, label, this.log, this.now);
    const cards = Object.entries(doc.cards ?? {});
    await this.transaction(async (c) => {
      for (let i = 0; i < users.length; i += IMPORT_BATCH) {
        const batch = users.slice(i, i + IMPORT_BATCH);
        await c.query(
          "INSERT INTO users (key, state, version, updated_at) " +
            "SELECT u.key, u.state, 1, u.updated_at FROM unnest($1::text[], $2::text[], $3::bigint[]) AS u(key, state, updated_at) " +
            "ON CONFLICT (key) DO UPDATE SET state = excluded.state, version = users.version + 1, updated_at = excluded.updated_at",
          [batch.map((u) => u[0]), batch.map((u) => u[1]), batch.map((u) => u[2])],
        );
      }
      for (let i = 0; i < cards.length; i += IMPORT_BATCH) {
        const batch = cards.slice(i, i + IMPORT_BATCH);
        await c.query(
          "INSERT INTO cards (message_ref, movie_id, user_key, at) " +
            "SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::bigint[]) " +
            "ON CONFLICT (message_ref) DO UPDATE SET movie_id = excluded.movie_id, user_key = excluded.user_key, at = excluded.at",
          [
            batch.map((e) => e[0]),
            batch.map((e) => e[1].movieId),
            batch.map((e) => e[1].key),
            batch.map((e) => e[1].at),
          ],
        );
      }
      for (const [id, place] of Object.entries(doc.places ?? {}))
        await c.query(
          "INSERT INTO places (id, state, updated_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
          [id, JSON.stringify({ ...place, id }), Number(place.updatedAt) || this.now()],
        );
      for (const [id, roster] of Object.entries(doc.rosters ?? {}))
        for (const [key, at] of Object.entries(roster))
          await c.query(
            "INSERT INTO place_rosters (place, user_key, at) VALUES ($1, $2, $3) ON CONFLICT (place, user_key) DO NOTHING",
            [id, key, at],
          );
    });
    return { users: users.length, cards: cards.length, skipped };
  }

  private closed = false;

  async close(): Promise<void> {
    await Promise.all(this.queues.values());
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** The state column of the last statement's row in a multi-statement simple query, if any. */
function lastRowState(result: QueryResult | QueryResult[]): string | undefined {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  const row: unknown = last?.rows[0];
  if (row === undefined) return undefined;
  const state = (row as { state?: unknown }).state;
  if (typeof state !== "string") throw new Error("a users row came back without its state");
  return state;
}
