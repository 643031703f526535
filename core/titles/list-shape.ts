import type { Token } from "./normalize.ts";

/**
 * The shape of a list of titles in chat: "1. the raid 2. dredd 3. john wick",
 * "clueless / mean girls / heathers", "the thing vs the fly". Separators this plain say
 * the words on each side are things of one kind, named one by one.
 */
export const STRONG_SEPARATOR = /^\s*(?:\bvs\b\.?|\bversus\b|\/|>+|<+|=)\s*$/i;

const VERSUS = new Set(["vs", "versus"]);

/**
 * Tokens that number a list ("1.", "2)"), not a sequel: the message counts 1, 2, … with
 * each number followed by "." or ")" and a space, so "the raid 2. dredd" is The Raid then Dredd.
 */
export function listMarkers(text: string, tokens: readonly Token[]): Set<number> {
  const candidates: number[] = [];
  tokens.forEach((t, i) => {
    if (!/^\d{1,2}$/.test(t.norm)) return;
    if (!/^[.)]\s/.test(text.slice(t.end, t.end + 2))) return;
    candidates.push(i);
  });
  const markers = new Set<number>();
  // Keep runs counting up by one from wherever they start: "1. … 2. … 3. …".
  for (let k = 0; k < candidates.length; k++) {
    const here = Number(tokens[candidates[k]!]!.norm);
    const next = candidates[k + 1];
    const prev = candidates[k - 1];
    const upNext = next !== undefined && Number(tokens[next]!.norm) === here + 1;
    const upPrev = prev !== undefined && Number(tokens[prev]!.norm) === here - 1;
    if (upNext || upPrev) markers.add(candidates[k]!);
  }
  return markers;
}

/**
 * The span is one whole item of a plainly shaped list: between a list marker, a slash,
 * "vs" or a colon before it and one of those, or the end of its sentence, after it (one
 * side at least a marker, slash or "vs").
 */
export function fillsListItem(
  text: string,
  tokens: readonly Token[],
  markers: ReadonlySet<number>,
  start: number,
  end: number,
): boolean {
  const gapBefore = start === 0 ? "" : text.slice(tokens[start - 1]!.end, tokens[start]!.start);
  const gapAfter = end >= tokens.length ? "" : text.slice(tokens[end - 1]!.end, tokens[end]!.start);
  // "vs" is a word of its own: the title sits right after or before that token.
  const versus = (k: number) => k >= 0 && k < tokens.length && VERSUS.has(tokens[k]!.norm);
  const strongBefore =
    start > 0 && (markers.has(start - 1) || STRONG_SEPARATOR.test(gapBefore) || versus(start - 1));
  const strongAfter =
    markers.has(end) || (end < tokens.length && STRONG_SEPARATOR.test(gapAfter)) || versus(end);
  const openBefore = strongBefore || start === 0 || /[:\n]\s*$/.test(gapBefore);
  const closeAfter = strongAfter || end >= tokens.length || /^[^\p{L}\p{N}]*[.,;:!?\n]/u.test(gapAfter);
  return openBefore && closeAfter && (strongBefore || strongAfter);
}
