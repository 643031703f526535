import type { Catalogue } from "../catalogue.ts";
import { boundedEditDistance, typosAllowed } from "./edit-distance.ts";
import { wordClass } from "./lexicon.ts";
import { canonicalWord, canonicalWords, normalizeTitle, tokenize } from "./normalize.ts";
import { zipf } from "./word-frequency.ts";

/** A catalogue film reachable through one written form of one of its titles. */
export interface TitleEntry {
  item: number;
  /** How far this form is from the title as published: 0 for the title itself. */
  penalty: number;
  /** The form leaves out the title's leading article ("Godfather" for "The Godfather"). */
  articleDropped: boolean;
}

export interface WordMatch {
  word: number;
  edits: number;
}

const ARTICLES = new Set(["the", "a", "an"]);
// Words that only announce a sequel number: "Part II", "Chapter 2", "Vol. 1".
const SEQUEL_MARKERS = new Set(["part", "chapter", "vol", "volume", "episode"]);
const NUMBER_WORDS = [
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];
const DIGIT_OF = new Map(NUMBER_WORDS.map((w, i) => [w, String(i + 1)]));
const WORD_OF = new Map(NUMBER_WORDS.map((w, i) => [String(i + 1), w]));
/** Room for word ids in a trie edge key (node * WORD_SPACE + word). */
const WORD_SPACE = 2 ** 21;
const SUBTITLE = /\s*(?::|\s[-–—]\s)\s*/;

/** A form that is only a title's subtitle ("Revenge of the Sith", "Last Crusade"): a weaker reading than the whole. */
export const SUBTITLE_PENALTY = 1.5;
/** "harry potter 6": the sixth film of a series by year, where no title says so itself. */
export const ORDINAL_PENALTY = 1;
const MAIN_TITLE_PENALTY = 2;
const GENERIC = new Set(
  "movie film sequel story chapter part episode volume vol collection saga trilogy special edition cut version returns begins".split(
    " ",
  ),
);
// "Indiana Jones and the Last Crusade", "Harry Potter and the Half-Blood Prince": a series
// name of two or more words, then the film's own name.
const SERIES_AND_THE = /^(\S+(?:\s+\S+)+?)\s+(?:and|&)\s+the\s+(.+)$/i;

type Form = { words: string[]; penalty: number; articleDropped: boolean };

/**
 * The written forms of one title: as published, without a leading article, without the
 * word "part" before a sequel number, numbers as digits or words, its main title alone
 * ("Thor" for "Thor: Ragnarok", a weaker reading) and its subtitle alone ("Revenge of the
 * Sith", "Dead Man's Chest", "Last Crusade"), weaker still than the whole title.
 */
export function titleForms(title: string): Form[] {
  const forms = new Map<string, Form>();
  const add = (words: string[], penalty: number, articleDropped: boolean) => {
    if (words.length === 0) return;
    const key = words.join(" ");
    const known = forms.get(key);
    if (!known || known.penalty > penalty) forms.set(key, { words, penalty, articleDropped });
  };
  const withVariants = (words: string[], penalty: number) => {
    const bases = [words];
    if (words.some((w) => DIGIT_OF.has(w))) bases.push(words.map((w) => DIGIT_OF.get(w) ?? w));
    // "Chapter Two" → "2" first, so "John Wick: Chapter Two" is also "john wick 2".
    for (const base of [...bases]) {
      const noMarker = base.filter((w, i) => !(SEQUEL_MARKERS.has(w) && /^\d+$/.test(base[i + 1] ?? "")));
      if (noMarker.length !== base.length) bases.push(noMarker);
    }
    for (const base of [...bases]) {
      if (base.some((w) => WORD_OF.has(w))) bases.push(base.map((w) => WORD_OF.get(w) ?? w));
    }
    bases.forEach((base, i) => {
      const p = penalty + (i === 0 ? 0 : 0.1);
      add(base, p, false);
      if (base.length > 1 && ARTICLES.has(base[0]!)) add(base.slice(1), p, true);
    });
  };
  const words = (text: string) => tokenize(text).map((t) => canonicalWord(t.norm));
  withVariants(words(title), 0);
  const parts = title.split(SUBTITLE);
  const main = parts[0] ?? "";
  if (main && main.length < title.length) withVariants(words(main), MAIN_TITLE_PENALTY);
  for (const sub of subtitles(title)) withVariants(words(sub), SUBTITLE_PENALTY);
  return [...forms.values()];
}

/**
 * The parts of a title that name the film on their own: what follows a colon or a dash
 * (each later part, and all of it), and what follows "<series> and the"; not a bare
 * sequel marker ("Part 2", "Episode III") nor a single short word.
 */
export function subtitles(title: string): string[] {
  const out = new Set<string>();
  const parts = title.split(SUBTITLE);
  for (let i = 1; i < parts.length; i++) {
    out.add(parts[i]!);
    if (i < parts.length - 1) out.add(parts.slice(i).join(" "));
  }
  const series = SERIES_AND_THE.exec(parts[0] ?? "");
  if (series) out.add(series[2]!);
  return [...out].filter((sub) => {
    const ws = canonicalWords(sub);
    // "The Movie", "The Sequel", "Chapter Two": words any title could end with name no film.
    const content = ws.filter((w) => wordClass(w) !== "function" && !GENERIC.has(w) && !/^\d+$/.test(w));
    return content.length >= 2 || content.some((w) => zipf(w) < 4);
  });
}

/**
 * The head a series' films share ("harry potter" of "Harry Potter and the …", "john wick"
 * of "John Wick: Chapter Two"), or undefined when the title names no series.
 */
function seriesHead(title: string): string | undefined {
  const main = title.split(SUBTITLE)[0] ?? "";
  const series = SERIES_AND_THE.exec(main);
  const head = canonicalWords(series ? series[1]! : main).filter((w, i) => i > 0 || !ARTICLES.has(w));
  // A head that ends in a number is itself a sequel ("Gremlins 2").
  while (head.length > 0 && /^\d+$/.test(head[head.length - 1]!)) head.pop();
  return head.length > 0 ? head.join(" ") : undefined;
}

/**
 * Every written form of every title as a trie of words, with a typo-tolerant lookup of
 * single words (SymSpell-style: a word's one-letter deletions point back at it) and the
 * forms' full strings sorted for prefix completion.
 */
export class TitleIndex {
  readonly words: string[] = [];
  private readonly wordIds = new Map<string, number>();
  private readonly deletions = new Map<string, number[]>();
  private readonly edges = new Map<number, number>();
  private readonly terminals = new Map<number, TitleEntry[]>();
  private nodes = 1;
  /** Popularity prior per item: rating count + 1. */
  readonly prior: Float64Array;
  /** Each form's words joined by spaces, sorted, with the item it names. */
  private readonly forms: { key: string; item: number }[] = [];
  /** The distinct forms, sorted (native string order), and the items each names. */
  private readonly sortedKeys: string[];
  private readonly itemsOfKey = new Map<string, number[]>();
  /** The forms, most popular item first. */
  private readonly formsByPrior: { key: string; item: number }[];
  private readonly popularFloor: number;
  /** Items containing each word, for suggestions when nothing matches. */
  private readonly postings = new Map<number, number[]>();
  private readonly similarCache = new Map<string, WordMatch[]>();
  /** The title words, sorted, for prefix search. */
  private sortedWords: string[] = [];

  constructor(readonly catalogue: Catalogue) {
    this.prior = Float64Array.from(catalogue.movies, (_, i) => (catalogue.ratingCounts[i] ?? 0) + 1);
    catalogue.movies.forEach((movie, item) => {
      for (const name of [movie.title, ...movie.altTitles]) {
        for (const form of titleForms(name)) this.addForm(form.words, { item, ...form });
      }
    });
    this.addSeriesOrdinals(catalogue);
    for (const word of this.words) this.indexDeletions(word);
    this.sortedWords = [...this.words].sort();
    this.sortedKeys = [...this.itemsOfKey.keys()].sort();
    const prior = this.prior;
    this.formsByPrior = [...this.forms].sort((a, b) => prior[b.item]! - prior[a.item]!);
    const sorted = Float64Array.from(this.prior).sort();
    this.popularFloor = Math.max(2, sorted[Math.floor(sorted.length * 0.95)] ?? 2);
  }

  /**
   * "harry potter 6", "pirates of the caribbean 2": films whose titles share a series head
   * are numbered by year, the film titled the head alone first; a number is added only
   * where no title already says "<head> N" itself ("rocky 4" stays Rocky IV). A head that
   * several films carry as their whole title (remakes: King Kong 1933, 1976, 2005) numbers nothing.
   */
  private addSeriesOrdinals(catalogue: Catalogue): void {
    const series = new Map<string, number[]>();
    catalogue.movies.forEach((movie, item) => {
      const head = seriesHead(movie.title);
      if (!head) return;
      const list = series.get(head);
      if (list) list.push(item);
      else series.set(head, [item]);
    });
    for (const [head, items] of series) {
      if (items.length < 2) continue;
      const whole = items.filter(
        (i) => normalizeTitle(catalogue.at(i).title).replace(/^(the|a|an) /, "") === head,
      );
      if (whole.length > 1 || items.length - whole.length < 1) continue;
      const year = (i: number) => catalogue.at(i).year ?? 9999;
      const ordered = [...items].sort((a, b) => year(a) - year(b) || a - b);
      const headWords = head.split(" ");
      ordered.forEach((item, k) => {
        const words = [...headWords, String(k + 1)];
        if (this.hasForm(words)) return;
        this.addForm(words, { item, penalty: ORDINAL_PENALTY, articleDropped: false });
      });
    }
  }

  /** Some title is already written exactly this way. */
  private hasForm(words: readonly string[]): boolean {
    let node = 0;
    for (const w of words) {
      const id = this.wordIds.get(w);
      const next = id === undefined ? undefined : this.child(node, id);
      if (next === undefined) return false;
      node = next;
    }
    return this.terminals.has(node);
  }

  /** The film is among the 5% most rated of the catalogue. */
  isPopular(item: number): boolean {
    return this.prior[item]! >= this.popularFloor;
  }

  get size(): number {
    return this.forms.length;
  }

  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.wordIds.set(word, id);
    }
    return id;
  }

  private addForm(words: string[], entry: TitleEntry): void {
    let node = 0;
    for (const word of words) {
      const id = this.wordId(word);
      const key = node * WORD_SPACE + id;
      let next = this.edges.get(key);
      if (next === undefined) {
        next = this.nodes++;
        this.edges.set(key, next);
      }
      node = next;
      const items = this.postings.get(id);
      if (!items) this.postings.set(id, [entry.item]);
      else if (items[items.length - 1] !== entry.item) items.push(entry.item);
    }
    const list = this.terminals.get(node);
    const same = list?.find((e) => e.item === entry.item);
    if (same) {
      if (entry.penalty < same.penalty) Object.assign(same, entry);
      return;
    }
    if (list) list.push(entry);
    else this.terminals.set(node, [entry]);
    const key = words.join(" ");
    this.forms.push({ key, item: entry.item });
    const items = this.itemsOfKey.get(key);
    if (items) items.push(entry.item);
    else this.itemsOfKey.set(key, [entry.item]);
  }

  private indexDeletions(word: string): void {
    if (typosAllowed(word.length) === 0 || /^\d+$/.test(word)) return;
    const id = this.wordIds.get(word)!;
    for (let i = 0; i < word.length; i++) {
      const d = word.slice(0, i) + word.slice(i + 1);
      const ids = this.deletions.get(d);
      if (!ids) this.deletions.set(d, [id]);
      else if (ids[ids.length - 1] !== id) ids.push(id);
    }
  }

  idOf(word: string): number | undefined {
    return this.wordIds.get(word);
  }

  /** Title words within the typos a word of this length may carry (the word itself first). */
  similarWords(word: string): WordMatch[] {
    // Messages repeat their words ("the", "movie", "loved"): remember recent answers.
    const cached = this.similarCache.get(word);
    if (cached) return cached;
    if (this.similarCache.size >= 20_000) this.similarCache.clear();
    const found = this.lookupSimilar(word);
    this.similarCache.set(word, found);
    return found;
  }

  private lookupSimilar(word: string): WordMatch[] {
    const exact = this.wordIds.get(word);
    const out: WordMatch[] = exact === undefined ? [] : [{ word: exact, edits: 0 }];
    const allowed = typosAllowed(word.length);
    if (allowed === 0 || /\d/.test(word)) return out;
    const seen = new Set<number>(exact === undefined ? [] : [exact]);
    const consider = (id: number) => {
      if (seen.has(id)) return;
      seen.add(id);
      const candidate = this.words[id]!;
      const max = Math.min(allowed, typosAllowed(Math.max(word.length, candidate.length)));
      const edits = boundedEditDistance(word, candidate, max);
      if (edits <= max) out.push({ word: id, edits });
    };
    for (const id of this.deletions.get(word) ?? []) consider(id);
    for (let i = 0; i < word.length; i++) {
      const d = word.slice(0, i) + word.slice(i + 1);
      const id = this.wordIds.get(d);
      if (id !== undefined) consider(id);
      for (const other of this.deletions.get(d) ?? []) consider(other);
    }
    return out;
  }

  child(node: number, word: number): number | undefined {
    return this.edges.get(node * WORD_SPACE + word);
  }

  entriesAt(node: number): readonly TitleEntry[] | undefined {
    return this.terminals.get(node);
  }

  itemsWithWord(word: number): readonly number[] {
    return this.postings.get(word) ?? [];
  }

  /**
   * Items with a form starting with `prefix` (whole words then a partial last word), most
   * popular first, at most k. The exact-prefix range is scanned when small; a large range
   * (a one-letter prefix) is met sooner by walking the forms in order of popularity.
   */
  itemsWithPrefix(prefix: string, k: number, exclude: ReadonlySet<number> = new Set()): number[] {
    const keys = this.sortedKeys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const from = lo;
    hi = keys.length;
    const end = `${prefix}\uffff`;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < end) lo = mid + 1;
      else hi = mid;
    }
    const to = lo;
    const picked: number[] = [];
    const taken = new Set(exclude);
    if (to - from > 300) {
      for (const form of this.formsByPrior) {
        if (taken.has(form.item) || !form.key.startsWith(prefix)) continue;
        taken.add(form.item);
        picked.push(form.item);
        if (picked.length >= k) break;
      }
      return picked;
    }
    for (let i = from; i < to; i++) {
      for (const item of this.itemsOfKey.get(keys[i]!)!) {
        if (!taken.has(item)) {
          taken.add(item);
          picked.push(item);
        }
      }
    }
    picked.sort((a, b) => this.prior[b]! - this.prior[a]! || a - b);
    return picked.slice(0, k);
  }

  /**
   * Title words that begin like `partial`, allowing one typo once it has four letters: the
   * exact prefix, then each one-edit variant of it, each looked up in the sorted words.
   */
  wordsStartingLike(partial: string, limit: number): string[] {
    const out = new Set<string>(this.wordsWithPrefix(partial, limit));
    if (partial.length < 4 || /\d/.test(partial)) return [...out];
    const variants = new Set<string>();
    for (let i = 0; i < partial.length; i++) {
      variants.add(partial.slice(0, i) + partial.slice(i + 1));
      if (i + 1 < partial.length)
        variants.add(partial.slice(0, i) + partial[i + 1] + partial[i] + partial.slice(i + 2));
    }
    const letters = new Set(partial);
    for (let i = 0; i <= partial.length; i++) {
      for (const c of "abcdefghijklmnopqrstuvwxyz") {
        if (i < partial.length && c !== partial[i])
          variants.add(partial.slice(0, i) + c + partial.slice(i + 1));
        if (letters.has(c) || i < partial.length) variants.add(partial.slice(0, i) + c + partial.slice(i));
      }
    }
    variants.delete(partial);
    for (const v of variants) {
      if (v.length < 3) continue;
      for (const w of this.wordsWithPrefix(v, limit)) {
        out.add(w);
        if (out.size >= limit) return [...out];
      }
    }
    return [...out];
  }

  private wordsWithPrefix(prefix: string, limit: number): string[] {
    const words = this.sortedWords;
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < words.length && out.length < limit && words[i]!.startsWith(prefix); i++)
      out.push(words[i]!);
    return out;
  }
}
