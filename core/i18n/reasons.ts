import type { Catalogue } from "../catalogue.ts";
import type { Card, Reply } from "../reply/reply.ts";
import { DEFAULT_LANGUAGE, genreName, type Translator, translator } from "./i18n.ts";

/**
 * A card's reasons in the person's language. The recommender (core/recommend, core/explain)
 * words its reasons in English: that is also its output contract (`matinee recommend --json`
 * prints them), so they are read back here into message ids, by the fixed shapes explain.ts
 * and group.ts write. A reason of no known shape stays as it is and is reported: the
 * catalogue test renders thousands of cards in every language and fails on any.
 */

type Say = (tr: Translator, titles: ReadonlySet<string>, m: RegExpExecArray) => string;

const decade = (tr: Translator, d: string) => tr.t("reason-decade", { decade: d.slice(0, 4) });

const SHAPES: readonly (readonly [RegExp, Say])[] = [
  [
    /^because you liked (.+)$/s,
    (tr, titles, m) => {
      const both = m[1]!;
      // "A and B", where a title may itself hold " and ": split where both sides are titles.
      for (let at = both.indexOf(" and "); at >= 0; at = both.indexOf(" and ", at + 1)) {
        const a = both.slice(0, at);
        const b = both.slice(at + 5);
        if (titles.has(a) && titles.has(b)) return tr.t("reason-liked-two", { title: a, other: b });
      }
      return tr.t("reason-liked", { title: both });
    },
  ],
  [
    /^popular: rated by (\d+) MovieLens members?$/,
    (tr, _, m) => tr.t("reason-popular", { count: Number(m[1]) }),
  ],
  [/^you asked for (.+)$/s, (tr, _, m) => tr.t("reason-asked", { what: wanted(tr, m[1]!) })],
  [
    /^favourite genre: (.+?)(?: · (\d{4}s))?$/s,
    (tr, _, m) =>
      [tr.t("reason-genre", { genre: genreName(tr, m[1]!) }), ...(m[2] ? [decade(tr, m[2])] : [])].join(
        " · ",
      ),
  ],
  [/^(\d{4}s)$/, (tr, _, m) => decade(tr, m[1]!)],
  [/^new in (\d{4})$/, (tr, _, m) => tr.t("reason-new", { year: m[1]! })],
  [/^often rated by the people who rated (.+)$/s, (tr, _, m) => tr.t("reason-similar", { title: m[1]! })],
  [/^in your top (\d+)%$/, (tr, _, m) => tr.t("reason-top", { share: m[1]! })],
  [
    /^won the vote: (\d+) of (\d+)$/,
    (tr, _, m) => tr.t("reason-won", { votes: Number(m[1]), total: Number(m[2]) }),
  ],
];

/** "crime", "1990s", "Tom Hanks": a genre or decade said in the language; a person's name as it is. */
function wanted(tr: Translator, what: string): string {
  if (/^\d{4}s$/.test(what)) return decade(tr, what);
  return genreName(tr, what);
}

function say(tr: Translator, titles: ReadonlySet<string>, reason: string): string | undefined {
  for (const [shape, words] of SHAPES) {
    const m = shape.exec(reason);
    if (m) return words(tr, titles, m);
  }
  return undefined;
}

export interface ReasonProblem {
  lang: string;
  reason: string;
}

let unread: (p: ReasonProblem) => void = () => {};

/** Where reasons of no known shape are reported (the catalogue test collects them). */
export function onUnreadReason(handler: (p: ReasonProblem) => void): () => void {
  const previous = unread;
  unread = handler;
  return () => {
    unread = previous;
  };
}

/** One reason in the translator's language. */
export function localizeReason(tr: Translator, titles: ReadonlySet<string>, reason: string): string {
  const whole = say(tr, titles, reason);
  if (whole !== undefined) return whole;
  // A movie night's reasons are "<member>: <reason>", and a name may hold ": " too.
  for (let at = reason.indexOf(": "); at >= 0; at = reason.indexOf(": ", at + 1)) {
    const rest = say(tr, titles, reason.slice(at + 2));
    if (rest !== undefined) return `${reason.slice(0, at)}: ${rest}`;
  }
  unread({ lang: tr.lang, reason });
  return reason;
}

const titleSets = new WeakMap<Catalogue, ReadonlySet<string>>();

/** The catalogue's titles, once per catalogue: how "A and B" is told from a title with "and". */
function titlesOf(catalogue: Catalogue): ReadonlySet<string> {
  let set = titleSets.get(catalogue);
  if (!set) {
    set = new Set(catalogue.movies.map((m) => m.title));
    titleSets.set(catalogue, set);
  }
  return set;
}

/** A card's genres and reasons in the translator's language (titles stay as the catalogue has them). */
export function localizeCard(tr: Translator, catalogue: Catalogue, card: Card): Card {
  if (tr.lang === DEFAULT_LANGUAGE) return card;
  const titles = titlesOf(catalogue);
  return {
    ...card,
    genres: card.genres.map((g) => genreName(tr, g)),
    reasons: card.reasons.map((r) => localizeReason(tr, titles, r)),
  };
}

/**
 * A turn's replies as the person's language says them: cards localized, and each reply
 * marked with its language, so a front end words its own labels (help, buttons) alike.
 * English replies are already English: only marked.
 */
export function localizeReplies(tr: Translator, catalogue: Catalogue, replies: readonly Reply[]): Reply[] {
  return replies.map((r) => {
    const own = r.lang ? translator(r.lang) : tr;
    const cards =
      r.cards && own.lang !== DEFAULT_LANGUAGE
        ? r.cards.map((c) => localizeCard(own, catalogue, c))
        : r.cards;
    // English replies stay as they were (no mark): English is every front end's default.
    const mark = r.lang !== undefined || own.lang !== DEFAULT_LANGUAGE ? { lang: own.lang } : {};
    return { ...r, ...mark, ...(cards ? { cards } : {}) };
  });
}
