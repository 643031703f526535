import type { Catalogue } from "../../core/catalogue.ts";
import { UserFacingError } from "../../core/errors.ts";
import { applyOpinions, emptyProfile, type Opinion, type Profile } from "../../core/profile/profile.ts";
import type { TitleMatcher, TitleMention } from "../../core/titles/find-titles.ts";

/** A profile from ids given on the command line; unknown ids are an error, not a silent skip. */
export function profileFromIds(catalogue: Catalogue, likeIds: number[], dislikeIds: number[]): Profile {
  for (const id of [...likeIds, ...dislikeIds]) {
    if (!catalogue.byId(id))
      throw new UserFacingError(`Unknown MovieLens id ${id}: it is not in the catalogue.`);
  }
  return applyOpinions(
    emptyProfile(),
    [
      ...likeIds.map((movieId) => ({ movieId, opinion: "like" as const })),
      ...dislikeIds.map((movieId) => ({ movieId, opinion: "dislike" as const })),
    ],
    0,
  );
}

/** A profile from free text, read the same way the chat reads a message. */
export function profileFromText(
  titles: TitleMatcher,
  text: string,
): { profile: Profile; mentions: TitleMention[] } {
  const mentions = titles.find(text);
  if (mentions.length === 0) {
    throw new UserFacingError(
      `No film titles found in "${text}". Write titles as on the poster, e.g. "Heat, The Godfather".`,
    );
  }
  const opinions = mentions
    .filter((m) => m.sentiment !== "neutral")
    .map((m) => ({ movieId: m.movieId, opinion: m.sentiment as Opinion }));
  return { profile: applyOpinions(emptyProfile(), opinions, 0), mentions };
}
