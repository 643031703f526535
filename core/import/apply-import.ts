import type { Profile, ProfileEntry } from "../profile/profile.ts";
import type { HistoryFilm } from "./history.ts";
import type { MatchedFilm } from "./match-history.ts";

/** Where an imported film goes in the profile. */
export type ImportOpinion = "like" | "dislike" | "seen" | "watchlist";

/**
 * The rule, on the 0.5–5 star scale: 3.5 stars and up is a like, 2 and below a dislike, in
 * between a film seen without a verdict. On IMDb's scale that is 7–10 like, 1–4 dislike.
 */
export const LIKE_FROM_STARS = 3.5;
export const DISLIKE_UP_TO_STARS = 2;

export function opinionOf(film: HistoryFilm): ImportOpinion {
  if (film.kind === "watchlist") return "watchlist";
  if (film.rating === undefined) return "seen";
  if (film.rating >= LIKE_FROM_STARS) return "like";
  if (film.rating <= DISLIKE_UP_TO_STARS) return "dislike";
  return "seen";
}

export interface ImportCounts {
  liked: number;
  disliked: number;
  seen: number;
  watchlist: number;
  /** Imported films the profile already had (their entry replaced by the import's). */
  updated: number;
}

/** Oldest first; entries of the same moment keep their order (Array.prototype.sort is stable). */
const byTime = (list: ProfileEntry[]) => list.sort((a, b) => a.at - b.at);

/**
 * The profile with an imported history merged in, and what went where. Every imported film
 * lands in exactly one list, dated by the export (undated rows at `now`, in file order), and
 * each list is kept in time order, so the liked list is the person's real sequence for the
 * sequence models. Films the import does not name keep their entries; so do preferences.
 * A film the export says was watched leaves the watchlist (as it does on Letterboxd).
 */
export function applyImport(
  profile: Profile,
  matched: readonly MatchedFilm[],
  now: number,
): { profile: Profile; counts: ImportCounts } {
  const dated = matched
    .map((m, order) => ({ m, order, at: m.film.at ?? now }))
    .sort((a, b) => a.at - b.at || a.order - b.order);
  // The film's latest row wins when two rows of the export name the same catalogue film.
  const latest = new Map<number, { opinion: ImportOpinion; entry: ProfileEntry }>();
  for (const { m, at } of dated) {
    latest.delete(m.movieId);
    latest.set(m.movieId, {
      opinion: opinionOf(m.film),
      entry: { movieId: m.movieId, at, ...(m.film.rating !== undefined ? { rating: m.film.rating } : {}) },
    });
  }
  const watchedIds = new Set<number>();
  for (const [id, { opinion }] of latest) if (opinion !== "watchlist") watchedIds.add(id);
  const before = new Set(
    [...profile.liked, ...profile.disliked, ...profile.seen, ...profile.watchlist].map((e) => e.movieId),
  );
  const kept = (list: readonly ProfileEntry[], drop: ReadonlySet<number>) =>
    list.filter((e) => !drop.has(e.movieId));
  const imported = (opinion: ImportOpinion) =>
    [...latest.values()].filter((v) => v.opinion === opinion).map((v) => v.entry);

  const liked = byTime([...kept(profile.liked, watchedIds), ...imported("like")]);
  const disliked = byTime([...kept(profile.disliked, watchedIds), ...imported("dislike")]);
  const seen = byTime([...kept(profile.seen, watchedIds), ...imported("seen")]);
  // A film to watch is only listed if nothing says it has been watched already.
  const opinionated = new Set([...liked, ...disliked, ...seen].map((e) => e.movieId));
  const toWatch = imported("watchlist").filter((e) => !opinionated.has(e.movieId));
  const watchlist = byTime([
    ...kept(profile.watchlist, new Set([...watchedIds, ...toWatch.map((e) => e.movieId)])),
    ...toWatch,
  ]);
  return {
    profile: { ...profile, liked, disliked, seen, watchlist },
    counts: {
      liked: imported("like").length,
      disliked: imported("dislike").length,
      seen: imported("seen").length,
      watchlist: toWatch.length,
      updated: [...watchedIds, ...toWatch.map((e) => e.movieId)].filter((id) => before.has(id)).length,
    },
  };
}
