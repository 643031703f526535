import type { Scored } from "./recommender.ts";

/**
 * The k best items by score, best first. Ties go to the lower item index so that every
 * ranking is deterministic. `accept` filters items out (already seen, disliked …).
 */
export function topK(scores: Float32Array, k: number, accept?: (item: number) => boolean): number[] {
  return topKOf(scores, k, undefined, accept);
}

/**
 * As topK, over a subset of items only (e.g. those a sparse model touched).
 *
 * A min-heap of the best k so far (its root the worst of them): a chat pool is a few hundred
 * films out of the whole catalogue, and keeping a sorted array shifted ~k/2 entries on each of
 * the ~k·ln(n/k) insertions, more than the scan itself.
 */
export function topKOf(
  scores: Float32Array,
  k: number,
  candidates: ArrayLike<number> | undefined,
  accept?: (item: number) => boolean,
): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  const n = candidates ? candidates.length : scores.length;
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && better(heap[worst]!, heap[l]!)) worst = l;
      if (r < heap.length && better(heap[worst]!, heap[r]!)) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let c = 0; c < n; c++) {
    const item = candidates ? candidates[c]! : c;
    if (Number.isNaN(scores[item]!)) continue;
    // The score test first: it is cheaper than most `accept`s and rules out nearly every item.
    if (heap.length === k && !better(item, heap[0]!)) continue;
    if (accept && !accept(item)) continue;
    if (heap.length < k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const up = (i - 1) >> 1;
        if (!better(heap[up]!, item)) break;
        heap[i] = heap[up]!;
        i = up;
      }
      heap[i] = item;
    } else {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : 1));
}

/** `similar` from one film's scores: the k best other films with a positive score. */
export function similarFromScores(scores: Float32Array, item: number, k: number): Scored[] {
  return topK(scores, k, (i) => i !== item && scores[i]! > 0).map((i) => ({ item: i, score: scores[i]! }));
}
