import { wordClass } from "./lexicon.ts";
import type { Token } from "./normalize.ts";
import { canonicalWord } from "./normalize.ts";
import type { TitleEntry, TitleIndex, WordMatch } from "./title-index.ts";

/** A run of message tokens [start, end) that reads as one written form of some titles. */
export interface SpanMatch {
  start: number;
  end: number;
  entries: readonly TitleEntry[];
  /** Typos corrected on the way, summed over words. */
  edits: number;
  /** Words corrected into another word although they were ordinary words themselves ("Dane" → "dance"). */
  realWordFixes: number;
  /** Words run together or written apart on the way ("deadpool" read as "dead pool"). */
  respelled: number;
  /** The title words matched, in order. */
  words: string[];
}

export const MAX_SPAN_TOKENS = 16;
// A title does not run across a line break or a semicolon ("!" and "?" occur inside titles).
const HARD_BREAK = /[\n;]/;

/** Typos a whole title of this many letters may carry. */
function titleTyposAllowed(letters: number): number {
  if (letters < 4) return 0;
  if (letters < 10) return 1;
  if (letters < 18) return 2;
  return 3;
}

interface TokenOptions {
  similar: WordMatch[];
  /** Two title words run together: "spiderman", "alien3". */
  splits: [number, number][];
  /** This token and the next written apart: "bat man". */
  joined?: number;
  ordinary: boolean;
}

/** Per-token lookups done once per message, shared by every start position. */
export function tokenOptions(index: TitleIndex, tokens: readonly Token[], text: string): TokenOptions[] {
  return tokens.map((token, i) => {
    const word = canonicalWord(token.norm);
    const splits: [number, number][] = [];
    if (word.length >= 4) {
      for (let cut = 2; cut <= word.length - 1; cut++) {
        const a = index.idOf(word.slice(0, cut));
        const b = index.idOf(word.slice(cut));
        if (a !== undefined && b !== undefined && (cut >= 3 || /\d/.test(word.slice(cut))))
          splits.push([a, b]);
      }
    }
    const next = tokens[i + 1];
    let joined: number | undefined;
    // "&" joins as "and" only between words: "ST&" is no "stand".
    if (
      next &&
      token.raw !== "&" &&
      next.raw !== "&" &&
      !HARD_BREAK.test(text.slice(token.end, next.start)) &&
      !/^\d+$/.test(word)
    ) {
      joined = index.idOf(word + canonicalWord(next.norm));
    }
    return {
      similar: index.similarWords(word),
      splits,
      ...(joined === undefined ? {} : { joined }),
      ordinary: wordClass(token.norm) !== "rare",
    };
  });
}

/**
 * Every span of the message that spells a title form, allowing typos within the length's
 * budget, two title words run together and one title word written apart.
 */
export function spanMatches(
  index: TitleIndex,
  tokens: readonly Token[],
  text: string,
  options: readonly TokenOptions[],
  /** Tokens no title runs through: list numbers ("1.", "2."). */
  stops: ReadonlySet<number> = new Set(),
): SpanMatch[] {
  const found: SpanMatch[] = [];
  // The title words along the current path; copied only when a span is recorded.
  const stack: string[] = [];
  const breaks = tokens.map((t, i) => i > 0 && HARD_BREAK.test(text.slice(tokens[i - 1]!.end, t.start)));
  const walk = (
    start: number,
    node: number,
    pos: number,
    edits: number,
    fixes: number,
    respelled: number,
    letters: number,
  ): void => {
    if (pos > start) {
      const entries = index.entriesAt(node);
      if (entries && edits <= titleTyposAllowed(letters)) {
        found.push({ start, end: pos, entries, edits, realWordFixes: fixes, respelled, words: [...stack] });
      }
    }
    if (pos >= tokens.length || pos - start >= MAX_SPAN_TOKENS || edits > 3) return;
    if ((pos > start && breaks[pos]) || stops.has(pos)) return;
    const opt = options[pos]!;
    for (const { word, edits: e } of opt.similar) {
      const next = index.child(node, word);
      if (next !== undefined) {
        const w = index.words[word]!;
        stack.push(w);
        walk(
          start,
          next,
          pos + 1,
          edits + e,
          fixes + (e > 0 && opt.ordinary ? 1 : 0),
          respelled,
          letters + w.length,
        );
        stack.pop();
      }
    }
    for (const [a, b] of opt.splits) {
      const mid = index.child(node, a);
      const next = mid === undefined ? undefined : index.child(mid, b);
      if (next !== undefined) {
        stack.push(index.words[a]!, index.words[b]!);
        walk(start, next, pos + 1, edits, fixes, respelled + 1, letters + tokens[pos]!.norm.length);
        stack.length -= 2;
      }
    }
    if (opt.joined !== undefined && !breaks[pos + 1]) {
      const next = index.child(node, opt.joined);
      if (next !== undefined) {
        const w = index.words[opt.joined]!;
        stack.push(w);
        walk(start, next, pos + 2, edits, fixes, respelled + 1, letters + w.length);
        stack.pop();
      }
    }
  };
  for (let start = 0; start < tokens.length; start++) walk(start, 0, start, 0, 0, 0, 0);
  return found;
}
