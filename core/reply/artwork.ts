import type { Card } from "./reply.ts";

/** Where one film can be watched in one country, as TMDB's watch providers (JustWatch data) say. */
export interface WatchOptions {
  stream: string[];
  rent: string[];
  buy: string[];
}

/**
 * Posters and where-to-watch beyond the metadata files, from a cache an edge module fills
 * in the background (TMDB API). Lookups are synchronous and never wait on the network: a
 * card whose poster isn't known yet goes out as a text card, and asks for it.
 */
export interface Artwork {
  posterUrl(movieId: number): string | undefined;
  watch(movieId: number, region: string): WatchOptions | undefined;
  /** Fetch what is missing for these films, in the background; never awaited by a chat turn. */
  request(movieIds: readonly number[], region: string | undefined): void;
}

/** "Stream: Netflix · Rent: Apple TV" (TMDB requires naming JustWatch as the source). */
export function watchLine(w: WatchOptions): string | undefined {
  const parts = [
    w.stream.length ? `Stream: ${w.stream.slice(0, 3).join(", ")}` : "",
    w.rent.length ? `Rent: ${w.rent.slice(0, 3).join(", ")}` : "",
    !w.stream.length && !w.rent.length && w.buy.length ? `Buy: ${w.buy.slice(0, 3).join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? `${parts.join(" · ")} (via JustWatch)` : undefined;
}

/** Cards with the posters and watch options the cache knows; asks for the rest. */
export function withArtwork(cards: readonly Card[], artwork: Artwork, region: string | undefined): Card[] {
  artwork.request(
    cards.map((c) => c.movieId),
    region,
  );
  return cards.map((c) => {
    const poster = c.posterUrl ?? artwork.posterUrl(c.movieId);
    const w = region ? artwork.watch(c.movieId, region) : undefined;
    const line = w ? watchLine(w) : undefined;
    return { ...c, ...(poster ? { posterUrl: poster } : {}), ...(line ? { watch: line } : {}) };
  });
}
