import type { Catalogue } from "../catalogue.ts";
import type { Speaker } from "../events.ts";
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
export function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
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

export function withName(state: UserState, speaker: Speaker): UserState {
  return speaker.name && speaker.name !== state.name ? { ...state, name: speaker.name } : state;
}

export function prefLabel(p: Pick<Preference, "kind" | "value">): string {
  if (p.kind === "person") return p.value.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  return p.kind === "genre" ? p.value.toLowerCase() : p.value;
}
