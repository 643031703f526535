import type { Catalogue } from "../../core/catalogue.ts";
import { readTaste, saysNothing } from "../../core/dialogue/taste.ts";
import {
  applyOpinions,
  applyPreferences,
  emptyProfile,
  type Profile,
  profileOf,
} from "../../core/profile/profile.ts";
import type { ListFilter } from "../../core/store/store.ts";
import { opinionsOf, type TitleMatcher, type TitleMention } from "../../core/titles/find-titles.ts";
import { BadRequest } from "./bad-request.ts";

/** Words in, a profile out: read as the chat reads a first message (films, feelings, tastes, a list asked for). */
export function tasteOfText(
  titles: TitleMatcher,
  knownPerson: (name: string) => boolean,
  text: string,
): { profile: Profile; mentions: TitleMention[]; filter?: ListFilter } {
  const reading = readTaste(text, titles, knownPerson);
  if (saysNothing(reading)) throw new BadRequest("likes", `no film titles found in "${text.slice(0, 80)}"`);
  const { mentions, prefs, filter } = reading;
  const profile = applyPreferences(applyOpinions(emptyProfile(), opinionsOf(mentions), 0), prefs, 0);
  return filter ? { profile, mentions, filter } : { profile, mentions };
}

/** Ids in, a profile out; an id the catalogue lacks is the client's mistake, named. */
export function tasteOfIds(
  catalogue: Catalogue,
  ids: { likeIds?: number[]; dislikeIds?: number[]; seenIds?: number[] },
): Profile {
  for (const field of ["likeIds", "dislikeIds", "seenIds"] as const) {
    const unknown = ids[field]?.find((id) => !catalogue.byId(id));
    if (unknown !== undefined) throw new BadRequest(field, `unknown MovieLens id ${unknown}`);
  }
  const base = profileOf(ids.likeIds ?? [], ids.dislikeIds ?? []);
  return applyOpinions(
    base,
    (ids.seenIds ?? []).map((movieId) => ({ movieId, opinion: "seen" as const })),
    0,
  );
}
