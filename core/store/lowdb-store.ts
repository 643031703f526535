import { type Adapter, Low } from "lowdb";
import { freshUser, type Store, type UserState } from "./store.ts";

export const STORE_SCHEMA_VERSION = 1;

export interface StoreData {
  schemaVersion: number;
  users: Record<string, UserState>;
}

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
  ) {
    this.db = new Low(adapter, { schemaVersion: STORE_SCHEMA_VERSION, users: {} });
  }

  private load(): Promise<void> {
    this.ready ??= this.db.read().then(() => {
      this.db.data ??= { schemaVersion: STORE_SCHEMA_VERSION, users: {} };
      this.db.data.users ??= {};
    });
    return this.ready;
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
      if (!(key in this.db.data.users)) return false;
      delete this.db.data.users[key];
      await this.db.write();
      return true;
    });
  }

  async close(): Promise<void> {
    await this.queue;
  }
}
