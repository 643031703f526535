/** A film in a profile list, with when it got there (epoch ms): the user's sequence. */
export interface ProfileEntry {
  movieId: number;
  at: number;
  /**
   * The person's own rating, on the 0.5–5 star scale (Letterboxd's; IMDb's 1–10 halved), when
   * it came from an imported history. Films named in a chat carry none.
   */
  rating?: number;
}

/** A taste beyond single films: "not a fan of musicals", "more 80s stuff", "anything with Tom Hanks". */
export interface Preference {
  kind: "genre" | "decade" | "person";
  /** A MovieLens genre ("Musical"), a decade ("1980s"), or a lower-cased name ("tom hanks"). */
  value: string;
  /** 1 for wanted, -1 for not wanted. */
  sign: 1 | -1;
  at: number;
}

/** What one person has told Matinee about their taste. */
export interface Profile {
  liked: ProfileEntry[];
  disliked: ProfileEntry[];
  seen: ProfileEntry[];
  watchlist: ProfileEntry[];
  prefs: Preference[];
}

export type Opinion = "like" | "dislike" | "seen" | "watchlist";

const without = (list: ProfileEntry[], movieId: number) => list.filter((e) => e.movieId !== movieId);

export function emptyProfile(): Profile {
  return { liked: [], disliked: [], seen: [], watchlist: [], prefs: [] };
}

/** Records preferences; the latest word on a genre, decade or person replaces the earlier one. */
export function applyPreferences(
  profile: Profile,
  prefs: readonly Omit<Preference, "at">[],
  at: number,
): Profile {
  let list = profile.prefs;
  for (const p of prefs) {
    list = [...list.filter((q) => q.kind !== p.kind || q.value !== p.value), { ...p, at }];
  }
  return { ...profile, prefs: list };
}

/** Removes one film from every list (a corrected guess: "no, I meant the 1990 one"). */
export function withoutMovie(profile: Profile, movieId: number): Profile {
  return {
    ...profile,
    liked: without(profile.liked, movieId),
    disliked: without(profile.disliked, movieId),
    seen: without(profile.seen, movieId),
    watchlist: without(profile.watchlist, movieId),
  };
}

/** The opinion a profile holds on a film, if any (likes and dislikes win over seen). */
export function opinionOn(profile: Profile, movieId: number): Opinion | undefined {
  const has = (list: ProfileEntry[]) => list.some((e) => e.movieId === movieId);
  if (has(profile.liked)) return "like";
  if (has(profile.disliked)) return "dislike";
  if (has(profile.seen)) return "seen";
  if (has(profile.watchlist)) return "watchlist";
  return undefined;
}

/**
 * Records opinions in order. Liking a disliked film moves it (people change their minds,
 * and the latest word wins); a repeated like moves the film to the end of the sequence.
 */
export function applyOpinions(
  profile: Profile,
  opinions: readonly { movieId: number; opinion: Opinion }[],
  at: number,
): Profile {
  let p = profile;
  for (const { movieId, opinion } of opinions) {
    const entry = { movieId, at };
    switch (opinion) {
      case "like":
        p = { ...p, liked: [...without(p.liked, movieId), entry], disliked: without(p.disliked, movieId) };
        break;
      case "dislike":
        p = { ...p, disliked: [...without(p.disliked, movieId), entry], liked: without(p.liked, movieId) };
        break;
      case "seen":
        p = { ...p, seen: [...without(p.seen, movieId), entry], watchlist: without(p.watchlist, movieId) };
        break;
      case "watchlist":
        p = { ...p, watchlist: [...without(p.watchlist, movieId), entry] };
        break;
    }
  }
  return p;
}

/** Films never to recommend again: everything the person already has an opinion on. */
export function knownMovieIds(profile: Profile): Set<number> {
  return new Set([...profile.liked, ...profile.disliked, ...profile.seen].map((e) => e.movieId));
}

/** A profile from films alone, likes then dislikes, as given on a command line or in a test case. */
export function profileOf(likeIds: readonly number[], dislikeIds: readonly number[] = []): Profile {
  return applyOpinions(
    emptyProfile(),
    [
      ...likeIds.map((movieId) => ({ movieId, opinion: "like" as const })),
      ...dislikeIds.map((movieId) => ({ movieId, opinion: "dislike" as const })),
    ],
    0,
  );
}
