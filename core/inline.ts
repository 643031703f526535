import type { Catalogue } from "./catalogue.ts";
import { emptyProfile, knownMovieIds, type Profile } from "./profile/profile.ts";
import type { ServingModels } from "./recommend/recommend.ts";
import { type Card, card } from "./reply/reply.ts";
import { similarCards } from "./similar.ts";
import { suggest } from "./suggest.ts";
import type { TitleMatcher } from "./titles/find-titles.ts";

/**
 * Inline mode (`@bot heat` typed in any chat): what to offer for the words typed so far.
 * Platform-free: the adapter turns the answer into the platform's result list.
 */

/**
 * Longer than any title a person types into an inline query: such a query is not read.
 * Telegram itself sends at most 256 characters; reading stays well under a millisecond at this size.
 */
export const INLINE_QUERY_CHARS = 120;
/** Results per answer: the film, up to `OTHER_MATCHES` other films the words may mean, films like it. */
export const INLINE_RESULTS = 20;
/** Telegram shows at most 50 results per answer; no caller may ask for more. */
export const MAX_INLINE_RESULTS = 50;
/** Other films a partial or ambiguous query may mean ("toy sto": Toy Story 2 and 3), after the first. */
const OTHER_MATCHES = 3;

export interface InlineDeps {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
}

/** Why a card is in the answer, so a front end can label it. */
export type InlineRole = "match" | "other-match" | "similar" | "pick";

export interface InlineCard {
  card: Card;
  role: InlineRole;
}

export type InlineKind =
  /** A film was found: it first, then films like it. */
  | "film"
  /** Nothing typed, and the person has a profile: their own recommendations. */
  | "recommended"
  /** Nothing typed, and the person is new: popular films. */
  | "popular"
  /** No film matches what was typed. */
  | "nothing"
  /** Too long to be a title: not read. */
  | "too-long";

export interface InlineAnswer {
  kind: InlineKind;
  /** The query as read: trimmed, inner runs of spaces made one. */
  query: string;
  /** At most the asked-for count, each film once. */
  results: InlineCard[];
  /** The found film (kind "film"). */
  movieId?: number;
  /** The results depend on who asked (their profile), so they must not be cached for others. */
  personal: boolean;
}

/** The query as a person means it: Telegram sends every keystroke, spaces and all. */
export function readInlineQuery(raw: string): string {
  return raw.replace(/\s+/g, " ").trim();
}

/**
 * The film the words name: the title engine's whole-query reading first (typos, sequel
 * numbers, a year), else autocomplete's first film (a title still being typed: "godf",
 * "star w"), as Discord's `/similar` autocomplete finds them. The other films the words may
 * mean come after it.
 */
export function matchInlineTitle(titles: TitleMatcher, query: string): number[] {
  if (query.length === 0 || query.length > INLINE_QUERY_CHARS) return [];
  const resolved = titles.resolve(query);
  if (resolved) return unique([resolved.movieId, ...resolved.alternatives]).slice(0, 1 + OTHER_MATCHES);
  return titles.complete(query, 1 + OTHER_MATCHES);
}

function unique(ids: readonly number[]): number[] {
  return [...new Set(ids)];
}

/**
 * The answer to one inline query. Pure: `profile` is the asker's (undefined for someone the
 * store has never seen); it is only consulted for an empty query, so a typed title gives
 * everyone the same answer (and Telegram may share its cache between people).
 */
export function inlineAnswer(
  deps: InlineDeps,
  rawQuery: string,
  profile: Profile | undefined,
  limit: number = INLINE_RESULTS,
): InlineAnswer {
  const { catalogue, models } = deps;
  const k = Math.max(1, Math.min(MAX_INLINE_RESULTS, Math.floor(limit)));
  // Cut before normalising: a 256-character query of spaces is still cheap to look at.
  if (rawQuery.length > INLINE_QUERY_CHARS * 2)
    return empty("too-long", rawQuery.slice(0, INLINE_QUERY_CHARS));
  const query = readInlineQuery(rawQuery);
  if (query.length > INLINE_QUERY_CHARS) return empty("too-long", query.slice(0, INLINE_QUERY_CHARS));

  if (query.length === 0) {
    const known = profile !== undefined && (knownMovieIds(profile).size > 0 || profile.prefs.length > 0);
    const picks = suggest(catalogue, models, profile ?? emptyProfile(), { k });
    return {
      kind: known ? "recommended" : "popular",
      query,
      results: picks.map((c) => ({ card: c, role: "pick" })),
      personal: known,
    };
  }

  const matches = matchInlineTitle(deps.titles, query).filter((id) => catalogue.byId(id));
  const first = matches[0];
  if (first === undefined) return empty("nothing", query);
  const taken = new Set<number>();
  const results: InlineCard[] = [];
  const add = (c: Card, role: InlineRole) => {
    if (results.length >= k || taken.has(c.movieId)) return;
    taken.add(c.movieId);
    results.push({ card: c, role });
  };
  for (const id of matches) {
    const other = id !== first;
    add(
      card(catalogue.byId(id)!, 0, other ? [`also matches “${query}”`] : []),
      other ? "other-match" : "match",
    );
  }
  // Ask for a few extra: the other matches may be among the neighbours.
  for (const c of similarCards(catalogue, models, first, k + matches.length)) add(c, "similar");
  return { kind: "film", query, results, movieId: first, personal: false };
}

function empty(kind: "nothing" | "too-long", query: string): InlineAnswer {
  return { kind, query, results: [], personal: false };
}
