import { readFile } from "node:fs/promises";
import type { Adapter } from "lowdb";
import type { StoreData } from "../../core/store/lowdb-store.ts";
import { writeFileAtomic } from "../../data/write-atomic.ts";

/** Profiles are personal: the store and its copies are readable by their owner only. */
export const PRIVATE_FILE = 0o600;

/**
 * Parses a store file's text. A UTF-8 byte-order mark (left by some Windows editors) is
 * dropped; an empty file or one holding `null` (a truncated or hand-emptied store) reads as
 * "no data", which the caller reports; anything else must be JSON, or the parse error stands.
 */
export function parseStoreText(text: string): unknown {
  const body = text.replace(/^\uFEFF/, "").trim();
  if (body === "" || body === "null") return null;
  return JSON.parse(body);
}

/**
 * lowdb's JSONFile, but forgiving of a BOM and an empty file, and writing owner-only files
 * (write to a temporary name, then rename: a crash never leaves half a file).
 */
export class StoreFile implements Adapter<StoreData> {
  constructor(
    private readonly path: string,
    private readonly onEmpty: () => void = () => {},
  ) {}

  async read(): Promise<StoreData | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    const doc = parseStoreText(text);
    if (doc === null) this.onEmpty();
    // The store checks the shape (migrate) before any use.
    return doc as StoreData | null;
  }

  write(data: StoreData): Promise<void> {
    return writeFileAtomic(this.path, JSON.stringify(data), PRIVATE_FILE);
  }
}
