/**
 * The k best items by score, best first. Ties go to the lower item index so that every
 * ranking is deterministic. `accept` filters items out (already seen, disliked …).
 */
export function topK(scores: Float32Array, k: number, accept?: (item: number) => boolean): number[] {
  return topKOf(scores, k, undefined, accept);
}

/** As topK, over a subset of items only (e.g. those a sparse model touched). */
export function topKOf(
  scores: Float32Array,
  k: number,
  candidates: ArrayLike<number> | undefined,
  accept?: (item: number) => boolean,
): number[] {
  const best: number[] = [];
  if (k <= 0) return best;
  const n = candidates ? candidates.length : scores.length;
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  for (let c = 0; c < n; c++) {
    const item = candidates ? candidates[c]! : c;
    if (Number.isNaN(scores[item]!) || (accept && !accept(item))) continue;
    if (best.length === k && !better(item, best[k - 1]!)) continue;
    // Insertion keeps `best` sorted; cheap because few items beat the current k-th.
    let pos = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push(item);
    while (pos > 0 && better(item, best[pos - 1]!)) {
      best[pos] = best[pos - 1]!;
      pos--;
    }
    best[pos] = item;
  }
  return best;
}
