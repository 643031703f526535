import type { Card } from "../../core/reply/reply.ts";

/** A card as `recommend --json`, `similar --json` and both batch modes print it. */
export function cardJson(c: Card) {
  return {
    movieId: c.movieId,
    title: c.title,
    year: c.year,
    score: c.score,
    reasons: c.reasons,
    poster: c.posterUrl ?? null,
  };
}
