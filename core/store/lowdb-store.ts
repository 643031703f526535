import { type Adapter, Low } from "lowdb";
import { UserFacingError } from "../errors.ts";
import type { DocumentCounts, StoreBackend } from "./backend.ts";
import { migrate, STORE_SCHEMA_VERSION } from "./migrations.ts";
import { freshPlace, freshUser, type PlaceState, type SentCard, type UserState } from "./store.ts";

export { STORE_SCHEMA_VERSION };

export interface StoreData {
  schemaVersion: number;
  users: Record<string, UserState>;
  /** Platform message → the film it showed, for reactions; the oldest go first past MAX_CARDS. */
  cards: Record<string, SentCard>;
  /**
   * Places (an open movie-night vote), by place id. Optional, so documents of schema 2
   * without it stay valid, and exported only when there is one: an older Matinee reading
   * the file keeps the field as it is (lowdb writes the whole document back).
   */
  places?: Record<string, PlaceState>;
  /** Movie-night rosters: place id → person key → when they joined (ms). Optional, as `places`. */
  rosters?: Record<string, Record<string, number>>;
}

export interface LowdbStoreOptions {
  /** How messages name the store ("/var/lib/matinee/store.json"); "the store" if unset. */
  label?: string;
  /**
   * Called with the document as read, before an older schema is migrated and written back
   * (the file store keeps a copy of the old file here).
   */
  beforeMigrate?: (original: unknown, fromVersion: number) => Promise<void>;
  /** Told which versions a migration walked through, e.g. [1, 2]. */
  onMigrated?: (steps: number[]) => void;
  /** Called once the last write is done on close (the file store releases its lock here). */
  onClose?: () => void;
}

/** Reactions come within days of a card being sent; beyond this many, old cards are forgotten. */
export const MAX_CARDS = 50_000;
/**
 * Telegram update ids kept for deduplication. Telegram resends an update within a day, far
 * fewer than this for one process; the oldest go first, so memory stays bounded.
 */
export const MAX_CLAIMED_UPDATES = 100_000;

/**
 * The embedded default store: one lowdb document. The adapter decides where it lives
 * (lowdb's JSONFile writes a temp file and renames it, so a crash never leaves half a
 * file; Memory keeps it in the process, for tests). Writes are chained so that two
 * updates never interleave and none is lost.
 */
export class LowdbStore implements StoreBackend {
  readonly backend = "lowdb";
  private readonly db: Low<StoreData>;
  /**
   * Telegram update ids seen by this process. A lowdb store serves one process (the file
   * store is locked), so in memory is enough: a webhook redelivery goes to the same process.
   */
  private readonly claimed = new Set<number>();
  private ready: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    adapter: Adapter<StoreData>,
    private readonly now: () => number = Date.now,
    private readonly options: LowdbStoreOptions = {},
  ) {
    this.db = new Low(adapter, { schemaVersion: STORE_SCHEMA_VERSION, users: {}, cards: {} });
  }

  /**
   * Reads the document once, migrating an older schema (and saving the result) before any
   * use. A failed read, a newer schema or a broken file fails every call with the same
   * clear error, and nothing is ever written over such a file.
   */
  private load(): Promise<void> {
    this.ready ??= this.open();
    return this.ready;
  }

  private async open(): Promise<void> {
    const label = this.options.label ?? "the store";
    try {
      await this.db.read();
    } catch (error) {
      throw new UserFacingError(
        `Cannot read ${label}: ${(error as Error).message}. Copy the file aside (mv "${label}" "${label}.damaged") ` +
          "and start again, or restore a backup made by `matinee backup`.",
      );
    }
    const raw: unknown = this.db.data;
    const { data, steps } = migrate(raw, label);
    if (steps.length > 0) await this.options.beforeMigrate?.(raw, steps[0]!);
    this.db.data = data as unknown as StoreData;
    this.db.data.cards ??= {};
    if (steps.length > 0) {
      await this.db.write();
      this.options.onMigrated?.(steps);
    }
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async get(key: string): Promise<UserState | undefined> {
    await this.load();
    const state = this.db.data.users[key];
    return state ? structuredClone(state) : undefined;
  }

  update(key: string, change: (state: UserState) => UserState): Promise<UserState> {
    return this.serial(async () => {
      await this.load();
      const current = this.db.data.users[key] ?? freshUser(key, this.now());
      const next = { ...change(structuredClone(current)), key, updatedAt: this.now() };
      this.db.data.users[key] = next;
      await this.db.write();
      return structuredClone(next);
    });
  }

  delete(key: string): Promise<boolean> {
    return this.serial(async () => {
      await this.load();
      const { users, cards } = this.db.data;
      let had = key in users;
      delete users[key];
      for (const roster of Object.values(this.db.data.rosters ?? {})) {
        if (key in roster) {
          delete roster[key];
          had = true;
        }
      }
      for (const [ref, card] of Object.entries(cards)) {
        if (card.key === key) {
          delete cards[ref];
          had = true;
        }
      }
      if (had) await this.db.write();
      return had;
    });
  }

  rememberCard(messageRef: string, card: SentCard): Promise<void> {
    return this.serial(async () => {
      await this.load();
      const { cards } = this.db.data;
      cards[messageRef] = { ...card };
      const refs = Object.keys(cards);
      if (refs.length > MAX_CARDS) {
        // Insertion order is send order, so the first keys are the oldest cards.
        for (const ref of refs.slice(0, refs.length - MAX_CARDS)) delete cards[ref];
      }
      await this.db.write();
    });
  }

  async recallCard(messageRef: string): Promise<SentCard | undefined> {
    await this.load();
    const card = this.db.data.cards[messageRef];
    return card ? { ...card } : undefined;
  }

  async getPlace(id: string): Promise<PlaceState | undefined> {
    await this.load();
    const place = this.db.data.places?.[id];
    return place ? structuredClone(place) : undefined;
  }

  updatePlace(id: string, change: (place: PlaceState) => PlaceState): Promise<PlaceState> {
    return this.serial(async () => {
      await this.load();
      this.db.data.places ??= {};
      const places = this.db.data.places;
      const current = places[id] ?? freshPlace(id, this.now());
      const next = { ...change(structuredClone(current)), id, updatedAt: this.now() };
      places[id] = next;
      await this.db.write();
      return structuredClone(next);
    });
  }

  joinRoster(place: string, key: string): Promise<void> {
    return this.serial(async () => {
      await this.load();
      this.db.data.rosters ??= {};
      this.db.data.rosters[place] ??= {};
      const roster = this.db.data.rosters[place];
      if (key in roster) return;
      roster[key] = this.now();
      await this.db.write();
    });
  }

  async roster(place: string): Promise<string[]> {
    await this.load();
    return rosterOrder(this.db.data.rosters?.[place] ?? {});
  }

  claimUpdate(updateId: number): Promise<boolean> {
    if (this.claimed.has(updateId)) return Promise.resolve(false);
    this.claimed.add(updateId);
    // A Set iterates in insertion order: the first id is the oldest claim.
    if (this.claimed.size > MAX_CLAIMED_UPDATES) this.claimed.delete(this.claimed.values().next().value!);
    return Promise.resolve(true);
  }

  async exportDocument(): Promise<{ document: StoreData; counts: DocumentCounts }> {
    await this.load();
    const document = withoutEmptyPlaces(structuredClone(this.db.data));
    return {
      document,
      counts: {
        users: Object.keys(document.users).length,
        cards: Object.keys(document.cards).length,
        skipped: 0,
      },
    };
  }

  importDocument(raw: unknown, label: string): Promise<DocumentCounts> {
    return this.serial(async () => {
      await this.load();
      const doc = migrate(raw, label).data as unknown as StoreData;
      const users = Object.entries(doc.users);
      const cards = Object.entries(doc.cards ?? {});
      for (const [key, state] of users) this.db.data.users[key] = { ...state, key };
      for (const [ref, card] of cards) this.db.data.cards[ref] = { ...card };
      this.db.data.places ??= {};
      const places = this.db.data.places;
      for (const [id, place] of Object.entries(doc.places ?? {})) places[id] = { ...place, id };
      this.db.data.rosters ??= {};
      const rosters = this.db.data.rosters;
      for (const [id, roster] of Object.entries(doc.rosters ?? {}))
        rosters[id] = { ...rosters[id], ...roster };
      await this.db.write();
      return { users: users.length, cards: cards.length, skipped: 0 };
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.options.onClose?.();
  }
}

/** A roster's keys, earliest joined first (ties by key, so every backend lists them alike). */
export function rosterOrder(roster: Readonly<Record<string, number>>): string[] {
  return Object.entries(roster)
    .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : a > b ? 1 : 0))
    .map(([key]) => key);
}

/** The document as exported: places and rosters only when there are some (every backend does the same). */
export function withoutEmptyPlaces(document: StoreData): StoreData {
  const { places, rosters, ...rest } = document;
  const filled = Object.fromEntries(
    Object.entries(rosters ?? {}).filter(([, r]) => Object.keys(r).length > 0),
  );
  return {
    ...rest,
    ...(places && Object.keys(places).length > 0 ? { places } : {}),
    ...(Object.keys(filled).length > 0 ? { rosters: filled } : {}),
  };
}

/** Roster rows (place, person, when) as the document's rosters map. */
export function rostersOf(
  rows: Iterable<{ place: string; user_key: string; at: number | string }>,
): Record<string, Record<string, number>> {
  const rosters: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const roster = rosters[r.place] ?? {};
    roster[r.user_key] = Number(r.at);
    rosters[r.place] = roster;
  }
  return rosters;
}
