/**
 * A long message is read in windows of at most this many characters, so the work per
 * message grows linearly with its length: a title, its year and the words that say how
 * the person feels about it sit within a sentence or two, far inside one window.
 */
export const WINDOW_CHARS = 1200;

/**
 * [start, end) pieces covering the text in order, each at most `max` characters, cut at
 * the last line break or sentence end in the window's second half, else at the last
 * space, else where the window ends (a 64k run of random bytes has neither).
 */
export function messageWindows(text: string, max = WINDOW_CHARS): [number, number][] {
  if (text.length <= max) return [[0, text.length]];
  const out: [number, number][] = [];
  let from = 0;
  while (text.length - from > max) {
    const piece = text.slice(from, from + max);
    const half = Math.floor(max / 2);
    let cut = -1;
    for (const re of [/[\n.!?;]/g, /\s/g]) {
      re.lastIndex = half;
      for (let m = re.exec(piece); m; m = re.exec(piece)) cut = m.index + 1;
      if (cut > 0) break;
    }
    const end = from + (cut > 0 ? cut : max);
    out.push([from, end]);
    from = end;
  }
  out.push([from, text.length]);
  return out;
}
