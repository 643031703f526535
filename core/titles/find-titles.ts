import type { Catalogue } from "../catalogue.ts";
import { ACCEPT, type MessageShape, shapeOf, titleEvidence } from "./evidence.ts";
import { wordClass } from "./lexicon.ts";
import { fillsListItem, listMarkers, STRONG_SEPARATOR } from "./list-shape.ts";
import { maskNoise } from "./noise.ts";
import { canonicalWord, type Token, tokenize } from "./normalize.ts";
import { type NamedPerson, PeopleIndex } from "./people.ts";
import { type Sentiment, sentimentAt } from "./sentiment.ts";
import { type SpanMatch, spanMatches, tokenOptions } from "./spans.ts";
import { TitleIndex } from "./title-index.ts";
import { rankVersions, type VersionHints } from "./versions.ts";
import { messageWindows, WINDOW_CHARS } from "./windows.ts";

/** One film named in a message. */
export interface TitleMention {
  movieId: number;
  /** The words as the person wrote them, and where: [start, end) in the message. */
  text: string;
  start: number;
  end: number;
  confidence: number;
  sentiment: Sentiment;
  /** Other films these words may mean, most likely first, when no year settled it. */
  alternatives: number[];
  /** Two or more versions are close enough that the bot should ask instead of guessing. */
  ambiguous: boolean;
}

/** What the conversation so far says about which films are meant. */
export interface TitleContext {
  /** Films already mentioned or shown in this conversation, most recent last. */
  recentMovieIds?: readonly number[];
  /** Counts the candidate spans weighed, for tests that work grows linearly with length. */
  work?: { spans: number };
}

/** Words that look like a title the person meant but match no film well, with the closest films. */
export interface UnplacedTitle {
  text: string;
  suggestions: number[];
}

export interface TitleReading {
  mentions: TitleMention[];
  unplaced: UnplacedTitle[];
}

/** What the named films say about taste: likes and dislikes; films named neutrally count for neither. */
export function opinionsOf(
  mentions: readonly TitleMention[],
): { movieId: number; opinion: "like" | "dislike" }[] {
  return mentions.flatMap((m) =>
    m.sentiment === "neutral" ? [] : [{ movieId: m.movieId, opinion: m.sentiment }],
  );
}

/** The seam the dialogue uses. */
export interface TitleMatcher {
  /** Every film named in a message, in order. */
  find(text: string, context?: TitleContext): TitleMention[];
  /** The films named, and the words that look like a title but match none. */
  read(text: string, context?: TitleContext): TitleReading;
  /** The film a query typed as one title names ("It (2017)", "heat", "godfathr 2"), as in `/similar`. */
  resolve(query: string, context?: TitleContext): TitleMention | undefined;
  /** Films for autocomplete as someone types, best first (k ≤ 25). */
  complete(prefix: string, k: number): number[];
}

const YEAR = /^(18[89]\d|19\d\d|20\d\d)$/;
// Not "first": "the first Frozen" is the first of a series, not the oldest film of that name.
const OLD = new Set(["original", "old", "older", "oldest", "classic"]);
const NEW = new Set(["new", "newer", "newest", "remake", "latest", "recent", "reboot"]);
// After the title: "the Beauty and the Beast remake".
const NEW_AFTER = new Set(["remake", "reboot", "remakes", "reboots"]);
// Between two list items: commas, "and", "or", "&", slashes, line breaks, bullets, and the
// brackets or quotes closing the item before.
const SEPARATOR =
  /^[\s)\]"'”’»]*(?:,|&|\/|\band\b|\bor\b|\bnor\b|\bthen\b|\n|[-*•]|\d+[.)])+[\s"'“‘«]*(?:(?:also|even|maybe|the)\s+)?$/i;
// Where a wanted title that matched nothing may sit: right after these words.
const ASKING_CUES = new Set(
  "like liked love loved enjoy enjoyed seen saw watch watched hate hated called titled movie film".split(" "),
);
const MAX_COMPLETIONS = 25;

interface Group {
  start: number;
  end: number;
  matches: SpanMatch[];
  best: SpanMatch;
  year?: number;
  yearTokens: number;
  yearBefore: boolean;
  /** The span is a whole item of a plainly shaped list ("1. the raid 2. dredd"). */
  item: boolean;
  /** A person is named right beside it: "the lynch dune", "cape fear with de niro". */
  person: boolean;
  score: number;
}

/**
 * Reads film titles in free text against a catalogue: fuzzy (typos scaled to length, words
 * run together or apart, roman or arabic sequel numbers, articles, alternative titles,
 * subtitles optional), careful with titles that are ordinary words, picking the version a
 * person most likely means and saying when it should ask.
 */
export class TitleEngine implements TitleMatcher {
  readonly index: TitleIndex;

  private readonly people: PeopleIndex;

  constructor(private readonly catalogue: Catalogue) {
    this.index = new TitleIndex(catalogue);
    this.people = new PeopleIndex(catalogue);
  }

  find(text: string, context: TitleContext = {}): TitleMention[] {
    return this.read(text, context).mentions;
  }

  read(text: string, context: TitleContext = {}): TitleReading {
    if (text.length <= WINDOW_CHARS) return this.readWindow(text, context);
    // Each window is read alone and its offsets moved back into the whole message.
    const mentions: TitleMention[] = [];
    const unplaced: UnplacedTitle[] = [];
    for (const [from, to] of messageWindows(text)) {
      const r = this.readWindow(text.slice(from, to), context);
      for (const m of r.mentions) mentions.push({ ...m, start: m.start + from, end: m.end + from });
      unplaced.push(...r.unplaced);
    }
    return { mentions, unplaced };
  }

  private readWindow(written: string, context: TitleContext): TitleReading {
    const text = maskNoise(written);
    const tokens = tokenize(text);
    if (tokens.length === 0 || this.catalogue.size === 0) return { mentions: [], unplaced: [] };
    const shape = shapeOf(text, tokens);
    const persons = this.people.namedIn(tokens);
    const groups = this.groups(text, tokens, shape, persons);
    if (context.work) context.work.spans += groups.length;
    const chosen = chooseSpans(groups.filter((g) => g.score >= ACCEPT));
    const linked = new Set(persons.flatMap((p) => p.items));
    const mentions = chosen.map((g) => this.mention(text, tokens, g, context.recentMovieIds, linked));
    return { mentions, unplaced: this.unplaced(text, tokens, shape, chosen) };
  }

  /** Every candidate span with its evidence, for tuning by hand. */
  debug(text: string): (Group & { text: string })[] {
    const tokens = tokenize(text);
    if (tokens.length === 0) return [];
    return this.groups(text, tokens, shapeOf(text, tokens))
      .map((g) => ({ ...g, text: text.slice(tokens[g.start]!.start, tokens[g.end - 1]!.end) }))
      .sort((a, b) => b.score - a.score);
  }

  resolve(query: string, context: TitleContext = {}): TitleMention | undefined {
    const tokens = tokenize(query);
    if (tokens.length === 0 || this.catalogue.size === 0) return undefined;
    const shape = shapeOf(query, tokens);
    const groups = this.groups(query, tokens, shape);
    // A query is one title: the reading that covers all of it (bar a year) wins.
    const whole = groups
      .filter((g) => g.start === 0 && g.end + g.yearTokens === tokens.length)
      .sort((a, b) => a.best.edits - b.best.edits || b.end - a.end);
    const pick = whole[0];
    if (pick) {
      const m = this.mention(query, tokens, pick, context.recentMovieIds);
      return { ...m, sentiment: "neutral" };
    }
    const inside = this.find(query, context)[0];
    return inside ? { ...inside, sentiment: "neutral" } : undefined;
  }

  complete(prefix: string, k: number): number[] {
    const limit = Math.max(0, Math.min(k, MAX_COMPLETIONS));
    const words = tokenize(prefix).map((t) => canonicalWord(t.norm));
    if (limit === 0 || words.length === 0) return [];
    // A space after the last word means that word is finished.
    const partialLast = !/\s$/.test(prefix);
    const exact = this.index.itemsWithPrefix(words.join(" "), limit);
    if (exact.length >= limit) return this.ids(exact);
    const found = [...exact];
    const taken = new Set(found);
    for (const guess of this.prefixGuesses(words, partialLast)) {
      for (const item of this.index.itemsWithPrefix(guess, limit - found.length, taken)) {
        taken.add(item);
        found.push(item);
      }
      if (found.length >= limit) break;
    }
    return this.ids(found);
  }

  private ids(items: readonly number[]): number[] {
    return items.map((i) => this.catalogue.at(i).movieId);
  }

  /** Spelling fixes of a typed prefix: each whole word to its nearest title words, the last to words it begins. */
  private prefixGuesses(words: string[], partialLast: boolean): string[] {
    const choices = words.map((w, i) => {
      if (i === words.length - 1 && partialLast) return this.index.wordsStartingLike(w, 6);
      return this.index
        .similarWords(w)
        .sort((a, b) => a.edits - b.edits)
        .slice(0, 3)
        .map((m) => this.index.words[m.word]!);
    });
    let guesses = [""];
    for (const options of choices) {
      if (options.length === 0) return [];
      guesses = guesses.flatMap((g) => options.map((o) => (g ? `${g} ${o}` : o))).slice(0, 12);
    }
    return guesses;
  }

  /** Candidate spans with their evidence; spans beside an accepted title get the list bonus. */
  private groups(text: string, tokens: Token[], shape: MessageShape, persons: NamedPerson[] = []): Group[] {
    const options = tokenOptions(this.index, tokens, text);
    const markers = listMarkers(text, tokens);
    const byspan = new Map<number, SpanMatch[]>();
    for (const m of spanMatches(this.index, tokens, text, options, markers)) {
      const key = m.start * 1024 + m.end;
      const list = byspan.get(key);
      if (list) list.push(m);
      else byspan.set(key, [m]);
    }
    const groups: Group[] = [];
    for (const matches of byspan.values()) {
      const best = matches.reduce((a, b) =>
        b.edits < a.edits || (b.edits === a.edits && b.realWordFixes < a.realWordFixes) ? b : a,
      );
      const { start, end } = best;
      const years = new Set(matches.flatMap((m) => m.entries.map((e) => this.catalogue.at(e.item).year)));
      const y = yearBeside(
        tokens,
        text,
        start,
        end,
        (year) => years.has(year) || years.has(year - 1) || years.has(year + 1),
      );
      const item = fillsListItem(text, tokens, markers, start, end + (y.yearBefore ? 0 : y.yearTokens));
      const person = personBeside(tokens, text, persons, start, end + (y.yearBefore ? 0 : y.yearTokens));
      const group: Group = { start, end, matches, best, ...y, item, person, score: 0 };
      group.score = this.evidence(shape, group, false);
      groups.push(group);
    }
    // Where a group ends, its year included: the token index just past it, and the text offset.
    const pastEnd = (g: Group) => g.end + g.yearTokens;
    const endOffset = (g: Group) => tokens[pastEnd(g) - 1]!.end;
    // A title next to another likely one is a list item ("The Godfather, Heat and Alien",
    // "loved Heat and the hangover"): neighbours with some evidence of their own lift each other.
    const gap = (a: Group, b: Group) => text.slice(endOffset(a), tokens[b.start]!.start);
    // Titles of two words or more, spelled right, may follow one another with nothing but a
    // space between: "hot fuzz shaun of the dead the world's end".
    const multiword = (g: Group) => g.best.edits === 0 && g.end - g.start >= 2;
    // With no separator at all, only a title that counts on its own lifts its neighbour.
    const adjacent = (a: Group, b: Group) =>
      pastEnd(a) <= b.start &&
      (SEPARATOR.test(gap(a, b)) ||
        STRONG_SEPARATOR.test(gap(a, b)) ||
        (pastEnd(a) === b.start &&
          /^\s+$/.test(gap(a, b)) &&
          multiword(a) &&
          multiword(b) &&
          Math.max(a.score, b.score) >= ACCEPT));
    // "true lies vs total recall", "following / insomnia": a plain separator between two
    // titles spelled right says both are named, with no other evidence needed.
    const paired = (a: Group, b: Group) =>
      pastEnd(a) <= b.start &&
      (STRONG_SEPARATOR.test(gap(a, b)) || markers.has(pastEnd(a))) &&
      a.best.edits === 0 &&
      b.best.edits === 0;
    for (const g of groups) {
      if (g.score >= ACCEPT || g.best.words.every((w) => /^\d+$/.test(w))) continue;
      if (groups.some((h) => h !== g && (paired(h, g) || paired(g, h))))
        g.score = this.evidence(shape, g, true);
    }
    for (let pass = 0; pass < 2; pass++) {
      const likely = groups.filter((g) => g.score >= ACCEPT - 1);
      for (const g of groups) {
        if (g.score >= ACCEPT) continue;
        if (likely.some((h) => h !== g && (adjacent(h, g) || adjacent(g, h))))
          g.score = this.evidence(shape, g, true);
      }
    }
    // "Heat, not a fan of Titanic": a title opening a sentence, set off by a comma,
    // in a message that names another film, is the first item of what the message lists.
    const named = groups.filter((g) => g.score >= ACCEPT);
    for (const g of groups) {
      if (g.score >= ACCEPT || !shape.sentenceStart[g.start]) continue;
      if (!/^\s*,/.test(text.slice(endOffset(g))) || !named.some((h) => h.start >= pastEnd(g))) continue;
      g.score = this.evidence(shape, g, true);
    }
    // A message that is nothing but titles and connectives ("Titanic & Alien") is a list of titles.
    const chain: Group[] = [];
    for (let i = 0; i < tokens.length; ) {
      const here = groups
        .filter((g) => g.start === i && !g.yearBefore && g.best.edits === 0)
        .sort((a, b) => b.end + b.yearTokens - (a.end + a.yearTokens))[0];
      if (here) {
        chain.push(here);
        i = here.end + here.yearTokens;
      } else if (tokens[i]!.norm === "and" || tokens[i]!.norm === "or") i++;
      else {
        chain.length = 0;
        break;
      }
    }
    if (chain.length >= 2) for (const g of chain) g.score = Math.max(g.score, ACCEPT);
    return groups;
  }

  private evidence(shape: MessageShape, g: Group, list: boolean): number {
    return titleEvidence(
      shape,
      {
        start: g.start,
        end: g.end,
        words: g.best.words,
        edits: g.best.edits,
        realWordFixes: g.best.realWordFixes,
        mainTitleOnly: g.best.entries.every((e) => e.penalty >= 2),
        year: g.year !== undefined,
        list,
        item: g.item,
        person: g.person,
        popular: g.matches.some((m) => m.entries.some((e) => this.index.isPopular(e.item))),
      },
      g.yearBefore ? 0 : g.yearTokens,
    );
  }

  private mention(
    text: string,
    tokens: Token[],
    g: Group,
    recent?: readonly number[],
    linked: ReadonlySet<number> = new Set(),
  ): TitleMention {
    const first = tokens[g.start]!;
    const last = tokens[g.end - 1]!;
    const hints: VersionHints = {};
    if (g.year !== undefined) hints.year = g.year;
    const era = eraBefore(tokens, g.start) ?? eraAfter(tokens, g.end + (g.yearBefore ? 0 : g.yearTokens));
    if (era) hints.era = era;
    if (recent) hints.recent = recent;
    if (linked.size > 0) hints.people = linked;
    // A typo in a short word is as likely another word spelled right: "lion" is Lion, not Léon.
    const letters = g.best.words.reduce((n, w) => n + w.length, 0);
    const typoWeight = letters <= 5 ? 2 : 1;
    const readings = g.matches.flatMap((m) =>
      m.entries.map((entry) => ({
        item: entry.item,
        edits: typoWeight * m.edits + 0.25 * m.respelled,
        entry,
      })),
    );
    const ranked = rankVersions(this.catalogue, this.index.prior, readings, hints);
    const chosen = ranked.items[0]!;
    const dated = g.year !== undefined && this.catalogue.at(chosen).year === g.year;
    return {
      movieId: this.catalogue.at(chosen).movieId,
      text: text.slice(first.start, last.end),
      start: first.start,
      end: last.end,
      confidence: dated ? 1 : ranked.confidence,
      sentiment: sentimentAt(text, first.start, last.end),
      alternatives: dated ? [] : this.ids(ranked.items.slice(1, 6)),
      ambiguous: ranked.ambiguous,
    };
  }

  /**
   * Words that look like a title the person meant but matched nothing: quoted words, and
   * capitalised runs right after "loved", "seen", "the movie"…; with the closest films.
   */
  private unplaced(text: string, tokens: Token[], shape: MessageShape, chosen: Group[]): UnplacedTitle[] {
    const covered = new Set<number>();
    for (const g of chosen) for (let i = g.start; i < g.end + g.yearTokens; i++) covered.add(i);
    const runs: [number, number][] = [];
    for (const m of text.matchAll(/["“«]([^"”»\n]{2,80})["”»]/g)) {
      const from = m.index + 1;
      const to = from + m[1]!.length;
      const inside = tokens.map((t, i) => [t, i] as const).filter(([t]) => t.start >= from && t.end <= to);
      if (inside.length > 0 && inside.length <= 10)
        runs.push([inside[0]![1], inside[inside.length - 1]![1] + 1]);
    }
    for (let i = 1; i < tokens.length; i++) {
      if (!ASKING_CUES.has(tokens[i - 1]!.norm) || covered.has(i) || !startsName(shape, i)) continue;
      let end = i + 1;
      while (end < tokens.length && end - i < 8 && continuesName(shape, end)) end++;
      while (end > i + 1 && !/^[\p{Lu}\p{N}]/u.test(tokens[end - 1]!.raw)) end--;
      runs.push([i, end]);
    }
    const out: UnplacedTitle[] = [];
    for (const [s, e] of runs) {
      let any = false;
      for (let i = s; i < e; i++) if (covered.has(i)) any = true;
      if (any) continue;
      const words = text.slice(tokens[s]!.start, tokens[e - 1]!.end);
      if (out.some((u) => u.text === words)) continue;
      out.push({ text: words, suggestions: this.suggest(tokens.slice(s, e)) });
    }
    return out;
  }

  /** The closest films to words that matched none: by typed prefix, else by the title words they share. */
  private suggest(words: Token[]): number[] {
    const byPrefix = this.complete(words.map((t) => t.raw).join(" "), 3);
    if (byPrefix.length > 0) return byPrefix;
    const votes = new Map<number, number>();
    for (const t of words) {
      const seen = new Set<number>();
      for (const { word, edits } of this.index.similarWords(canonicalWord(t.norm))) {
        for (const item of this.index.itemsWithWord(word)) {
          if (seen.has(item)) continue;
          seen.add(item);
          votes.set(item, (votes.get(item) ?? 0) + 1 / (1 + edits));
        }
      }
    }
    return [...votes.entries()]
      .sort((a, b) => b[1] - a[1] || this.index.prior[b[0]]! - this.index.prior[a[0]]!)
      .slice(0, 3)
      .map(([item]) => this.catalogue.at(item).movieId);
  }
}

/** The first name that a few words of context could be: a capitalised word mid-sentence, not "I". */
function startsName(shape: MessageShape, i: number): boolean {
  const t = shape.tokens[i]!;
  return !shape.capitalsUninformative && /^[\p{Lu}\p{N}]/u.test(t.raw) && t.norm !== "i";
}

/** A capitalised run goes on through capitals and the small words titles keep lower-case. */
function continuesName(shape: MessageShape, i: number): boolean {
  const t = shape.tokens[i]!;
  const gap = shape.text.slice(shape.tokens[i - 1]!.end, t.start);
  if (!/^[\s:'-]*$/.test(gap)) return false;
  return /^[\p{Lu}\p{N}]/u.test(t.raw) || ["of", "the", "and", "a", "in", "on", "to"].includes(t.norm);
}

/** Picks non-overlapping spans covering the most words (a longer title beats its prefix), then the most evidence. */
function chooseSpans(groups: Group[]): Group[] {
  if (groups.length === 0) return [];
  const sorted = [...groups].sort(
    (a, b) => a.end + a.yearTokens - (b.end + b.yearTokens) || a.start - b.start,
  );
  const endOf = (g: Group) => (g.yearBefore ? g.end : g.end + g.yearTokens);
  const startOf = (g: Group) => (g.yearBefore ? g.start - g.yearTokens : g.start);
  const best: { value: number; picks: Group[] }[] = [{ value: 0, picks: [] }];
  const ends: number[] = [0];
  for (const g of sorted) {
    // Best solution among spans ending at or before this one's start.
    let j = ends.length - 1;
    while (j > 0 && ends[j]! > startOf(g)) j--;
    // Each span costs a little: one title over two that split the same words.
    const take = {
      value: best[j]!.value + (g.end - g.start) - 0.3 + 0.01 * g.score,
      picks: [...best[j]!.picks, g],
    };
    const skip = best[best.length - 1]!;
    best.push(take.value > skip.value ? take : skip);
    ends.push(endOf(g));
  }
  return best[best.length - 1]!.picks.sort((a, b) => a.start - b.start);
}

/**
 * A year written beside the span that fits one of its films: "It (2017)", "It 2017",
 * "It from 2017", "the 1990 It".
 */
function yearBeside(
  tokens: Token[],
  text: string,
  start: number,
  end: number,
  fits: (year: number) => boolean,
): { year?: number; yearTokens: number; yearBefore: boolean } {
  const after = tokens[end];
  if (
    after &&
    YEAR.test(after.norm) &&
    fits(Number(after.norm)) &&
    !/[\n;.!?]/.test(text.slice(tokens[end - 1]!.end, after.start))
  )
    return { year: Number(after.norm), yearTokens: 1, yearBefore: false };
  const later = tokens[end + 1];
  if (
    after &&
    later &&
    // "made in 2001", "born in 1990": after a lower-case word "in" dates an event, not a title.
    (after.norm === "from" || (after.norm === "in" && /^[\p{Lu}\p{N}]/u.test(tokens[start]!.raw))) &&
    YEAR.test(later.norm) &&
    fits(Number(later.norm))
  )
    return { year: Number(later.norm), yearTokens: 2, yearBefore: false };
  const before = tokens[start - 1];
  if (
    before &&
    YEAR.test(before.norm) &&
    fits(Number(before.norm)) &&
    /^\s*$/.test(text.slice(before.end, tokens[start]!.start))
  )
    return { year: Number(before.norm), yearTokens: 1, yearBefore: true };
  return { yearTokens: 0, yearBefore: false };
}

const PERSON_AFTER = new Set(["with", "by", "starring", "featuring", "from"]);

/**
 * A person named right beside a span: "the lynch dune", "scorsese's the king of comedy",
 * "cape fear with de niro", "the mummy with brendan fraser". A person is someone the
 * catalogue credits, or a word the lexicon knows only as a name (or no word at all)
 * where grammar puts a person: after "the" before the title, as a possessive, after "with".
 */
function personBeside(
  tokens: readonly Token[],
  text: string,
  persons: readonly NamedPerson[],
  start: number,
  end: number,
): boolean {
  // "made in 2001, with Robert De Niro": a year or a count is no film of theirs.
  if (tokens.slice(start, end).every((t) => /^\d+$/.test(t.norm))) return false;
  const nameLike = (k: number) => {
    const w = tokens[k]?.norm;
    return w !== undefined && (wordClass(w) === "name" || wordClass(w) === "rare");
  };
  const prev = tokens[start - 1];
  if (prev && /^\s+$/.test(text.slice(prev.end, tokens[start]!.start))) {
    if (persons.some((p) => p.end === start)) return true;
    // "fincher's the game": the possessive's owner, its "'s" taken off.
    if (/['’]s$/i.test(prev.raw) && ["name", "rare"].includes(wordClass(prev.norm.replace(/s$/, ""))))
      return true;
    if (tokens[start - 2]?.norm === "the" && nameLike(start - 1)) return true;
  }
  const after = tokens[end];
  if (after && PERSON_AFTER.has(after.norm)) {
    if (persons.some((p) => p.start === end + 1)) return true;
    if (nameLike(end + 1) && nameLike(end + 2)) return true;
  }
  return false;
}

/** "the original It", "the new one, It" → which version the words before the title point at. */
function eraBefore(tokens: Token[], start: number): "old" | "new" | undefined {
  for (let i = start - 1; i >= Math.max(0, start - 4); i--) {
    const w = tokens[i]!.norm;
    if (OLD.has(w)) return "old";
    if (NEW.has(w)) return "new";
  }
  return undefined;
}

/** "the Beauty and the Beast remake": a remake named by the word after its title is the newer version. */
function eraAfter(tokens: Token[], end: number): "new" | undefined {
  const next = tokens[end]?.norm;
  return next !== undefined && NEW_AFTER.has(next) ? "new" : undefined;
}
