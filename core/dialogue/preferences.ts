import type { Preference } from "../profile/profile.ts";
import { type Sentiment, sentimentAt } from "../titles/sentiment.ts";

/** A taste named in a message, where it was written, and how the person feels about it. */
export interface PreferenceMention {
  kind: Preference["kind"];
  value: string;
  sentiment: Sentiment;
  start: number;
  end: number;
  /** "more 80s stuff", "anything with Tom Hanks": a request for a list narrowed to it. */
  asked: boolean;
}

// How people write MovieLens's genres. Plural and colloquial forms; whole words only.
const GENRE_WORDS: [RegExp, string][] = [
  [/\b(?:action(?: movies| films| flicks)?)\b/i, "Action"],
  [/\badventures?\b/i, "Adventure"],
  [/\b(?:animation|animated|cartoons?|anime)\b/i, "Animation"],
  [/\b(?:kids'? (?:movies|films)|children'?s (?:movies|films)|family (?:movies|films))\b/i, "Children"],
  [/\b(?:comed(?:y|ies)|funny (?:movies|films|stuff)|rom-?coms?)\b/i, "Comedy"],
  [/\b(?:crime (?:movies|films|dramas?|stuff)|gangster (?:movies|films)|heist (?:movies|films))\b/i, "Crime"],
  [/\b(?:documentar(?:y|ies)|docs)\b/i, "Documentary"],
  [/\bdramas\b/i, "Drama"],
  [/\bfantasy\b/i, "Fantasy"],
  [/\b(?:film[- ]noirs?|noirs?)\b/i, "Film-Noir"],
  [/\b(?:horror|scary (?:movies|films|stuff)|slashers?)\b/i, "Horror"],
  [/\bmusicals?\b/i, "Musical"],
  [/\b(?:myster(?:y|ies)|whodunn?its?)\b/i, "Mystery"],
  [/\b(?:romance|romantic (?:movies|films|comedies)|love stories|rom-?coms?)\b/i, "Romance"],
  [/\b(?:sci-?fi|science fiction|scifi)\b/i, "Sci-Fi"],
  [/\bthrillers?\b/i, "Thriller"],
  [/\bwar (?:movies|films)\b/i, "War"],
  [/\bwesterns\b/i, "Western"],
];

const DECADE_WORDS: Record<string, string> = {
  twenties: "1920s",
  thirties: "1930s",
  forties: "1940s",
  fifties: "1950s",
  sixties: "1960s",
  seventies: "1970s",
  eighties: "1980s",
  nineties: "1990s",
};
const DECADE =
  /\b(?:(19|20)?['’]?([0-9])0['’]?s|(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b/gi;

// "more 80s stuff", "anything with Tom Hanks", "something from the nineties": asking, not telling.
const ASKING = /\b(?:more|anything|something|some|show me|recommend|give me|any|only|just)\b/i;
const PERSON_CUE =
  /\b(?:with|starring|featuring|directed by|by|from director)\s+((?:[A-Z][\p{L}'.-]+)(?:\s+[A-Z][\p{L}'.-]+){1,2})/gu;

function decadeValue(m: RegExpMatchArray): string | undefined {
  if (m[3]) return DECADE_WORDS[m[3].toLowerCase()];
  const digit = m[2];
  if (digit === undefined) return undefined;
  const century = m[1] ?? (Number(digit) >= 2 ? "19" : "20");
  return `${century}${digit}0s`;
}

function asked(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, text.lastIndexOf("\n", start - 1) + 1), start);
  return ASKING.test(before.split(/[.!?;]/).pop() ?? "");
}

/**
 * Genres, decades and people a message talks about, with the feeling about each. A person
 * counts only if `knownPerson` says the catalogue knows them (cast, director or tags), so
 * "with my brother" names nobody.
 */
export function findPreferences(
  text: string,
  knownPerson: (name: string) => boolean,
  taken: readonly { start: number; end: number }[] = [],
): PreferenceMention[] {
  const found: PreferenceMention[] = [];
  const free = (start: number, end: number) =>
    !taken.some((t) => start < t.end && end > t.start) && !found.some((f) => start < f.end && end > f.start);
  const add = (kind: Preference["kind"], value: string, start: number, end: number) => {
    if (!free(start, end)) return;
    found.push({
      kind,
      value,
      start,
      end,
      sentiment: sentimentAt(text, start, end),
      asked: asked(text, start),
    });
  };
  for (const [re, genre] of GENRE_WORDS) {
    for (const m of text.matchAll(new RegExp(re.source, "gi")))
      add("genre", genre, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(DECADE)) {
    const value = decadeValue(m);
    if (value) add("decade", value, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(PERSON_CUE)) {
    const name = m[1]!;
    const start = m.index + m[0].length - name.length;
    if (knownPerson(name.toLowerCase())) add("person", name.toLowerCase(), start, start + name.length);
  }
  return found.sort((a, b) => a.start - b.start);
}
