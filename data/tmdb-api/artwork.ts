import { type Log, silentLog } from "../../core/log.ts";
import type { Movie } from "../../core/movie.ts";
import type { Artwork, WatchOptions } from "../../core/reply/artwork.ts";
import type { ArtworkCache } from "./cache.ts";
import { TmdbAuthError, type TmdbClient, TmdbStoppedError } from "./client.ts";
import { MovieDetails, posterPathOf, watchOptionsOf } from "./schemas.ts";

export const POSTER_BASE = "https://image.tmdb.org/t/p/w342";

export interface TmdbArtworkOptions {
  client: TmdbClient;
  cache: ArtworkCache;
  /** The catalogue's film for a MovieLens id: its TMDB id and any poster the metadata files gave. */
  movie: (movieId: number) => Pick<Movie, "tmdbId" | "posterPath"> | undefined;
  log?: Log;
  /** Lookups queued beyond this are dropped (asked again next time the card is shown). */
  maxQueued?: number;
}

export interface RefreshResult {
  requested: number;
  fetched: number;
  failed: number;
}

/**
 * Posters and where-to-watch from TMDB, behind the core's synchronous `Artwork`: reads come
 * from the cache, `request` fills it in the background. Poster from the metadata files
 * first; the API only for films they lack. Errors are logged, never thrown at the chat.
 */
export class TmdbArtwork implements Artwork {
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly log: Log;
  private readonly maxQueued: number;
  private disabled = false;

  constructor(private readonly options: TmdbArtworkOptions) {
    this.log = options.log ?? silentLog;
    this.maxQueued = options.maxQueued ?? 500;
  }

  posterUrl(movieId: number): string | undefined {
    const path = this.options.movie(movieId)?.posterPath ?? this.options.cache.poster(movieId)?.path;
    return path ? `${POSTER_BASE}${path}` : undefined;
  }

  watch(movieId: number, region: string): WatchOptions | undefined {
    return this.options.cache.watch(movieId, region);
  }

  request(movieIds: readonly number[], region: string | undefined): void {
    for (const movieId of movieIds) {
      if (this.needs(movieId, region)) void this.fetch(movieId, region);
    }
  }

  /** Resolves once every lookup queued so far has finished (jobs, tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /**
   * Looks up again what has expired (posters, and where-to-watch for the regions people
   * use), plus `movieIds` (e.g. the most popular films) not looked up yet. Awaits all of
   * it: the scheduled poster refresh, not the chat, calls this.
   */
  async refresh(movieIds: readonly number[] = []): Promise<RefreshResult> {
    const { cache } = this.options;
    cache.prune();
    const { posters, watch } = cache.expired();
    const jobs = new Map<string, { movieId: number; region: string | undefined }>();
    // A where-to-watch lookup brings the poster too.
    const covered = new Set<number>();
    for (const { movieId, region } of watch) {
      jobs.set(`${movieId}:${region}`, { movieId, region });
      covered.add(movieId);
    }
    for (const movieId of [...posters, ...movieIds]) {
      if (!covered.has(movieId) && this.needs(movieId, undefined)) {
        jobs.set(`${movieId}:`, { movieId, region: undefined });
      }
    }
    const results = await Promise.all(
      [...jobs.values()].map(({ movieId, region }) => this.fetch(movieId, region, true)),
    );
    await cache.flush();
    const fetched = results.filter(Boolean).length;
    return { requested: results.length, fetched, failed: results.length - fetched };
  }

  /**
   * Saves the cache (call on shutdown). Lookups waiting (their turn, a 429's Retry-After, a
   * back-off) give up at once; those on the wire get up to `waitMs` to land, then are dropped.
   * A person's `quit` is never held by TMDB's rate limit.
   */
  async close(waitMs = 2000): Promise<void> {
    this.disabled = true;
    this.options.client.stop();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs).unref();
    });
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
    this.options.client.abort();
    await this.idle();
    await this.options.cache.flush();
  }

  private needs(movieId: number, region: string | undefined): boolean {
    const movie = this.options.movie(movieId);
    if (this.disabled || movie?.tmdbId === undefined) return false;
    const needsPoster = !movie.posterPath && !this.options.cache.posterFresh(movieId);
    const needsWatch = region !== undefined && this.options.cache.watch(movieId, region) === undefined;
    return needsPoster || needsWatch;
  }

  /** One lookup per (film, region) at a time; true when TMDB answered. */
  private fetch(movieId: number, region: string | undefined, force = false): Promise<boolean> {
    const key = `${movieId}:${region ?? ""}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    if (!force && this.inFlight.size >= this.maxQueued) return Promise.resolve(false);
    const job = this.lookup(movieId, region).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }

  private async lookup(movieId: number, region: string | undefined): Promise<boolean> {
    const tmdbId = this.options.movie(movieId)?.tmdbId;
    if (tmdbId === undefined || this.disabled) return false;
    try {
      const body = await this.options.client.get(
        `/movie/${tmdbId}`,
        region ? { append_to_response: "watch/providers" } : {},
      );
      if (body === undefined) {
        // TMDB has no such film: remember that, so it isn't asked again soon.
        this.options.cache.setPoster(movieId, null);
        if (region) this.options.cache.setWatch(movieId, region, { stream: [], rent: [], buy: [] });
        return true;
      }
      const parsed = MovieDetails.safeParse(body);
      if (!parsed.success) {
        this.log.warn({ movieId, tmdbId }, "TMDB answered in an unexpected shape; ignored");
        return false;
      }
      this.options.cache.setPoster(movieId, posterPathOf(parsed.data));
      if (region) this.options.cache.setWatch(movieId, region, watchOptionsOf(parsed.data, region));
      return true;
    } catch (error) {
      if (error instanceof TmdbAuthError) {
        if (!this.disabled)
          this.log.error({}, `${error.message}; posters and where-to-watch from TMDB are off`);
        this.disabled = true;
      } else if (error instanceof TmdbStoppedError) {
        // Shutting down: asked again next time the card is shown.
        this.log.debug({ movieId, tmdbId }, "TMDB lookup dropped on shutdown");
      } else {
        this.log.warn({ movieId, tmdbId, err: (error as Error).message }, "TMDB lookup failed");
      }
      return false;
    }
  }
}
