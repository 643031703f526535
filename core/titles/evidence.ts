import { wordClass } from "./lexicon.ts";
import type { Token } from "./normalize.ts";

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
};

// Words that, just before a span, say a film is being named. Looked for across a few
// words of filler: "I really liked the original X", "have you seen X".
const WEAK_CUES = new Set(
  (
    "like liked likes love loved loves loving enjoy enjoyed enjoys adore adored seen saw see seeing watch " +
    "watched watching rewatch rewatched rewatching hate hated hates dislike disliked fan favorite favourite " +
    "fav recommend recommended try check rent about including especially than stand"
  ).split(" "),
);
const DIRECT_VERBS = new Set(
  "like liked love loved enjoy enjoyed adore adored seen saw watch watched rewatch rewatched hate hated".split(
    " ",
  ),
);
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

function personOrPlace(shape: MessageShape, start: number): boolean {
  const before = shape.tokens[start - 1]?.norm ?? "";
  if (PERSONAL_BEFORE.has(before)) return true;
  return PLACE_PREPOSITIONS.has(before) && PLACE_VERBS.has(shape.tokens[start - 2]?.norm ?? "");
}
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
// After a span: "X is a great movie", "X was boring", "X is my favourite".
const BE = new Set(["is", "was", "are", "were", "s", "has", "had", "looks", "sounds", "seems", "made"]);
const VERDICTS = new Set(
  (
    "good great amazing awesome funny hilarious scary creepy boring terrible awful fun cool excellent " +
    "fantastic brilliant classic favorite favourite favorites favourites best worst decent okay ok overrated " +
    "underrated masterpiece spooky sad beautiful epic intense wonderful interesting entertaining enjoyable " +
    "hilarious gory suspenseful solid"
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
}

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
  return { tokens, text, sentenceStart, capitalsUninformative: titleCase || allCaps };
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
  const after: Token[] = [];
  for (let k = end; k < tokens.length && after.length < 6; k++) {
    if (/[.!?;,\n]/.test(text.slice(tokens[k - 1]!.end, tokens[k]!.start)) || tokens[k]!.norm === "but")
      break;
    after.push(tokens[k]!);
  }
  const next = after[0]?.norm;
  if (next === "movies" || next === "films") return cue ?? "weak";
  if (next && BE.has(next)) {
    const said = after.slice(1, 6).map((t) => t.norm);
    if (said.some((w) => FILM_NOUNS.has(w) || GENRE_NOUNS.has(w) || w === "one")) return "strong";
    if (said.some((w) => VERDICTS.has(w))) return "weak";
  }
  return cue;
}

/** "loved bad moms", "seen the post": the cue verb takes the span as its object, nothing between. */
function directlyAfterVerb(shape: MessageShape, start: number): boolean {
  const { tokens, text } = shape;
  let i = start - 1;
  if (i >= 0 && (tokens[i]!.norm === "the" || tokens[i]!.norm === "a")) i--;
  // "check out blended": the particle goes with the verb.
  const phrasal = i >= 1 && tokens[i]!.norm === "out" && tokens[i - 1]!.norm === "check";
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
  }
  return false;
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
  const capitalisedMidSentence =
    !shape.capitalsUninformative && !shape.sentenceStart[start] && isCapitalised(tokens[start]!.raw);
  // A word no dictionary lists is evidence; a known name ("Texas", "Dunkirk") is evidence
  // only when written in lower case: capitalised, it is the same evidence as the capital.
  const unlisted = classes.some((c, k) => c === "rare" && !/^\d+$/.test(facts.words[k]!));
  const lowerName = classes.some((c, k) => c === "name" && !isCapitalised(tokens[start + k]?.raw ?? ""));
  if (unlisted || lowerName) points += POINTS.rareWord;
  const letters = facts.words.reduce((n, w) => n + w.length, 0);
  const contentWords = classes.filter((c) => c !== "function").length;
  if (letters >= 15 && contentWords >= 2) points += POINTS.longPhrase;
  else if (letters >= 10 && contentWords >= 2 && facts.words.length >= 3) points += POINTS.mediumPhrase;
  else if (contentWords >= 2) points += POINTS.twoWords;
  const cue = cueAround(shape, start, end);
  const alone = standsAlone(shape, start, end, yearTokens);
  if (cue === "strong") points += POINTS.strongCue;
  else if (cue === "weak") points += POINTS.weakCue;
  if (facts.list) points += POINTS.list;
  // Popularity tips what the words around say, not what capitals say ("I live in Chicago").
  if (facts.popular && (cue || facts.list || alone)) points += POINTS.popular;
  if (cue === "weak" && directlyAfterVerb(shape, start)) points += POINTS.directObject;
  if (alone) points += POINTS.alone;
  if (nextToName(shape, start, end)) points += POINTS.nextToName;
  // A kind of film stays one even when it is the whole message ("I love scary movies").
  if (!quoted && !facts.year && genrePhrase(shape, start, end, facts.words)) {
    points += POINTS.genrePhrase;
    // Written in the plural ("scary movies" for "Scary Movie"), it names a kind, never the film.
    const last = facts.words[facts.words.length - 1]!;
    if (FILM_NOUNS.has(last) && tokens[end - 1]!.norm !== last) return Math.min(points, ACCEPT - 1);
  }
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
  // "It", "Up", "Her": grammar words name a film only when set apart by quotes, a year, or
  // a capital mid-sentence where a film is being talked about.
  if (
    onlyFunctionWords &&
    !quoted &&
    !facts.year &&
    !(capitalisedMidSentence && (cue || facts.list || alone))
  )
    return Math.min(points, ACCEPT - 1);
  return points;
}
