import { type Translator, translator } from "../i18n/i18n.ts";
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
export function watchLine(w: WatchOptions, tr: Translator = translator()): string | undefined {
  const some = (list: readonly string[]) => list.slice(0, 3).join(", ");
  const parts = [
    w.stream.length ? tr.t("watch-stream", { services: some(w.stream) }) : "",
    w.rent.length ? tr.t("watch-rent", { services: some(w.rent) }) : "",
    !w.stream.length && !w.rent.length && w.buy.length ? tr.t("watch-buy", { services: some(w.buy) }) : "",
  ].filter(Boolean);
  return parts.length ? tr.t("watch-via", { options: parts.join(" · ") }) : undefined;
}

/** Cards with the posters and watch options the cache knows; asks for the rest. */
export function withArtwork(
  cards: readonly Card[],
  artwork: Artwork,
  region: string | undefined,
  tr: Translator = translator(),
): Card[] {
  artwork.request(
    cards.map((c) => c.movieId),
    region,
  );
  return cards.map((c) => {
    const poster = c.posterUrl ?? artwork.posterUrl(c.movieId);
    const w = region ? artwork.watch(c.movieId, region) : undefined;
    const line = w ? watchLine(w, tr) : undefined;
    return { ...c, ...(poster ? { posterUrl: poster } : {}), ...(line ? { watch: line } : {}) };
  });
}
