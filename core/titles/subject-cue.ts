import { FEELING_PATTERNS } from "./feeling-words.ts";
import type { Token } from "./normalize.ts";

/**
 * "prisoners had me on the edge of my seat", "signs still gives me chills", "collateral is
 * such a vibe": people open a sentence with a film, in lower case, and say what it did to
 * them or what they thought of it. A span that opens a clause and is followed at once by a
 * verb whose object is the speaker ("made me", "had me") or whose clause holds a verdict
 * ("is such a vibe", "was a hot mess") is the subject of that verdict. "the others are
 * asleep", "game night got cancelled" and "rush hour traffic made me late" are not: no
 * verdict, or the span is not what the verb follows.
 */
export interface SubjectShape {
  tokens: readonly Token[];
  text: string;
  sentenceStart: readonly boolean[];
}

// Words a chat sentence opens with before its subject: "honestly prisoners had me…".
const OPENERS = new Set(
  "and but so also then honestly tbh ngl imo lowkey highkey ok okay yeah yes no man bro dude like oh plus".split(
    " ",
  ),
);
const CONJUNCTIONS = new Set(["but", "although", "though", "whereas", "while"]);
// Between the subject and its verb: "signs still gives me chills".
const ADVERBS = new Set(
  "still really just honestly lowkey always totally actually literally genuinely kinda absolutely never also truly easily somehow".split(
    " ",
  ),
);
const BE = new Set(["is", "was", "are", "were", "has", "had", "remains", "stays", "feels", "felt"]);
// Verbs that say what a film did to its viewer: "wrecked me", "gives me chills".
const EXPERIENCE = new Set(
  (
    "gives gave blew blows wrecked wrecks broke breaks destroyed scared scares creeps creeped haunts haunted " +
    "bored bores lost loses slaps slapped rocks rocked rules ruled sucks sucked changed changes ruined"
  ).split(" "),
);
// Verbs that say it only with what follows: "made me cry" (a film), "made me late" (traffic).
const CAUSING = new Set("had has made makes got gets left leaves kept keeps put puts".split(" "));
const FELT = new Set(
  (
    "want wanna feel cry cried crying laugh laughed laughing think rethink question hooked shook shaking " +
    "terrified scared jump smile sob sobbing tear tearing bawling gasp scream screaming cracking dying rolling rethinking"
  ).split(" "),
);
// "had me on the edge of my seat", "left me in tears".
const FELT_PHRASE = /^(?:on the edge|in (?:tears|stitches|pieces|awe)|speechless|obsessed|thinking)/;
const SPEAKER = new Set(["me", "my", "us", "our", "myself"]);
// "traffic was terrible today": a verdict on a day's event.
const TIMES = new Set([
  "today",
  "tonight",
  "tomorrow",
  "yesterday",
  "morning",
  "outside",
  "lately",
  "weekend",
]);

/** Where the clause after `end` stops: sentence punctuation, a comma, "but". */
function clauseAfter(shape: SubjectShape, end: number, max = 8): Token[] {
  const out: Token[] = [];
  for (let k = end; k < shape.tokens.length && out.length < max; k++) {
    const gap = shape.text.slice(shape.tokens[k - 1]!.end, shape.tokens[k]!.start);
    if (/[.!?;,\n]/.test(gap) || shape.tokens[k]!.norm === "but") break;
    out.push(shape.tokens[k]!);
  }
  return out;
}

/** The span opens its sentence or clause, so nothing before it makes it part of a phrase. */
export function opensClause(shape: SubjectShape, start: number): boolean {
  if (shape.sentenceStart[start]) return true;
  const { tokens, text } = shape;
  if (/[,;:/]\s*$/.test(text.slice(tokens[start - 1]!.end, tokens[start]!.start))) return true;
  const prev = start - 1;
  // "…but annihilation lost me": a conjunction opens a new clause wherever it stands.
  if (CONJUNCTIONS.has(tokens[prev]!.norm)) return true;
  return OPENERS.has(tokens[prev]!.norm) && (shape.sentenceStart[prev] ?? false);
}

/** Whether the span is the subject of a verdict: "strong" when the verb's object is the speaker. */
export function subjectOfVerdict(
  shape: SubjectShape,
  start: number,
  end: number,
): "strong" | "weak" | undefined {
  if (!opensClause(shape, start)) return undefined;
  const after = clauseAfter(shape, end);
  let k = 0;
  while (k < 2 && after[k] && ADVERBS.has(after[k]!.norm)) k++;
  const verb = after[k]?.norm;
  if (verb === undefined || after.some((t) => TIMES.has(t.norm))) return undefined;
  // The verb must follow the span with nothing but spaces: "prometheus, made zero sense" is two clauses.
  const verbToken = after[k]!;
  const before = k === 0 ? shape.tokens[end - 1]! : after[k - 1]!;
  if (!/^\s+$/.test(shape.text.slice(before.end, verbToken.start))) return undefined;
  const object = after[k + 1]?.norm;
  const speaker = object !== undefined && SPEAKER.has(object);
  if (speaker && EXPERIENCE.has(verb)) return "strong";
  if (speaker && CAUSING.has(verb)) {
    const next = after[k + 2];
    const felt =
      next && (FELT.has(next.norm) || FELT_PHRASE.test(shape.text.slice(next.start, next.start + 30)));
    if (felt) return "strong";
  }
  if (!BE.has(verb) && !EXPERIENCE.has(verb) && !CAUSING.has(verb)) return undefined;
  const rest = shape.text.slice(verbToken.start, after[after.length - 1]!.end).replace(/’/g, "'");
  // `search` leaves the shared global patterns' lastIndex alone, as `matchAll` elsewhere needs.
  return FEELING_PATTERNS.some(([, re]) => rest.search(re) >= 0) ? "weak" : undefined;
}
