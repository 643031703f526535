import type { Catalogue } from "../../core/catalogue.ts";
import { UserFacingError } from "../../core/errors.ts";
import { applyOpinions, emptyProfile, type Profile, profileOf } from "../../core/profile/profile.ts";
import { opinionsOf, type TitleMatcher, type TitleMention } from "../../core/titles/find-titles.ts";

/** A profile from ids given on the command line; unknown ids are an error, not a silent skip. */
export function profileFromIds(catalogue: Catalogue, likeIds: number[], dislikeIds: number[]): Profile {
  for (const id of [...likeIds, ...dislikeIds]) {
    if (!catalogue.byId(id))
      throw new UserFacingError(`Unknown MovieLens id ${id}: it is not in the catalogue.`);
  }
  return profileOf(likeIds, dislikeIds);
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
  return { profile: applyOpinions(emptyProfile(), opinionsOf(mentions), 0), mentions };
}
