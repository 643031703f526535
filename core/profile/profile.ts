/** A film in a profile list, with when it got there (epoch ms): the user's sequence. */
export interface ProfileEntry {
  movieId: number;
  at: number;
}

/** What one person has told Matinee about their taste. */
export interface Profile {
  liked: ProfileEntry[];
  disliked: ProfileEntry[];
  seen: ProfileEntry[];
  watchlist: ProfileEntry[];
}

export type Opinion = "like" | "dislike" | "seen" | "watchlist";

export function emptyProfile(): Profile {
  return { liked: [], disliked: [], seen: [], watchlist: [] };
}

const without = (list: ProfileEntry[], movieId: number) => list.filter((e) => e.movieId !== movieId);

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
