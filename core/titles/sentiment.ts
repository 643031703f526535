import { FEELING_PATTERNS } from "./feeling-words.ts";

export type Sentiment = "like" | "dislike" | "neutral";

interface Cue {
  sentiment: Sentiment;
  start: number;
  end: number;
}

function cuesIn(text: string): Cue[] {
  const cues: Cue[] = [];
  // Phone keyboards type ’ in "didn’t"; same length, so offsets still hold.
  const plain = text.replace(/’/g, "'");
  for (const [sentiment, re] of FEELING_PATTERNS) {
    for (const m of plain.matchAll(re)) {
      const overlaps = cues.some((c) => m.index < c.end && m.index + m[0].length > c.start);
      if (!overlaps) cues.push({ sentiment, start: m.index, end: m.index + m[0].length });
    }
  }
  return cues.sort((a, b) => a.start - b.start);
}

// Where one clause's feeling stops: sentence ends, contrast words, and comparisons ("X >>> Y").
const BOUNDARY = /[.!?;\n]|\bbut\b|\bhowever\b|\bwhereas\b|\balthough\b|\bthough\b|>+|\bvs\b|\bversus\b/gi;

/** Clauses end at sentence punctuation, semicolons, line breaks, "but", "although" and "X >>> Y". */
export function clauseBounds(text: string, start: number, end: number): [number, number] {
  const boundary = BOUNDARY;
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(boundary)) {
    if (m.index + m[0].length <= start) from = m.index + m[0].length;
    else if (m.index >= end) {
      to = m.index;
      break;
    }
  }
  return [from, to];
}

/**
 * How the writer feels about the film named at [start, end). Cues are looked for nearest
 * first: before it, then after it, within its part of a list (split at commas and "and":
 * "I didn't like Titanic, Heat was great", "Alien was great and Titanic was awful"), then
 * the same within its clause ("not a fan of Titanic and Avatar"). A film named with no cue
 * counts as liked: people name films to a recommender because they enjoyed them.
 */
export function sentimentAt(text: string, start: number, end: number): Sentiment {
  const [from, to] = clauseBounds(text, start, end);
  // The title's own words are no cue: "Hate (1995)", "The Worst Person in the World".
  // Read over the whole text, so "but not X" sees its "but" across the clause boundary.
  const cues = cuesIn(text).filter(
    (c) => c.start >= from && c.end <= to && (c.end <= start || c.start >= end),
  );
  let partStart = from;
  let partEnd = to;
  for (const m of text.slice(from, to).matchAll(/,|&|\band\b/gi)) {
    const at = m.index + from;
    if (at + m[0].length <= start) partStart = at + m[0].length;
    else if (at >= end && at < partEnd) partEnd = at;
  }
  const inPart = cues.filter((c) => c.start >= partStart && c.end <= partEnd);
  // A cue opening a later part governs what follows it: in "Heat, not a fan of Titanic"
  // it is Titanic's, while in "Titanic and Avatar were awful" it reaches back to Titanic.
  const opensLaterPart = (c: Cue) =>
    c.start >= partEnd && /(?:,|&|\band)\s*$/i.test(text.slice(partEnd, c.start));
  const nearest = (list: Cue[]) =>
    list.filter((c) => c.end <= start).pop() ?? list.find((c) => c.start >= end && !opensLaterPart(c));
  const found = (nearest(inPart) ?? nearest(cues))?.sentiment;
  if (found) return found;
  // "X >>> Y": with nothing else said, the film on the small side of the comparison lost.
  if (/>\s*$/.test(text.slice(Math.max(0, from - 4), from)) && !/^[^>]*>/.test(text.slice(from, start)))
    return "dislike";
  return "like";
}
