import type BetterSqlite3 from "better-sqlite3";
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
import { freshPlace, freshUser, type PlaceState, type SentCard, type UserState } from "./store.ts";

export interface SqlStoreOptions {
  /** How messages name the store ("/var/lib/matinee/store.db"). */
  label?: string;
  now?: () => number;
  /** Where a damaged record is reported (it is kept aside and the user starts afresh). */
  log?: Log;
  cardMaxAgeMs?: number;
}

interface UserRow {
  state: string;
}
interface CardRow {
  movie_id: number;
  user_key: string;
  at: number;
}

/**
 * The embedded default store: one SQLite file through better-sqlite3, in WAL mode so readers
 * never wait and several processes (a bot and an operator's `matinee chat`) share the file.
 * Each update is one IMMEDIATE transaction (read, change, write one row): the write lock is
 * taken before the read, so two processes never both read the old state and lose an update;
 * the busy timeout makes the second wait instead of failing. The caller opens the database
 * (the file is the bot layer's business), as the lowdb store is handed its adapter.
 */
export class SqliteStore implements StoreBackend {
  readonly backend = "sqlite";
  private readonly label: string;
  private readonly now: () => number;
  private readonly log: Log;
  private readonly cardMaxAgeMs: number;
  private lastPrune = 0;
  private readonly sql;
  private readonly updateTx;
  private readonly updatePlaceTx;

  constructor(
    private readonly db: BetterSqlite3.Database,
    options: SqlStoreOptions = {},
  ) {
    this.label = options.label ?? "the store";
    this.now = options.now ?? Date.now;
    this.log = options.log ?? silentLog;
    this.cardMaxAgeMs = options.cardMaxAgeMs ?? CARD_MAX_AGE_MS;
    // WAL: readers and the writer do not block each other, and a commit is one append.
    // NORMAL sync in WAL loses nothing on a process crash (kill -9), only possibly the last
    // commits on power loss; FULL costs a disk flush per message (0.02 → 0.07 ms p50, 3 ms p99).
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    // Another process holding the write lock makes this one wait up to 5 s, not fail.
    db.pragma("busy_timeout = 5000");
    this.migrateSchema();
    this.sql = {
      user: db.prepare<[string], UserRow>("SELECT state FROM users WHERE key = ?"),
      upsert: db.prepare<[string, string, number]>(
        "INSERT INTO users (key, state, version, updated_at) VALUES (?, ?, 1, ?) " +
          "ON CONFLICT (key) DO UPDATE SET state = excluded.state, version = users.version + 1, updated_at = excluded.updated_at",
      ),
      damaged: db.prepare<[string, string, string, number]>(
        "INSERT INTO damaged_users (key, state, reason, at) VALUES (?, ?, ?, ?)",
      ),
      deleteUser: db.prepare<[string]>("DELETE FROM users WHERE key = ?"),
      deleteCards: db.prepare<[string]>("DELETE FROM cards WHERE user_key = ?"),
      deleteDamaged: db.prepare<[string]>("DELETE FROM damaged_users WHERE key = ?"),
      card: db.prepare<[string], CardRow>("SELECT movie_id, user_key, at FROM cards WHERE message_ref = ?"),
      putCard: db.prepare<[string, number, string, number]>(
        "INSERT OR REPLACE INTO cards (message_ref, movie_id, user_key, at) VALUES (?, ?, ?, ?)",
      ),
      pruneCards: db.prepare<[number]>("DELETE FROM cards WHERE at < ?"),
      claim: db.prepare<[number, number]>(
        "INSERT OR IGNORE INTO telegram_updates (update_id, at) VALUES (?, ?)",
      ),
      pruneUpdates: db.prepare<[number]>("DELETE FROM telegram_updates WHERE at < ?"),
      allUsers: db.prepare<[], { key: string; state: string }>("SELECT key, state FROM users ORDER BY key"),
      place: db.prepare<[string], { state: string }>("SELECT state FROM places WHERE id = ?"),
      putPlace: db.prepare<[string, string, number]>(
        "INSERT INTO places (id, state, updated_at) VALUES (?, ?, ?) " +
          "ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
      ),
      allPlaces: db.prepare<[], { state: string }>("SELECT state FROM places ORDER BY id"),
      join: db.prepare<[string, string, number]>(
        "INSERT INTO place_rosters (place, user_key, at) VALUES (?, ?, ?) ON CONFLICT (place, user_key) DO NOTHING",
      ),
      roster: db.prepare<[string], { user_key: string }>(
        "SELECT user_key FROM place_rosters WHERE place = ? ORDER BY at, user_key",
      ),
      allRosters: db.prepare<[], { place: string; user_key: string; at: number }>(
        "SELECT place, user_key, at FROM place_rosters ORDER BY place, at, user_key",
      ),
      leaveRosters: db.prepare<[string]>("DELETE FROM place_rosters WHERE user_key = ?"),
      allCards: db.prepare<[], CardRow & { message_ref: string }>(
        "SELECT message_ref, movie_id, user_key, at FROM cards ORDER BY at",
      ),
    };
    this.updateTx = db.transaction((key: string, change: (state: UserState) => UserState) => {
      const current = this.readForWrite(key);
      const next: UserState = { ...change(current), key, updatedAt: this.now() };
      this.sql.upsert.run(key, JSON.stringify(next), next.updatedAt);
      return next;
    });
    this.updatePlaceTx = db.transaction((id: string, change: (place: PlaceState) => PlaceState) => {
      const row = this.sql.place.get(id);
      const current = (row && parsePlace(row.state)) || freshPlace(id, this.now());
      const next: PlaceState = { ...change(current), id, updatedAt: this.now() };
      this.sql.putPlace.run(id, JSON.stringify(next), next.updatedAt);
      return next;
    });
  }

  /** Creates or upgrades the tables in one transaction; a newer schema is refused untouched. */
  private migrateSchema(): void {
    const run = this.db.transaction(() => {
      this.db.exec(META_TABLE);
      const row = this.db
        .prepare<[], { value: string }>("SELECT value FROM matinee_meta WHERE name = 'schema_version'")
        .get();
      const version = row ? Number(row.value) : 0;
      if (!row && this.hasTable("users"))
        throw new UserFacingError(
          `Cannot use ${this.label}: it holds a "users" table but is not a Matinee store.`,
        );
      const steps = sqlStepsFrom(version, this.label);
      for (const step of steps) for (const statement of step.statements) this.db.exec(statement);
      if (steps.length > 0)
        this.db
          .prepare(
            "INSERT INTO matinee_meta (name, value) VALUES ('schema_version', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
          )
          .run(String(SQL_SCHEMA_VERSION));
    });
    run.immediate();
  }

  private hasTable(name: string): boolean {
    return (
      this.db
        .prepare<[string], { n: number }>(
          "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?",
        )
        .get(name)!.n > 0
    );
  }

  /** The user's state inside a write transaction; a damaged row is moved aside and logged. */
  private readForWrite(key: string): UserState {
    const row = this.sql.user.get(key);
    if (!row) return freshUser(key, this.now());
    const parsed = parseState(row.state);
    if (parsed.ok) return parsed.state;
    this.sql.damaged.run(key, row.state, parsed.reason, this.now());
    reportDamaged({ log: this.log, store: this.label, key }, parsed.reason);
    return freshUser(key, this.now());
  }

  get(key: string): Promise<UserState | undefined> {
    return attempt(() => {
      const row = this.sql.user.get(key);
      return row ? readableState(row.state, { log: this.log, store: this.label, key }) : undefined;
    });
  }

  update(key: string, change: (state: UserState) => UserState): Promise<UserState> {
    return attempt(() => this.updateTx.immediate(key, change));
  }

  delete(key: string): Promise<boolean> {
    return attempt(() =>
      this.db
        .transaction(() => {
          const n =
            this.sql.deleteUser.run(key).changes +
            this.sql.deleteCards.run(key).changes +
            this.sql.leaveRosters.run(key).changes +
            this.sql.deleteDamaged.run(key).changes;
          return n > 0;
        })
        .immediate(),
    );
  }

  rememberCard(messageRef: string, card: SentCard): Promise<void> {
    return attempt(() => {
      this.sql.putCard.run(messageRef, card.movieId, card.key, card.at);
      this.prune();
    });
  }

  recallCard(messageRef: string): Promise<SentCard | undefined> {
    return attempt(() => {
      const row = this.sql.card.get(messageRef);
      return row ? { movieId: row.movie_id, key: row.user_key, at: Number(row.at) } : undefined;
    });
  }

  getPlace(id: string): Promise<PlaceState | undefined> {
    return attempt(() => {
      const row = this.sql.place.get(id);
      return row ? parsePlace(row.state) : undefined;
    });
  }

  updatePlace(id: string, change: (place: PlaceState) => PlaceState): Promise<PlaceState> {
    return attempt(() => this.updatePlaceTx.immediate(id, change));
  }

  joinRoster(place: string, key: string): Promise<void> {
    return attempt(() => {
      this.sql.join.run(place, key, this.now());
    });
  }

  roster(place: string): Promise<string[]> {
    return attempt(() => this.sql.roster.all(place).map((r) => r.user_key));
  }

  /** How many users are stored (damaged records aside). */
  countUsers(): Promise<number> {
    return attempt(() => this.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users").get()!.n);
  }

  claimUpdate(updateId: number): Promise<boolean> {
    return attempt(() => this.sql.claim.run(updateId, this.now()).changes === 1);
  }

  /** Forgets old cards and update ids, at most once an hour per process. */
  private prune(): void {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.sql.pruneCards.run(now - this.cardMaxAgeMs);
    this.sql.pruneUpdates.run(now - UPDATE_ID_MAX_AGE_MS);
  }

  exportDocument(): Promise<{ document: StoreData; counts: DocumentCounts }> {
    return attempt(() =>
      // One read transaction: the document is one consistent moment even while others write.
      this.db
        .transaction(() => {
          const document: StoreData = { schemaVersion: STORE_SCHEMA_VERSION, users: {}, cards: {} };
          let skipped = 0;
          for (const row of this.sql.allUsers.iterate()) {
            const parsed = parseState(row.state);
            if (parsed.ok) document.users[row.key] = parsed.state;
            else skipped++;
          }
          for (const c of this.sql.allCards.iterate())
            document.cards[c.message_ref] = { movieId: c.movie_id, key: c.user_key, at: Number(c.at) };
          document.places = {};
          for (const row of this.sql.allPlaces.iterate()) {
            const place = parsePlace(row.state);
            if (place) document.places[place.id] = place;
          }
          document.rosters = rostersOf(this.sql.allRosters.iterate());
          return {
            document: withoutEmptyPlaces(document),
            counts: {
              users: Object.keys(document.users).length,
              cards: Object.keys(document.cards).length,
              skipped,
            },
          };
        })
        .deferred(),
    );
  }

  importDocument(raw: unknown, label: string): Promise<DocumentCounts> {
    return attempt(() => {
      const { data } = migrate(raw, label);
      const doc = data as unknown as StoreData;
      return this.db
        .transaction(() => {
          const { rows, skipped } = documentUserRows(doc.users, label, this.log, this.now);
          for (const [key, state, updatedAt] of rows) this.sql.upsert.run(key, state, updatedAt);
          const users = rows.length;
          let cards = 0;
          for (const [ref, card] of Object.entries(doc.cards ?? {})) {
            this.sql.putCard.run(ref, card.movieId, card.key, card.at);
            cards++;
          }
          for (const [id, place] of Object.entries(doc.places ?? {}))
            this.sql.putPlace.run(
              id,
              JSON.stringify({ ...place, id }),
              Number(place.updatedAt) || this.now(),
            );
          for (const [id, roster] of Object.entries(doc.rosters ?? {}))
            for (const [key, at] of Object.entries(roster)) this.sql.join.run(id, key, at);
          return { users, cards, skipped };
        })
        .immediate();
    });
  }

  /**
   * SQLite's online backup into `target`: a consistent copy page by page while this and
   * other processes go on writing.
   */
  async backupTo(target: string): Promise<void> {
    await this.db.backup(target);
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

/** Runs synchronous database work as the Store's promise: a throw becomes a rejection. */
function attempt<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
}
