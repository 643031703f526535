import type { Catalogue } from "../../core/catalogue.ts";
import { readTaste, saysNothing } from "../../core/dialogue/taste.ts";
import { UserFacingError } from "../../core/errors.ts";
import type { Movie } from "../../core/movie.ts";
import {
  applyOpinions,
  applyPreferences,
  emptyProfile,
  type Profile,
  profileOf,
} from "../../core/profile/profile.ts";
import type { ListFilter } from "../../core/store/store.ts";
import { opinionsOf, type TitleMatcher, type TitleMention } from "../../core/titles/find-titles.ts";

/** Ids split into those the catalogue has and those it does not, order kept. */
export function splitKnown(
  catalogue: Catalogue,
  ids: readonly number[],
): { known: number[]; unknown: number[] } {
  const known: number[] = [];
  const unknown: number[] = [];
  for (const id of ids) (catalogue.byId(id) ? known : unknown).push(id);
  return { known, unknown };
}

/** A profile from ids given on the command line; unknown ids are an error, not a silent skip. */
export function profileFromIds(catalogue: Catalogue, likeIds: number[], dislikeIds: number[]): Profile {
  const { unknown } = splitKnown(catalogue, [...likeIds, ...dislikeIds]);
  if (unknown.length > 0)
    throw new UserFacingError(`Unknown MovieLens id ${unknown[0]}: it is not in the catalogue.`);
  return profileOf(likeIds, dislikeIds);
}

export interface TextTaste {
  profile: Profile;
  mentions: TitleMention[];
  /** "…, more 80s stuff": the list asked for, as the chat narrows it. */
  filter?: ListFilter;
}

/**
 * A profile from free text, read the way the chat reads a first message: the films named and
 * how the person feels about each, plus genres, decades and people liked or not ("not a fan
 * of musicals") and a list asked for ("more 80s stuff"). `knownPerson` is the catalogue's
 * people index (core/recommend/filters `peopleIndex`), built once per process.
 */
export function profileFromText(
  titles: TitleMatcher,
  knownPerson: (name: string) => boolean,
  text: string,
): TextTaste {
  const reading = readTaste(text, titles, knownPerson);
  if (saysNothing(reading)) {
    throw new UserFacingError(
      `No film titles found in "${text}". Write titles as on the poster, e.g. "Heat, The Godfather".`,
    );
  }
  const { mentions, prefs, filter } = reading;
  const profile = applyPreferences(applyOpinions(emptyProfile(), opinionsOf(mentions), 0), prefs, 0);
  return filter ? { profile, mentions, filter } : { profile, mentions };
}

/** What was read from free text, as `recommend --json` reports it under `understood`. */
export function understoodJson(catalogue: Catalogue, mentions: readonly TitleMention[]) {
  return mentions.map((m) => {
    const movie = catalogue.byId(m.movieId)!;
    return { movieId: m.movieId, title: movie.title, year: movie.year, sentiment: m.sentiment };
  });
}

/** The film a query names: a MovieLens id ("6") or a title as `/similar` reads it ("It (2017)"). */
export function resolveFilm(catalogue: Catalogue, titles: TitleMatcher, query: string): Movie {
  return /^\d+$/.test(query.trim())
    ? (catalogue.byId(Number(query)) ?? noFilm(query))
    : filmTitled(catalogue, titles, query);
}

/** The film a title names, read as `/similar` reads it. */
export function filmTitled(catalogue: Catalogue, titles: TitleMatcher, title: string): Movie {
  const movieId = titles.resolve(title)?.movieId;
  return (movieId === undefined ? undefined : catalogue.byId(movieId)) ?? noFilm(title);
}

function noFilm(query: string): never {
  throw new UserFacingError(
    `No film found for "${query}". Try the title as on the poster, or a MovieLens id.`,
  );
}
