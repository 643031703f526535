import type { Catalogue } from "../catalogue.ts";
import type { Speaker } from "../events.ts";
import { genreName, listedIn, matchLanguage, type Translator, translator } from "../i18n/i18n.ts";
import { displayName } from "../movie.ts";
import type { Opinion, Preference } from "../profile/profile.ts";
import { SIGNAL_EMOJI } from "../reply/actions.ts";
import type { UserState } from "../store/store.ts";
import type { TitleContext } from "../titles/find-titles.ts";
import type { SharedContext } from "./context.ts";

/** How many films of the conversation to remember for "which version did they mean". */
const MENTION_MEMORY = 50;

/** Longer than any film's title with its year: such a query is not looked up. */
export const TITLE_QUERY_CHARS = 200;

/** "Ann", "Ann and Bob", "Ann, Bob and Cat". */
export function listed(names: readonly string[], tr: Translator = translator()): string {
  return listedIn(tr, names);
}

export const OPINION_EMOJI: Record<Opinion, string> = SIGNAL_EMOJI;

export function name(ctx: { catalogue: Catalogue }, movieId: number): string {
  const m = ctx.catalogue.byId(movieId);
  return m ? displayName(m) : `#${movieId}`;
}

export function names(ctx: { catalogue: Catalogue }, ids: readonly number[]): string {
  return ids.map((id) => name(ctx, id)).join(", ");
}

/** A question asked at `askedAt` can still be answered. */
export function fresh(ctx: Pick<SharedContext, "now" | "questionTtl">, askedAt: number | undefined): boolean {
  return askedAt !== undefined && ctx.now() - askedAt <= ctx.questionTtl;
}

export function contextOf(state: UserState | undefined): TitleContext {
  return { recentMovieIds: state?.conversation.mentioned ?? [] };
}

export const idOf = (e: { movieId: number }) => e.movieId;

export function remember(
  list: readonly number[] | undefined,
  ids: readonly number[],
  keep = MENTION_MEMORY,
): number[] {
  const kept = (list ?? []).filter((id) => !ids.includes(id));
  return [...kept, ...ids].slice(-keep);
}

/**
 * The state with what the platform says of the speaker: their display name, and for someone
 * whose language is not yet set, the language of their platform's locale (their own
 * `/language` choice, once made, is never overwritten).
 */
export function withName(state: UserState, speaker: Speaker): UserState {
  const named = speaker.name && speaker.name !== state.name ? { ...state, name: speaker.name } : state;
  if (named.language !== undefined || !speaker.locale) return named;
  const language = matchLanguage(speaker.locale);
  return language ? { ...named, language } : named;
}

export function prefLabel(p: Pick<Preference, "kind" | "value">, tr: Translator = translator()): string {
  if (p.kind === "person") return p.value.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  if (p.kind !== "genre") return p.value;
  // English keeps its lower-case genre ("crime"); another language says the genre its way.
  return tr.lang === "en" ? p.value.toLowerCase() : genreName(tr, p.value);
}
