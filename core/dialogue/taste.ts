import type { Preference } from "../profile/profile.ts";
import type { ListFilter } from "../store/store.ts";
import type { TitleContext, TitleMatcher, TitleMention } from "../titles/find-titles.ts";
import { findPreferences } from "./preferences.ts";

/** Everything a message says about taste: films, tastes beyond films, and a list asked for. */
export interface TasteReading {
  mentions: TitleMention[];
  unplaced: { text: string; suggestions: number[] }[];
  /** Genres, decades and people liked or not ("not a fan of musicals"). */
  prefs: Omit<Preference, "at">[];
  /** "more 80s stuff", "anything with Tom Hanks": the list to narrow to; undefined if none. */
  filter?: ListFilter;
  /** What the filter was made from, to say it back ("Here are 1980s picks"). */
  asked: Pick<Preference, "kind" | "value">[];
}

/**
 * Reads a message the one way the chat, `recommend --likes` and batch mode all share: the
 * films named and the feeling about each, then preferences in the words left over.
 */
export function readTaste(
  text: string,
  titles: TitleMatcher,
  knownPerson: (name: string) => boolean,
  context: TitleContext = {},
): TasteReading {
  const { mentions, unplaced } = titles.read(text, context);
  const found = findPreferences(text, knownPerson, mentions);
  const prefs = found
    .filter((p) => p.sentiment !== "neutral")
    .map((p) => ({ kind: p.kind, value: p.value, sign: p.sentiment === "dislike" ? -1 : 1 }) as const);
  const asked = found
    .filter((p) => p.asked && p.sentiment !== "dislike")
    .map((p) => ({ kind: p.kind, value: p.value }));
  if (asked.length === 0) return { mentions, unplaced, prefs, asked };
  const filter: ListFilter = {};
  for (const p of asked) filter[p.kind] = p.value;
  return { mentions, unplaced, prefs, filter, asked };
}

/** Nothing in the message about films or taste. */
export function saysNothing(reading: TasteReading): boolean {
  return reading.mentions.length === 0 && reading.prefs.length === 0 && reading.asked.length === 0;
}
