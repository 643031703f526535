import { createRequire } from "node:module";

/**
 * How ordinary an English word is, which is how much a title made of it needs other
 * evidence before it counts: "Up" is a function word, "Heat" an ordinary noun, "Moana" no
 * dictionary word at all. The word list is the part-of-speech lexicon that ships with
 * `natural` (from pos-js, ≈54k lower-case entries): a word it lists in lower case is
 * ordinary; one it lists only capitalised is a known name (a day, a place, a person: "Monday",
 * "Texas"); one it does not list at all is rare ("Moana", "Norbit").
 */
export type WordClass = "function" | "ordinary" | "name" | "rare";

// Tags of words that carry grammar, not content: pronouns, determiners, prepositions,
// conjunctions, modals, interjections, wh-words, particles.
const FUNCTION_TAGS = new Set([
  "PRP",
  "PRP$",
  "PRP$R",
  "DT",
  "PDT",
  "IN",
  "CC",
  "MD",
  "UH",
  "WP",
  "WP$",
  "WDT",
  "WRB",
  "TO",
  "EX",
  "RP",
  "POS",
]);

// Auxiliaries and chat words the lexicon tags as verbs or misses entirely; number words,
// which it also misses, are ordinary ("Seven" needs the same evidence as "Heat").
const EXTRA_FUNCTION =
  "i be am is are was were been being do does did done have has had having not no yes ok okay hi hey " +
  "hello lol haha yeah yep nope thanks thank please something anything nothing everything someone anyone " +
  "everyone somebody anybody nobody one ones more less other others";
const NUMBER_WORDS =
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " +
  "sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred thousand million first second third";

let classes: Map<string, WordClass> | undefined;
/** Each lower-case word's most frequent part-of-speech tag. */
let leadingTags: Map<string, string> | undefined;

function load(): Map<string, WordClass> {
  const require = createRequire(import.meta.url);
  const lexicon =
    require("natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json") as Record<
      string,
      string[]
    >;
  const map = new Map<string, WordClass>();
  const leading = new Map<string, string>();
  const names: string[] = [];
  for (const [word, tags] of Object.entries(lexicon)) {
    if (/^[A-Z][a-z]+$/.test(word)) names.push(word.toLowerCase());
    if (word !== word.toLowerCase() || !/^[a-z]/.test(word)) continue;
    const key = word.replace(/'/g, "");
    // The first tag is the word's most frequent use: "up" is mostly a preposition.
    const first = (tags[0] ?? "").split("|")[0] ?? "";
    if (!leading.has(key)) leading.set(key, first);
    const isFunction = FUNCTION_TAGS.has(first);
    if (map.get(key) !== "function") map.set(key, isFunction ? "function" : "ordinary");
  }
  for (const w of names) if (!map.has(w)) map.set(w, "name");
  for (const w of NUMBER_WORDS.split(" ")) map.set(w, "ordinary");
  for (const w of EXTRA_FUNCTION.split(" ")) map.set(w, "function");
  leadingTags = leading;
  return map;
}

/**
 * Whether a word is mostly a noun, or no dictionary word at all: "lion", "moana" can be
 * what something is called; "long", "fun" mostly describe (adjectives and verbs do).
 */
export function nounLike(word: string): boolean {
  classes ??= load();
  const tag = leadingTags?.get(word);
  if (tag === undefined) return wordClass(word) !== "function";
  return tag.startsWith("NN");
}

/** Whether a word is mostly an adjective: "total", "great", "little". */
export function adjectiveLike(word: string): boolean {
  classes ??= load();
  return leadingTags?.get(word)?.startsWith("JJ") ?? false;
}

/** The class of a normalised (lower-case, apostrophe-free) word; digits count as ordinary. */
export function wordClass(word: string): WordClass {
  classes ??= load();
  const known = classes.get(word);
  if (known) return known;
  if (/^\d+$/.test(word)) return "ordinary";
  // Plurals and simple inflections of listed words: "troopers", "lambs".
  if (word.length > 3 && word.endsWith("s")) {
    const singular = classes.get(word.slice(0, -1));
    if (singular === "ordinary" || singular === "name") return singular;
  }
  return "rare";
}
