import { adjectiveLike, nounLike, wordClass } from "./lexicon.ts";
import type { Token } from "./normalize.ts";
import { subjectOfVerdict } from "./subject-cue.ts";
import { zipf } from "./word-frequency.ts";

/**
 * How strongly a run of words reads as a film title rather than ordinary words that happen
 * to spell one ("I was up late", "thanks for the help"). Evidence adds up in points; a span
 * counts as a title at ACCEPT or more. Each kind of evidence is something a reader uses:
 * capitals where a sentence would not have them, quotes, a year, words no dictionary
 * lists, a long exact phrase, the words around it ("the movie X", "loved X", "X was
 * great"), a list of other titles, or the title standing alone as the whole message.
 */
export const ACCEPT = 2.0;
const YEAR = /^(18[89]\d|19\d\d|20\d\d)$/;

const POINTS = {
  capitalised: 2,
  partlyCapitalised: 1,
  popular: 1,
  directObject: 0.5,
  capitalisedArticle: 1,
  quoted: 4,
  year: 3,
  rareWord: 1.5,
  longPhrase: 2.5,
  mediumPhrase: 1.5,
  twoWords: 0.5,
  strongCue: 3,
  weakCue: 1.5,
  list: 1.5,
  alone: 3,
  nextToName: -2.5,
  genrePhrase: -1.5,
  capitalOnly: -0.5,
  bareNumber: -1.5,
  typo: -0.3,
  realWordTypo: -1.2,
  mainTitleOnly: -1,
  insideNounPhrase: -2,
};

// Words that open a noun phrase of the sentence's own: "a total blast from the past", "my office space".
const DETERMINERS = new Set(
  "a an my your his her our their this these those some any every each another no".split(" "),
);

/**
 * "had a total blast from the past", "cleaned my office space": lower-case title words
 * after a determiner (and perhaps an adjective) that is not part of the title are the
 * sentence's own noun phrase. Capitals or quotes would say otherwise, and count apart.
 */
function insideNounPhrase(shape: MessageShape, start: number, end: number): boolean {
  const { tokens } = shape;
  const written = tokens.slice(start, end);
  const prev = tokens[start - 1]?.norm;
  if (prev === undefined || shape.sentenceStart[start]) return false;
  // "a x-men fan", "a twilight zone movie": the title names what the phrase is about.
  const next = tokens[end]?.norm ?? "";
  if (next === "fan" || next === "fans" || FILM_NOUNS.has(next)) return false;
  if (!shape.capitalsUninformative && written.some((t) => isCapitalised(t.raw) && t.norm !== "i"))
    return false;
  if (DETERMINERS.has(prev)) return true;
  const before = tokens[start - 2]?.norm;
  return (
    before !== undefined && !shape.sentenceStart[start - 1] && DETERMINERS.has(before) && adjectiveLike(prev)
  );
}
/** "an African-American man", "a well-known story": one hyphenated word before a noun describes it. */
function hyphenatedModifier(shape: MessageShape, start: number, end: number): boolean {
  const { tokens, text } = shape;
  if (end - start < 2 || end >= tokens.length) return false;
  // One hyphenated word, all of it: "spider-man 2 train scene" is a title and its scene.
  for (let k = start + 1; k < end; k++)
    if (text.slice(tokens[k - 1]!.end, tokens[k]!.start) !== "-") return false;
  const next = tokens[end]!.norm;
  if (next === "fan" || next === "fans" || FILM_NOUNS.has(next)) return false;
  return nounLike(next) && /^\s+$/.test(text.slice(tokens[end - 1]!.end, tokens[end]!.start));
}

// Zipf 4.5 ("contact", "speed") earns nothing; each step rarer earns 0.6, up to rareWord.
const RARITY_FROM = 4.5;
const RARITY_SLOPE = 0.6;

/** The stronger of two cues. */
function strongest(a: Cue, b: Cue): Cue {
  return a === "strong" || b === "strong" ? "strong" : (a ?? b);
}

/**
 * Points for how rarely ordinary English uses the title's words: the least common content
 * word decides ("collateral", 3.5 on the Zipf scale, earns some; "nightcrawler" more; "the
 * others" none). Everyday words earn nothing rather than lose: "I liked the post" is still
 * The Post when the words around say so. `unmarked[k]` false: word k was capitalised where
 * case speaks, and counts only as the capital.
 */
function rarity(words: readonly string[], unmarked: readonly boolean[]): number {
  const content = words.filter(
    (w, k) => unmarked[k] !== false && wordClass(w) !== "function" && !/^\d+$/.test(w) && w.length > 2,
  );
  if (content.length === 0) return 0;
  const least = Math.min(...content.map(zipf));
  return Math.max(0, Math.min(POINTS.rareWord, RARITY_SLOPE * (RARITY_FROM - least)));
}

// Words that, just before a span, say a film is being named. Looked for across a few
// words of filler: "I really liked the original X", "have you seen X".
const WEAK_CUES = new Set(
  (
    "like liked likes love loved loves loving enjoy enjoyed enjoys adore adored seen saw see seeing watch " +
    "watched watching rewatch rewatched rewatching hate hated hates dislike disliked fan favorite favourite " +
    "fav recommend recommended try check rent about including especially than stand heard"
  ).split(" "),
);
const DIRECT_VERBS = new Set(
  "like liked love loved enjoy enjoyed adore adored seen saw watch watched rewatch rewatched hate hated rent recommend".split(
    " ",
  ),
);
const ORDINALS = new Set(["first", "second", "third", "last", "original", "new", "old", "older", "newer"]);
const FILLER = new Set(
  (
    "really also just the a an original new old older first whole all both definitely totally so too " +
    "recently finally actually even still only out again movie film of my is was are were"
  ).split(" "),
);
// Words that name the thing as a film: "the movie X", "a film called X", "something like X".
const FILM_NOUNS = new Set(["movie", "movies", "film", "films", "flick"]);
const NAMING = new Set(["called", "titled", "named"]);
// Kinds of film that, after "X is a great …", say X is one: "identity is a great thriller".
const GENRE_NOUNS = new Set(
  "thriller thrillers comedy comedies drama dramas horror documentary musical classic cartoon romance sequel remake".split(
    " ",
  ),
);
// "was great in X", "his best performance in X": acting happens in films.
const ACTING = new Set(
  "good great amazing excellent terrible awful funny hilarious starred stars starring role roles performance performances appeared acted cameo".split(
    " ",
  ),
);
// Before a capitalised word, these make it a person or a thing of one's own: "with Dad", "our Friday".
const PERSONAL_BEFORE = new Set(["with", "my", "our", "your", "his", "their", "named"]);
// "live in Chicago", "moved to Texas", "born in Ohio": a place, not a film.
const PLACE_VERBS = new Set(
  "live lives living lived moved move moving born grew raised visit visited visiting stay stayed went".split(
    " ",
  ),
);
const PLACE_PREPOSITIONS = new Set(["in", "at", "to", "from", "near", "around"]);

// "my friend Ray", "her son Jack": a relation names the person after it.
const RELATIONS = new Set(
  (
    "friend friends buddy pal brother sister son daughter mom mum dad mother father wife husband " +
    "boyfriend girlfriend uncle aunt cousin grandma grandpa neighbor neighbour boss coworker roommate"
  ).split(" "),
);

function personOrPlace(shape: MessageShape, start: number): boolean {
  const before = shape.tokens[start - 1]?.norm ?? "";
  if (PERSONAL_BEFORE.has(before) || RELATIONS.has(before)) return true;
  // "visited Philadelphia", "moved to Texas".
  if (PLACE_VERBS.has(before)) return true;
  return PLACE_PREPOSITIONS.has(before) && PLACE_VERBS.has(shape.tokens[start - 2]?.norm ?? "");
}

// After a span: "Merry Christmas to you", "Happy New Year to all": a wish, not a title.
const WISHED = new Set(["you", "all", "everyone", "everybody", "yall", "ya"]);

/** "Merry Christmas to you and yours", "wish you a Happy New Year": the span is a greeting. */
function wish(shape: MessageShape, start: number, end: number): boolean {
  const at = (k: number) => shape.tokens[k]?.norm ?? "";
  if (at(end) === "to" && WISHED.has(at(end + 1))) return true;
  return at(start - 1) === "a" && at(start - 2) === "you" && at(start - 3) === "wish";
}
const TIME_WORDS = new Set(
  (
    "last next this that one the night nights day days week weekend morning evening afternoon today tonight " +
    "tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday summer winter spring fall"
  ).split(" "),
);
// Words that open a description rather than a title: "watch something new".
const INDEFINITE = new Set(["something", "anything", "nothing", "everything", "more", "some", "any"]);
const COMPARERS = new Set([
  "something",
  "anything",
  "stuff",
  "movies",
  "films",
  "movie",
  "film",
  "ones",
  "one",
]);
// A verb and its particle that take a film as their object.
const PHRASAL = new Map<string, Set<string>>([
  ["of", new Set(["heard", "thinking", "think"])],
  ["about", new Set(["heard", "forgot", "forget", "thinking"])],
  ["with", new Set(["familiar", "go", "going", "went", "goes", "stick"])],
  ["upon", new Set(["stumbled", "came"])],
]);
// Between a subject and its verb: "X of course is great", "X really was fun".
const ASIDES = new Set(["really", "also", "definitely", "honestly", "actually", "just", "too", "still"]);
const THINKING = new Set(["think", "thought", "heard", "guess", "believe", "feel", "hear"]);
const MODALS = new Set(["would", "will", "should", "could", "might", "must", "can"]);
// "Is X any good?": the verb that opens a question about X, at the start of a sentence or after these.
const QUESTION_BE = new Set(["is", "was", "are", "were"]);
const OPENERS = new Set(["so", "and", "but", "also", "then", "ok", "okay", "hmm", "well", "oh"]);
const TIMES = new Set(["today", "tonight", "tomorrow", "yesterday", "morning", "outside", "lately"]);
const FAVOURITE = new Set(["favorite", "favourite", "fav", "favorites", "favourites"]);
// "a big X fan", "the X fans".
const FAN_BEFORE = new Set(["a", "an", "big", "huge", "real", "massive", "the", "true"]);
// After a span: "X is a great movie", "X was boring", "X is my favourite".
const BE = new Set(["is", "was", "are", "were", "s", "has", "had", "looks", "sounds", "seems", "made"]);
const VERDICTS = new Set(
  (
    "good great amazing awesome funny hilarious scary creepy boring terrible awful fun cool excellent " +
    "fantastic brilliant classic favorite favourite favorites favourites best worst decent okay ok overrated " +
    "underrated masterpiece spooky sad beautiful epic intense wonderful interesting entertaining enjoyable " +
    "hilarious gory suspenseful solid garbage trash bad horrible stupid dumb lame silly cheesy weird " +
    "interesting cute sweet touching disturbing"
  ).split(" "),
);
// Connective and chat words that may stand beside a title that is the whole message.
const AROUND_ALONE = new Set(
  (
    "and or also maybe perhaps like the how about what oh ok okay yes no hmm too either plus then i love " +
    "loved liked seen saw watched movie film definitely probably really nor even"
  ).split(" "),
);

export interface MessageShape {
  tokens: readonly Token[];
  text: string;
  /** The token opens a sentence, so its capital says nothing. */
  sentenceStart: boolean[];
  /** Most words are capitalised (or all caps): capitals say nothing anywhere. */
  capitalsUninformative: boolean;
  /** Symbols everywhere (random bytes, code, keyboard mash): short words there are accidents. */
  noisy: boolean;
}

// Symbols that chat uses rarely; emoji, ordinary punctuation and the quotes and brackets
// titles and years come in do not count.
const SYMBOLS = /[#$%&*+<=>@\\^_`{|}~[\]/;:-]/g;
/** A message with more than this share of symbols is noise, not chat. */
const NOISY_SHARE = 0.1;

export function shapeOf(text: string, tokens: readonly Token[]): MessageShape {
  const sentenceStart = tokens.map(
    (t, i) => i === 0 || /[.!?\n:"“(]\s*$/.test(text.slice(tokens[i - 1]!.end, t.start)),
  );
  // Capitals say nothing in Title Case ("Have You Seen It") or ALL CAPS: both capitalise
  // the small grammar words too, which a list of titles ("Heat, Raging Bull, Alien") does not.
  let small = 0;
  let smallCapitals = 0;
  let shouted = 0;
  let letters = 0;
  tokens.forEach((t, i) => {
    if (!/^\p{L}/u.test(t.raw) || t.norm === "i") return;
    letters++;
    if (t.raw.length > 1 && t.raw === t.raw.toUpperCase()) shouted++;
    if (sentenceStart[i] || wordClass(t.norm) !== "function") return;
    small++;
    if (/^\p{Lu}/u.test(t.raw)) smallCapitals++;
  });
  const titleCase = small >= 3 && smallCapitals / small > 0.6;
  const allCaps = letters >= 3 && shouted / letters > 0.5;
  const symbols = text.match(SYMBOLS)?.length ?? 0;
  const noisy = text.length >= 24 && symbols / text.length > NOISY_SHARE;
  return { tokens, text, sentenceStart, capitalsUninformative: titleCase || allCaps, noisy };
}

export function isCapitalised(raw: string): boolean {
  return /^[\p{Lu}\p{N}]/u.test(raw);
}

export function isQuoted(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  return before !== undefined && after !== undefined && /["'“‘«*_]/.test(before) && /["'”’»*_]/.test(after);
}

export interface SpanFacts {
  start: number;
  end: number;
  /** The matched title words (their class is the title's, not the typo's). */
  words: readonly string[];
  edits: number;
  realWordFixes: number;
  /** Matched only the part before a subtitle ("Robin Williams" of "Robin Williams: Live on Broadway"). */
  mainTitleOnly: boolean;
  year: boolean;
  list: boolean;
  /** A whole item of a numbered, slashed or "vs" list. */
  item?: boolean;
  /** A person named beside it ("the lynch dune"): people name a director's or a star's film. */
  person?: boolean;
  /** One of the catalogue's most rated films: what people most often mean. */
  popular: boolean;
}

export type Cue = "strong" | "weak" | undefined;

/** What the words just before and after a span say about it. */
export function cueAround(shape: MessageShape, start: number, end: number): Cue {
  const { tokens, text } = shape;
  let cue: Cue;
  // Before: skip filler back to a cue word, within the same clause.
  const prev = (i: number) =>
    i > 0 && !/[.!?;\n]/.test(text.slice(tokens[i - 1]!.end, tokens[i]!.start)) ? i - 1 : -1;
  let i = prev(start);
  const at = (k: number) => (k >= 0 ? tokens[k]!.norm : "");
  const first = at(i);
  const second = at(prev(i));
  if (FILM_NOUNS.has(first) && (second === "the" || second === "this" || second === "that")) return "strong";
  if (NAMING.has(first) && (FILM_NOUNS.has(second) || second === "one" || FILM_NOUNS.has(at(prev(prev(i))))))
    return "strong";
  if (first === "like" && COMPARERS.has(second)) return "strong";
  if (first === "in" && (ACTING.has(second) || ACTING.has(at(prev(prev(i)))))) cue = "weak";
  if ((first === "to" && second === "similar") || (first === "as" && second === "such")) return "strong";
  if (i >= 0 && /['’]s$/i.test(tokens[i]!.raw) && /^\p{Lu}/u.test(tokens[i]!.raw)) cue = "weak";
  // "I loved <anything> and X": a list goes on under the verb that opened it.
  if (
    first === "and" ||
    first === "or" ||
    (i >= 0 && /,\s*$/.test(text.slice(tokens[i]!.end, tokens[start]!.start)))
  ) {
    for (let k = prev(i), hops = 0; k >= 0 && hops < 10; k = prev(k), hops++) {
      if (WEAK_CUES.has(tokens[k]!.norm)) return "weak";
    }
  }
  if (!cue && filmIsNamed(shape, start, end)) return "weak";
  if (!cue && phrasalObject(shape, start)) return "weak";
  for (let hops = 0; i >= 0 && hops < 4 && !cue; hops++, i = prev(i)) {
    const w = tokens[i]!.norm;
    // "watched a movie last night": the verb's object is the film noun, not what follows.
    if (FILM_NOUNS.has(w)) break;
    if (WEAK_CUES.has(w)) {
      cue = "weak";
      break;
    }
    if (!FILLER.has(w)) break;
  }
  // After: "X is a good movie" (strong), "X was great" (weak), "X movies" (weak); within the
  // part of the sentence that follows, up to a comma or "but".
  const after = wordsAfter(shape, end);
  const next = after[0];
  if (next === "movies" || next === "films") return cue ?? "weak";
  // "I'm a big x-men fan": a fan of the film, not of a team or a person called that.
  // Not "a big fan of" (the span is the adjective) nor "a Kevin Smith fan" (a person).
  if (
    (next === "fan" || next === "fans") &&
    after[1] !== "of" &&
    FAN_BEFORE.has(at(start - 1)) &&
    nounLike(at(end - 1)) &&
    wordClass(at(start)) !== "name"
  )
    return cue ?? "weak";
  const said = question(shape, start) ? after : predicate(after);
  // "Traffic was terrible today": a verdict on a day's event, not on a film.
  if (said && !said.some((w) => TIMES.has(w))) {
    if (said.some((w) => FILM_NOUNS.has(w) || GENRE_NOUNS.has(w) || w === "one")) return "strong";
    // "Limitless is my favorite." with nothing after: the favourite film.
    if (said.length === 2 && said[0] === "my" && FAVOURITE.has(said[1]!)) return "strong";
    if (said.some((w) => VERDICTS.has(w))) return "weak";
  }
  return cue;
}

/** The next few words after a span, up to the end of its part of the sentence (a comma, "but"). */
function wordsAfter(shape: MessageShape, end: number): string[] {
  const { tokens, text } = shape;
  const after: string[] = [];
  for (let k = end; k < tokens.length && after.length < 6; k++) {
    if (/[.!?;,\n]/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start)) || tokens[k]!.norm === "but")
      break;
    after.push(tokens[k]!.norm);
  }
  return after;
}

/**
 * What is said of a span that is the subject: the words after its verb ("X is a great one",
 * "X of course is great", "X I heard was good", "X would be interesting"); undefined when
 * no such verb follows.
 */
function predicate(after: readonly string[]): string[] | undefined {
  let j = 0;
  while (j < 3) {
    const w = after[j];
    if (w !== undefined && ASIDES.has(w)) j++;
    else if (w === "of" && after[j + 1] === "course") j += 2;
    else if (w === "i" && THINKING.has(after[j + 1] ?? "")) j += 2;
    else break;
  }
  if (MODALS.has(after[j] ?? "") && after[j + 1] === "be") return after.slice(j + 2, j + 7);
  if (!BE.has(after[j] ?? "")) return undefined;
  return after.slice(j + 1, j + 6);
}

/** "Is coco any good?", "is gone baby gone suspenseful?": the span is what a question asks about. */
function question(shape: MessageShape, start: number): boolean {
  const { tokens, text } = shape;
  const be = tokens[start - 1];
  if (!be || !QUESTION_BE.has(be.norm) || !/^\s+$/.test(text.slice(be.end, tokens[start]!.start)))
    return false;
  return shape.sentenceStart[start - 1]! || OPENERS.has(tokens[start - 2]?.norm ?? "");
}

/** "heard of rough night", "familiar with some kind of wonderful", "go with knocked up". */
function phrasalObject(shape: MessageShape, start: number): boolean {
  const { tokens, text } = shape;
  let i = start - 1;
  if (i >= 0 && tokens[i]!.norm === "the") i--;
  if (i < 1 || !/^\s+$/.test(text.slice(tokens[i - 1]!.end, tokens[i]!.start))) return false;
  return PHRASAL.get(tokens[i]!.norm)?.has(tokens[i - 1]!.norm) ?? false;
}

/**
 * "my favourite movie is lion", "the last film I saw was heat": the span completes "the
 * film is …" and ends the clause. Only a noun can be what a film is called; "the movie was
 * long", "the film is fun" describe it.
 */
function filmIsNamed(shape: MessageShape, start: number, end: number): boolean {
  const { tokens, text } = shape;
  const gapBefore = (k: number) => text.slice(tokens[k - 1]!.end, tokens[k]!.start);
  if (start < 2 || !(tokens[start - 1]!.norm === "is" || tokens[start - 1]!.norm === "was")) return false;
  if (!/^\s+$/.test(gapBefore(start))) return false;
  if (end < tokens.length && !/[.!?,;\n]/.test(gapBefore(end))) return false;
  const said = tokens.slice(start, end).map((t) => t.norm);
  if (said.some((w) => VERDICTS.has(w)) || !nounLike(said[said.length - 1]!)) return false;
  for (let k = start - 2; k >= Math.max(0, start - 6); k--) {
    if (/[.!?;,\n]/.test(gapBefore(k + 1))) return false;
    if (FILM_NOUNS.has(tokens[k]!.norm)) return true;
  }
  return false;
}

/** "loved bad moms", "seen the post", "heard of rough night": the cue verb takes the span as its object, nothing between. */
function directlyAfterVerb(shape: MessageShape, start: number): boolean {
  const { tokens, text } = shape;
  let i = start - 1;
  // "enjoyed the first frozen", "loved the new one": an ordinal or era word still leaves
  // the span as the verb's object.
  if (i >= 1 && ORDINALS.has(tokens[i]!.norm) && tokens[i - 1]!.norm === "the") i--;
  if (i >= 0 && (tokens[i]!.norm === "the" || tokens[i]!.norm === "a")) i--;
  // "check out blended": the particle goes with the verb.
  const phrasal =
    (i >= 1 && tokens[i]!.norm === "out" && tokens[i - 1]!.norm === "check") || phrasalObject(shape, start);
  return (
    i >= 0 &&
    (DIRECT_VERBS.has(tokens[i]!.norm) || phrasal) &&
    /^\s+$/.test(text.slice(tokens[i]!.end, tokens[i + 1]!.start))
  );
}

/** The span is the message, give or take a connective: "and Norbit", "insidious". */
function standsAlone(shape: MessageShape, start: number, end: number, yearTokens: number): boolean {
  const outside = shape.tokens.filter((_, i) => i < start || i >= end + yearTokens);
  return outside.length <= 2 && outside.every((t) => AROUND_ALONE.has(t.norm) || YEAR.test(t.norm));
}

/** A capitalised word right beside the span, not part of it: "Amy" in "Amy Adams", "Candy" in "John Candy". */
function nextToName(shape: MessageShape, start: number, end: number): boolean {
  const { tokens, text } = shape;
  // A capital opening a sentence says "name" only for a word no dictionary lists ("Ridley Scott").
  const near = (i: number, gap: string) =>
    i >= 0 &&
    i < tokens.length &&
    /^\s+$/.test(gap) &&
    /^\p{Lu}/u.test(tokens[i]!.raw) &&
    wordClass(tokens[i]!.norm) !== "function" &&
    (!shape.sentenceStart[i] || wordClass(tokens[i]!.norm) === "rare");
  // A possessive introduces the film rather than naming a person: "Disney's Coco".
  const before =
    start > 0 &&
    !/['’]s$/i.test(tokens[start - 1]!.raw) &&
    near(start - 1, text.slice(tokens[start - 1]!.end, tokens[start]!.start));
  const after = end < tokens.length && near(end, text.slice(tokens[end - 1]!.end, tokens[end]!.start));
  return before || after;
}

/**
 * "scary movies", "superhero movie", "giant monster movies": lower-case words before a film
 * noun describe a kind of film rather than name one.
 */
function genrePhrase(shape: MessageShape, start: number, end: number, words: readonly string[]): boolean {
  const { tokens, text } = shape;
  const lower = (k: number) => !isCapitalised(tokens[k]!.raw) || shape.sentenceStart[k]!;
  for (let k = start; k < end; k++) if (!lower(k)) return false;
  if (FILM_NOUNS.has(words[words.length - 1]!) && !isCapitalised(tokens[end - 1]!.raw)) return true;
  for (let k = end; k < Math.min(tokens.length, end + 3); k++) {
    if (!/^\s+$/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start)) || !lower(k)) return false;
    if (FILM_NOUNS.has(tokens[k]!.norm)) return k > end;
    // "Avatar always a movie I meant to see": an article or a verb between says the film
    // noun is not the head of a kind named by the span.
    if (wordClass(tokens[k]!.norm) === "function") return false;
  }
  return false;
}

/**
 * "I like monster movies", "zombie films": one everyday word in lower case right before a
 * plural film noun says what kind of films, not which one. "the rocky movies" (an article
 * before) is a series, and a rare word or a name ("harry potter movies") is a title.
 */
function kindOfFilm(shape: MessageShape, start: number, end: number): boolean {
  const { tokens, text } = shape;
  if (end - start !== 1 || end >= tokens.length) return false;
  const word = tokens[start]!;
  const next = tokens[end]!;
  if (!(next.norm === "movies" || next.norm === "films")) return false;
  if (!/^\s+$/.test(text.slice(word.end, next.start))) return false;
  if (isCapitalised(word.raw) && !shape.sentenceStart[start]) return false;
  if (wordClass(word.norm) !== "ordinary") return false;
  return !["the", "those", "these"].includes(tokens[start - 1]?.norm ?? "");
}

/** Points of evidence that tokens [start, end) name a film. */
export function titleEvidence(shape: MessageShape, facts: SpanFacts, yearTokens: number): number {
  const { tokens, text } = shape;
  const { start, end } = facts;
  const from = tokens[start]!.start;
  const to = tokens[end - 1]!.end;
  const classes = facts.words.map(wordClass);
  const onlyFunctionWords = classes.every((c) => c === "function");
  const quoted = isQuoted(text, from, to);
  let points = 0;
  if (quoted) points += POINTS.quoted;
  if (facts.year) points += POINTS.year;
  // Capitals, counted on content words that do not open a sentence.
  if (!shape.capitalsUninformative) {
    const judged = tokens
      .slice(start, end)
      .filter(
        (t, k) => !shape.sentenceStart[start + k] && (wordClass(t.norm) !== "function" || onlyFunctionWords),
      );
    const caps = judged.filter((t) => isCapitalised(t.raw)).length;
    if (judged.length > 0 && caps === judged.length) {
      points += POINTS.capitalised;
    } else if (judged.length > 0 && caps * 2 >= judged.length) points += POINTS.partlyCapitalised;
  }
  // "The" capitalised mid-sentence marks a title on purpose: "as good as The Matrix".
  const article = tokens[start]!;
  if (
    !shape.capitalsUninformative &&
    !shape.sentenceStart[start] &&
    /^(The|A|An)$/.test(article.raw) &&
    end > start + 1
  )
    points += POINTS.capitalisedArticle;
  // "I" is always a capital: it says nothing ("timecop, I do think…" is no "I Do").
  const capitalisedMidSentence =
    !shape.capitalsUninformative &&
    !shape.sentenceStart[start] &&
    isCapitalised(tokens[start]!.raw) &&
    tokens[start]!.norm !== "i";
  // A word no dictionary lists is evidence; a known name ("Texas", "Dunkirk") is evidence
  // only when written in lower case: capitalised, it is the same evidence as the capital.
  // Only when the person wrote the unusual word: "have" fixed into "Dave" is still "have".
  const asWritten = facts.realWordFixes === 0;
  // A letter or two ("Z", "Pi") is no unusual word: random bytes are full of them.
  const unlisted =
    asWritten &&
    classes.some((c, k) => c === "rare" && !/^\d+$/.test(facts.words[k]!) && facts.words[k]!.length > 2);
  const lowerName =
    asWritten && classes.some((c, k) => c === "name" && !isCapitalised(tokens[start + k]?.raw ?? ""));
  let rare = unlisted || lowerName;
  if (rare) points += POINTS.rareWord;
  else if (asWritten) {
    // A capital mid-sentence already counted, and a rare capitalised word is mostly a name
    // ("Julia Roberts"): rarity speaks for the words whose case says nothing.
    const unmarked = tokens
      .slice(start, end)
      .map((t, k) => shape.capitalsUninformative || shape.sentenceStart[start + k]! || !isCapitalised(t.raw));
    const r = facts.words.length === end - start ? rarity(facts.words, unmarked) : rarity(facts.words, []);
    points += r;
    rare = r > 0;
  }
  const letters = facts.words.reduce((n, w) => n + w.length, 0);
  if (shape.noisy && letters <= 4) return Math.min(points, ACCEPT - 1);
  const contentWords = classes.filter((c) => c !== "function").length;
  const longPhrase = letters >= 15 && contentWords >= 2;
  const mediumPhrase = !longPhrase && letters >= 10 && contentWords >= 2 && facts.words.length >= 3;
  if (longPhrase) points += POINTS.longPhrase;
  else if (mediumPhrase) points += POINTS.mediumPhrase;
  else if (contentWords >= 2) points += POINTS.twoWords;
  const subject = subjectOfVerdict(shape, start, end);
  const cue = strongest(strongest(cueAround(shape, start, end), subject), facts.person ? "weak" : undefined);
  // A verdict on words people rarely say is a verdict on the film ("passengers was ok");
  // on everyday words ("life is good") it stays a verdict on life.
  if (subject === "weak" && rare) points += POINTS.directObject;
  const alone =
    standsAlone(shape, start, end, yearTokens) ||
    (facts.item === true && !facts.words.every((w) => /^\d+$/.test(w)));
  if (cue === "strong") points += POINTS.strongCue;
  else if (cue === "weak") points += POINTS.weakCue;
  if (facts.list) points += POINTS.list;
  // Popularity tips what the words around say, or words that are unusual on their own
  // ("avatar", "the lion king"); not what capitals say ("I live in Chicago").
  // A famous film that is also a name ("a nemesis of Batman") is the film more often than
  // not, unless the words before make it a person or a place ("with Ray", "in Chicago").
  const famousName =
    end - start === 1 &&
    classes[0] === "name" &&
    capitalisedMidSentence &&
    !personOrPlace(shape, start) &&
    !PLACE_PREPOSITIONS.has(tokens[start - 1]?.norm ?? "");
  if (facts.popular && (cue || facts.list || alone || unlisted || mediumPhrase || famousName))
    points += POINTS.popular;
  if (
    cue === "weak" &&
    (directlyAfterVerb(shape, start) || filmIsNamed(shape, start, end) || question(shape, start))
  )
    points += POINTS.directObject;
  if (alone) points += POINTS.alone;
  if (nextToName(shape, start, end)) points += POINTS.nextToName;
  // A kind of film stays one even when it is the whole message ("I love scary movies").
  if (!quoted && !facts.year && genrePhrase(shape, start, end, facts.words)) {
    points += POINTS.genrePhrase;
    // Written in the plural ("scary movies" for "Scary Movie"), it names a kind, never the film.
    const last = facts.words[facts.words.length - 1]!;
    if (FILM_NOUNS.has(last) && tokens[end - 1]!.norm !== last) return Math.min(points, ACCEPT - 1);
  }
  if (!quoted && !facts.year && kindOfFilm(shape, start, end)) return Math.min(points, ACCEPT - 1);
  if (!quoted && !facts.year && wish(shape, start, end)) return Math.min(points, ACCEPT - 1);
  // "the game last night was great": a time of day or week in lower case dates what is said.
  if (!quoted && !facts.year && !capitalisedMidSentence && facts.words.every((w) => TIME_WORDS.has(w)))
    return Math.min(points, ACCEPT - 1);
  if (!quoted && !facts.year && INDEFINITE.has(facts.words[0]!) && !capitalisedMidSentence)
    points += POINTS.genrePhrase;
  // "Love Lethal Weapon", "i Love those ones": a cue verb opening a clause is the verb, not "Love" (2015).
  const followed = end < tokens.length && /^\s+$/.test(text.slice(tokens[end - 1]!.end, tokens[end]!.start));
  if (!quoted && !facts.year && end - start === 1 && WEAK_CUES.has(facts.words[0]!) && followed)
    points += POINTS.genrePhrase;
  // "about 10 times", "a 7 year old": a bare number is a count unless set apart.
  if (!quoted && !facts.year && facts.words.every((w) => /^\d+$/.test(w)) && !facts.list)
    points += POINTS.bareNumber;
  // A lone capitalised word and nothing else is as often a name, a place or a day ("in Chicago").
  if (
    end - start === 1 &&
    (classes[0] === "name" || personOrPlace(shape, start)) &&
    !cue &&
    !facts.list &&
    !alone &&
    !quoted &&
    !facts.year &&
    !unlisted &&
    capitalisedMidSentence
  )
    points += POINTS.capitalOnly;
  // A typo that leaves no dictionary word ("Hnagover") still points at the title; one that
  // turns a real word into a title word ("Dane" → "Dance") may be that other word.
  // A typo weighs more in a short word: one letter in four is a different word more often.
  const shortWords = facts.words.length === 1 && facts.words[0]!.length <= 5;
  points += (shortWords ? 3 : 1) * POINTS.typo * facts.edits + POINTS.realWordTypo * facts.realWordFixes;
  if (facts.mainTitleOnly) points += POINTS.mainTitleOnly;
  if (!quoted && !facts.year && insideNounPhrase(shape, start, end)) points += POINTS.insideNounPhrase;
  if (!quoted && !facts.year && hyphenatedModifier(shape, start, end)) return Math.min(points, ACCEPT - 1);
  // "It", "Up", "Her": grammar words name a film only when set apart by quotes, a year, or
  // a capital mid-sentence where a film is being talked about.
  const letters2 = facts.words.every((w) => w.length <= 2 && !/^\d+$/.test(w));
  if (
    (onlyFunctionWords || letters2) &&
    !quoted &&
    !facts.year &&
    !(capitalisedMidSentence && (cue || facts.list || alone))
  )
    return Math.min(points, ACCEPT - 1);
  return points;
}
