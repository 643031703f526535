import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { type Log, silentLog } from "../../core/log.ts";
import type { WatchOptions } from "../../core/reply/artwork.ts";
import { writeFileAtomic } from "../write-atomic.ts";

const DAY = 24 * 3600 * 1000;

export interface CacheTtl {
  /** A known poster is looked up again after this long (it rarely changes; the old one is served meanwhile). */
  posterMs: number;
  /** "TMDB has no poster" is believed this long. */
  noPosterMs: number;
  /** Streaming catalogues change weekly; older where-to-watch is not shown. */
  watchMs: number;
}

export const DEFAULT_TTL: CacheTtl = { posterMs: 30 * DAY, noPosterMs: 7 * DAY, watchMs: 3 * DAY };

const PosterEntry = z.object({ path: z.string().nullable(), at: z.number() });
const WatchEntry = z.object({
  stream: z.array(z.string()),
  rent: z.array(z.string()),
  buy: z.array(z.string()),
  at: z.number(),
});
const CacheFile = z.object({
  version: z.literal(1),
  posters: z.record(z.string(), PosterEntry),
  watch: z.record(z.string(), WatchEntry),
});
type CacheFile = z.infer<typeof CacheFile>;
export type PosterEntry = z.infer<typeof PosterEntry>;
export type WatchEntry = z.infer<typeof WatchEntry>;

/**
 * Posters and where-to-watch fetched from TMDB, by MovieLens id, on disk as one JSON file.
 * Reads are synchronous from memory (the chat path never waits); writes are batched and
 * land atomically (temp file + rename), one at a time.
 */
export class ArtworkCache {
  private data: CacheFile = { version: 1, posters: {}, watch: {} };
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    readonly ttl: CacheTtl = DEFAULT_TTL,
    private readonly now: () => number = Date.now,
    private readonly log: Log = silentLog,
    /** How long changes gather before one write. */
    private readonly flushDelayMs = 2000,
  ) {
    this.load();
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    try {
      this.data = CacheFile.parse(JSON.parse(readFileSync(this.file, "utf8")));
    } catch (error) {
      // A cache: start afresh rather than refuse to start.
      this.log.warn(
        { file: this.file, err: (error as Error).message },
        "artwork cache unreadable; starting empty",
      );
    }
  }

  poster(movieId: number): PosterEntry | undefined {
    return this.data.posters[movieId];
  }

  /** Whether the poster entry (found or "none") is still within its time. */
  posterFresh(movieId: number): boolean {
    const e = this.data.posters[movieId];
    if (!e) return false;
    return this.now() - e.at < (e.path ? this.ttl.posterMs : this.ttl.noPosterMs);
  }

  setPoster(movieId: number, path: string | null): void {
    this.data.posters[movieId] = { path, at: this.now() };
    this.changed();
  }

  /** Where to watch, only while fresh: stale availability is worse than none. */
  watch(movieId: number, region: string): WatchOptions | undefined {
    const e = this.data.watch[`${movieId}:${region}`];
    if (!e || this.now() - e.at >= this.ttl.watchMs) return undefined;
    return { stream: e.stream, rent: e.rent, buy: e.buy };
  }

  setWatch(movieId: number, region: string, options: WatchOptions): void {
    this.data.watch[`${movieId}:${region}`] = { ...options, at: this.now() };
    this.changed();
  }

  /** Films whose poster entry has expired, and (film, region) pairs whose where-to-watch has. */
  expired(): { posters: number[]; watch: { movieId: number; region: string }[] } {
    const posters = Object.keys(this.data.posters)
      .map(Number)
      .filter((id) => !this.posterFresh(id));
    const watch = Object.entries(this.data.watch)
      .filter(([, e]) => this.now() - e.at >= this.ttl.watchMs)
      .map(([key]) => {
        const [id, region] = key.split(":");
        return { movieId: Number(id), region: region! };
      });
    return { posters, watch };
  }

  /** Drops where-to-watch entries long past use, so the file doesn't grow forever. */
  prune(olderThanMs = 4 * this.ttl.watchMs): number {
    let dropped = 0;
    for (const [key, e] of Object.entries(this.data.watch)) {
      if (this.now() - e.at >= olderThanMs) {
        delete this.data.watch[key];
        dropped++;
      }
    }
    if (dropped) this.changed();
    return dropped;
  }

  get size(): { posters: number; watch: number } {
    return { posters: Object.keys(this.data.posters).length, watch: Object.keys(this.data.watch).length };
  }

  private changed(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch((error: Error) =>
        this.log.warn({ file: this.file, err: error.message }, "artwork cache not saved"),
      );
    }, this.flushDelayMs);
    // A pending save never keeps the process alive; close() saves on the way out.
    this.timer.unref();
  }

  /** Writes pending changes now (one write at a time: the temp file name is per process). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (!this.dirty) return;
        this.dirty = false;
        try {
          await mkdir(dirname(this.file), { recursive: true });
          await writeFileAtomic(this.file, JSON.stringify(this.data));
        } catch (error) {
          this.dirty = true;
          throw error;
        }
      });
    return this.writing;
  }
}
