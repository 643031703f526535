import type { Catalogue } from "../catalogue.ts";
import { type Token, tokenize } from "./normalize.ts";
import { type Sentiment, sentimentAt } from "./sentiment.ts";
import { TitleIndex } from "./title-index.ts";

/** One film named in a message. */
export interface TitleMention {
  movieId: number;
  /** The words as the person wrote them, and where: [start, end) in the message. */
  text: string;
  start: number;
  end: number;
  confidence: number;
  sentiment: Sentiment;
  /** Other films with the same title, most likely first, when no year settled it. */
  alternatives: number[];
}

/** What the named films say about taste: likes and dislikes; films named neutrally count for neither. */
export function opinionsOf(
  mentions: readonly TitleMention[],
): { movieId: number; opinion: "like" | "dislike" }[] {
  return mentions.flatMap((m) =>
    m.sentiment === "neutral" ? [] : [{ movieId: m.movieId, opinion: m.sentiment }],
  );
}

/** The seam the dialogue uses; the fuzzy engine replaces this implementation. */
export interface TitleMatcher {
  /** Every film named in a message, in order. */
  find(text: string): TitleMention[];
  /** The film a query meant as one title names ("It (2017)", "heat"), as in `/similar`. */
  resolve(query: string): TitleMention | undefined;
}

// Words so common that a title made only of them ("It", "Up", "Her", "Loved") must be
// quoted to count: otherwise "I loved it" would name two films.
const COMMON_WORDS = new Set(
  (
    "a an the and or but if of to in on at by for with from up down out off over it its i me my " +
    "you your he him his she her we us our they them their this that these those is are was were " +
    "be been being do does did have has had not no yes so as all any some more most very just " +
    "what who when where why how then than there here one two new old big good bad " +
    "love loved like liked hate hated enjoy enjoyed watch watched seen saw really also too"
  ).split(" "),
);
const YEAR = /^(18[89]\d|19\d\d|20\d\d)$/;
const MAX_SPAN_TOKENS = 16;

function quoted(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  return before !== undefined && after !== undefined && /["'“‘«*_]/.test(before) && /["'”’»*_]/.test(after);
}

function isCapitalised(raw: string): boolean {
  return /^\p{Lu}/u.test(raw) || /^\d/.test(raw);
}

/**
 * Finds catalogue titles in free text by exact normalised match, longest span first.
 * A year after the title ("Heat 1995", "Heat (1995)", "Heat from 1995") picks the version;
 * without one, the most rated version wins.
 */
export class ExactTitleMatcher implements TitleMatcher {
  private readonly index: TitleIndex;

  constructor(private readonly catalogue: Catalogue) {
    this.index = new TitleIndex(catalogue);
  }

  find(text: string): TitleMention[] {
    const tokens = tokenize(text);
    const mentions: TitleMention[] = [];
    let i = 0;
    while (i < tokens.length) {
      const match = this.longestAt(tokens, i, text);
      if (!match) {
        i++;
        continue;
      }
      mentions.push(match.mention);
      i = match.next;
    }
    return mentions;
  }

  resolve(query: string): TitleMention | undefined {
    const tokens = tokenize(query);
    const last = tokens[tokens.length - 1];
    // A final number is a year only when the whole query is not itself a title ("Blade Runner 2049").
    const whole = this.index.lookup(tokens.map((t) => t.norm).join(" "));
    const year =
      whole.length === 0 && tokens.length > 1 && last && YEAR.test(last.norm) ? Number(last.norm) : undefined;
    const words = year === undefined ? tokens : tokens.slice(0, -1);
    const items = year === undefined ? whole : this.index.lookup(words.map((t) => t.norm).join(" "));
    if (items.length === 0 || words.length === 0) return this.find(query)[0];
    const ranked = this.rank(items, year);
    const chosen = this.catalogue.at(ranked[0]!);
    const dated = year !== undefined && chosen.year === year;
    return {
      movieId: chosen.movieId,
      text: query.slice(words[0]!.start, words[words.length - 1]!.end),
      start: words[0]!.start,
      end: words[words.length - 1]!.end,
      confidence: dated ? 1 : this.confidence(ranked),
      sentiment: "neutral",
      alternatives: dated ? [] : ranked.slice(1).map((i) => this.catalogue.at(i).movieId),
    };
  }

  private longestAt(tokens: Token[], i: number, text: string) {
    let best: { len: number; items: readonly number[] } | undefined;
    let key = "";
    for (let len = 1; len <= MAX_SPAN_TOKENS && i + len <= tokens.length; len++) {
      key = len === 1 ? tokens[i]!.norm : `${key} ${tokens[i + len - 1]!.norm}`;
      if (!this.index.isPrefix(key)) break;
      const items = this.index.lookup(key);
      if (items.length > 0 && this.plausible(tokens.slice(i, i + len), text)) best = { len, items };
    }
    if (!best) return undefined;
    const first = tokens[i]!;
    const last = tokens[i + best.len - 1]!;
    const { year, consumed } = yearAfter(tokens, i + best.len);
    const ranked = this.rank(best.items, year);
    const chosen = ranked[0]!;
    const dated = year !== undefined && this.catalogue.at(chosen).year === year;
    const mention: TitleMention = {
      movieId: this.catalogue.at(chosen).movieId,
      text: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
      confidence: dated ? 1 : this.confidence(ranked),
      sentiment: sentimentAt(text, first.start, last.end),
      alternatives: dated ? [] : ranked.slice(1).map((item) => this.catalogue.at(item).movieId),
    };
    return { mention, next: i + best.len + (dated ? consumed : 0) };
  }

  /** Guards against ordinary words: "I was up late" names no film. */
  private plausible(span: Token[], text: string): boolean {
    const start = span[0]!.start;
    const end = span[span.length - 1]!.end;
    if (quoted(text, start, end)) return true;
    if (span.every((t) => COMMON_WORDS.has(t.norm))) return false;
    if (span.length === 1) return isCapitalised(span[0]!.raw);
    return true;
  }

  /**
   * How sure the pick is when no year settled it: the chosen version's share of the
   * ratings of it and the runner-up ("Heat" 1995 vs "The Heat" 2013 is a safe bet).
   */
  private confidence(ranked: readonly number[]): number {
    if (ranked.length < 2) return 1;
    const first = (this.catalogue.ratingCounts[ranked[0]!] ?? 0) + 1;
    const second = (this.catalogue.ratingCounts[ranked[1]!] ?? 0) + 1;
    return first / (first + second);
  }

  /** The given year first, then by how many people rated each version. */
  private rank(items: readonly number[], year: number | undefined): number[] {
    return [...items].sort((a, b) => {
      const ya = this.catalogue.at(a).year === year ? 1 : 0;
      const yb = this.catalogue.at(b).year === year ? 1 : 0;
      return (
        yb - ya || (this.catalogue.ratingCounts[b] ?? 0) - (this.catalogue.ratingCounts[a] ?? 0) || a - b
      );
    });
  }
}

function yearAfter(tokens: Token[], at: number): { year?: number; consumed: number } {
  const next = tokens[at];
  if (next && YEAR.test(next.norm)) return { year: Number(next.norm), consumed: 1 };
  const after = tokens[at + 1];
  if (next?.norm === "from" && after && YEAR.test(after.norm))
    return { year: Number(after.norm), consumed: 2 };
  return { consumed: 0 };
}
