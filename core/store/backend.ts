import type { StoreData } from "./lowdb-store.ts";
import type { Store } from "./store.ts";

/** What an import or export moved, for the operator's one-line summary. */
export interface DocumentCounts {
  users: number;
  cards: number;
  /** Records that could not be read (kept aside in the store, logged) and so were not moved. */
  skipped: number;
}

/**
 * A store the operator can back up, restore and run several front ends on. Kept apart from
 * `Store` (which is all the core needs) so the core's contract stays small.
 */
export interface StoreBackend extends Store {
  /** "lowdb", "sqlite" or "postgres": for logs, metrics and bench figures. */
  readonly backend: string;
  /** The whole store in the lowdb document format (the JSON backup format). */
  exportDocument(): Promise<{ document: StoreData; counts: DocumentCounts }>;
  /** Adds a lowdb document (any schema version this Matinee reads); users in it replace same-key users. */
  importDocument(document: unknown, label: string): Promise<DocumentCounts>;
  /**
   * True the first time a Telegram update id is claimed, false after: several webhook
   * instances behind one URL then answer each update once.
   */
  claimUpdate(updateId: number): Promise<boolean>;
}
