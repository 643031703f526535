import { type Adapter, Low } from "lowdb";
import { UserFacingError } from "../errors.ts";
import { migrate, STORE_SCHEMA_VERSION } from "./migrations.ts";
import { freshUser, type SentCard, type Store, type UserState } from "./store.ts";

export { STORE_SCHEMA_VERSION };

export interface StoreData {
  schemaVersion: number;
  users: Record<string, UserState>;
  /** Platform message → the film it showed, for reactions; the oldest go first past MAX_CARDS. */
  cards: Record<string, SentCard>;
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
}

/** Reactions come within days of a card being sent; beyond this many, old cards are forgotten. */
export const MAX_CARDS = 50_000;

/**
 * The embedded default store: one lowdb document. The adapter decides where it lives
 * (lowdb's JSONFile writes a temp file and renames it, so a crash never leaves half a
 * file; Memory keeps it in the process, for tests). Writes are chained so that two
 * updates never interleave and none is lost.
 */
export class LowdbStore implements Store {
  private readonly db: Low<StoreData>;
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
        `Cannot read ${label}: ${(error as Error).message}. Restore a backup (see \`matinee backup\`) or move the file away.`,
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

  async close(): Promise<void> {
    await this.queue;
  }
}
