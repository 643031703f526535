import type { Catalogue } from "../../core/catalogue.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";

/** Films well known enough to rate without thinking: the most rated of the catalogue. */
const POOL_SIZE = 150;
/** How many neighbours of a loved film are looked at when the next film follows the ratings. */
const NEIGHBOURS = 60;
/** Ratings asked for before the first list. */
export const STARTER_COUNT = 10;

export interface Rated {
  movieId: number;
  rating: number;
}

/** The most rated films, most first: the pool Rate to start draws from. */
export function starterPool(catalogue: Catalogue, size = POOL_SIZE): number[] {
  const order = catalogue.movies.map((m, i) => ({ id: m.movieId, n: catalogue.ratingCounts[i] ?? 0 }));
  order.sort((a, b) => b.n - a.n || a.id - b.id);
  return order.slice(0, size).map((o) => o.id);
}

/**
 * The next film to rate. Well known (from the pool), not shown before, and chosen by what
 * the ratings so far say: genres not yet shown count for variety, films the model finds near
 * a film rated 4–5 count for fit, films near one rated 1–2 (and its genres) count against. With no rating
 * yet it is the most varied of the popular films. Pure: the same ratings give the same film.
 */
export function nextStarter(
  catalogue: Catalogue,
  models: ServingModels,
  pool: readonly number[],
  rated: readonly Rated[],
  shown: readonly number[],
): number | undefined {
  const skip = new Set([...shown, ...rated.map((r) => r.movieId)]);
  const shownGenres = new Map<string, number>();
  for (const id of skip)
    for (const g of catalogue.byId(id)?.genres ?? []) shownGenres.set(g, (shownGenres.get(g) ?? 0) + 1);
  const disliked = new Set<string>();
  for (const r of rated)
    if (r.rating <= 2) for (const g of catalogue.byId(r.movieId)?.genres ?? []) disliked.add(g);
  // Near the films rated so far: toward those rated 4–5, away from those rated 1–2, the latest
  // weighing most, so the films shown adapt as stars come in.
  const near = new Map<number, number>();
  rated.forEach((r, i) => {
    const item = catalogue.indexOf(r.movieId);
    const lean = (r.rating - 3) / 2;
    if (item === undefined || lean === 0) return;
    const weight = (lean * (i + 1)) / rated.length;
    for (const [rank, s] of models.ranker.similar(item, NEIGHBOURS).entries()) {
      const id = catalogue.at(s.item).movieId;
      near.set(id, (near.get(id) ?? 0) + weight * (1 - rank / NEIGHBOURS));
    }
  });
  let best: number | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  pool.forEach((id, rank) => {
    if (skip.has(id)) return;
    const genres = catalogue.byId(id)?.genres ?? [];
    const fresh = genres.length === 0 ? 0 : genres.filter((g) => !shownGenres.has(g)).length / genres.length;
    const against = genres.some((g) => disliked.has(g)) ? 0.2 : 0;
    const score = 0.5 * fresh + 0.8 * (near.get(id) ?? 0) + 0.3 * (1 - rank / pool.length) - against;
    if (score > bestScore) {
      bestScore = score;
      best = id;
    }
  });
  return best;
}
