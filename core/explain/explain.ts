import type { Catalogue } from "../catalogue.ts";
import { decadeOf, type Movie } from "../movie.ts";
import type { Ranked } from "../recommend/recommend.ts";

/** What a person's liked films have in common, computed, never assumed. */
export interface Taste {
  /** Genres of at least two liked films, most frequent first. */
  favouriteGenres: string[];
  /** The decade of at least two liked films and half of them, if there is one. */
  favouriteDecade?: string;
}

export function summarizeTaste(catalogue: Catalogue, likedIds: readonly number[]): Taste {
  const liked = likedIds.map((id) => catalogue.byId(id)).filter((m): m is Movie => m !== undefined);
  const genreCounts = new Map<string, number>();
  const decadeCounts = new Map<string, number>();
  for (const m of liked) {
    for (const g of m.genres) genreCounts.set(g, (genreCounts.get(g) ?? 0) + 1);
    const d = decadeOf(m.year);
    if (d) decadeCounts.set(d, (decadeCounts.get(d) ?? 0) + 1);
  }
  const byCount = (counts: Map<string, number>) =>
    [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const decade = byCount(decadeCounts)[0];
  return {
    favouriteGenres: byCount(genreCounts).map(([g]) => g),
    ...(decade && decade[1] * 2 >= liked.length ? { favouriteDecade: decade[0] } : {}),
  };
}

/** The recency bonus counts as a reason once it is this large a share of the score range. */
const NEW_REASON_MIN_BONUS = 0.12;

/**
 * One or two reasons for a card, each true of the card and of the person:
 * "because you liked Heat" names the liked film the model credits most;
 * "favourite genre: crime · 1990s" only names what the card and the taste share;
 * "you asked for Tom Hanks" names a wanted person, genre or decade the card has;
 * "new in 2018" only when the recency bonus really lifted the film.
 */
export function reasonsFor(catalogue: Catalogue, ranked: Ranked, taste: Taste): string[] {
  const movie = catalogue.byId(ranked.movieId);
  if (!movie) return [];
  const reasons: string[] = [];
  const [first, second] = ranked.because;
  if (first) {
    const a = catalogue.byId(first.movieId)?.title;
    const b = second && second.weight >= first.weight / 2 ? catalogue.byId(second.movieId)?.title : undefined;
    if (a) reasons.push(b ? `because you liked ${a} and ${b}` : `because you liked ${a}`);
  } else if (ranked.source === "popularity") {
    const count = catalogue.popularity(movie.movieId);
    reasons.push(`popular: rated by ${count} MovieLens ${count === 1 ? "member" : "members"}`);
  }
  const wanted = ranked.wanted[0];
  if (wanted)
    reasons.push(`you asked for ${wanted.kind === "person" ? titleCase(wanted.value) : wanted.value}`);
  const genre = taste.favouriteGenres.find((g) => movie.genres.includes(g));
  const decade = taste.favouriteDecade === decadeOf(movie.year) ? taste.favouriteDecade : undefined;
  const shared = [genre ? `favourite genre: ${genre.toLowerCase()}` : undefined, decade].filter(Boolean);
  if (shared.length > 0) reasons.push(shared.join(" · "));
  if (ranked.recency >= NEW_REASON_MIN_BONUS && movie.year !== null) reasons.push(`new in ${movie.year}`);
  return reasons.slice(0, 2);
}

function titleCase(name: string): string {
  return name.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}
