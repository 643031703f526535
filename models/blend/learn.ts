/**
 * Learning a blend's member weights: a handful of numbers chosen by coordinate ascent over a
 * fixed grid, on held-out cases. Few parameters and one simple rule, so weights learned on a
 * few hundred cases carry over to new ones.
 */

/** One held-out case: candidate items, each member's normalised score for them, and the targets. */
export interface BlendCase {
  /** members × candidates, member-major: features[m * n + c]. */
  features: Float32Array;
  n: number;
  /** Indices into the candidates of the items that should rank high. */
  targets: number[];
  /** How much the case counts in the objective (1 unless its source is balanced against another). */
  weight?: number;
}

export type Objective = "ndcg@10" | "ndcg@50" | "recall@10+50";

export const WEIGHT_GRID = [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3];

/** Rank of candidate `t` among the case's candidates (ties count against it). */
function rankOf(c: BlendCase, scores: Float32Array, t: number): number {
  const s = scores[t]!;
  let rank = 0;
  for (let j = 0; j < c.n; j++) if (j !== t && scores[j]! >= s) rank++;
  return rank;
}

function blendScores(c: BlendCase, w: readonly number[], out: Float32Array): Float32Array {
  out.fill(0, 0, c.n);
  w.forEach((wm, m) => {
    if (wm === 0) return;
    const base = m * c.n;
    for (let j = 0; j < c.n; j++) out[j]! += wm * c.features[base + j]!;
  });
  return out;
}

/**
 * The (k+1)-th largest of the first n scores (−∞ when there are no more than k): a target is
 * within the top k (fewer than k others score at least as much) exactly when it scores above
 * this. A min-heap of the k+1 best in one pass, where sorting every candidate cost the most of
 * learning the chat weights (a simulated newcomer has dozens of targets among a thousand).
 */
function beyondTop(scores: Float32Array, n: number, k: number, heap: Float64Array): number {
  const size = k + 1;
  if (n < size) return Number.NEGATIVE_INFINITY;
  let filled = 0;
  for (let j = 0; j < n; j++) {
    const v = scores[j]!;
    if (filled < size) {
      // Sift up into the min-heap.
      let i = filled++;
      heap[i] = v;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent]! <= heap[i]!) break;
        const t = heap[parent]!;
        heap[parent] = heap[i]!;
        heap[i] = t;
        i = parent;
      }
    } else if (v > heap[0]!) {
      heap[0] = v;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < size && heap[l]! < heap[m]!) m = l;
        if (r < size && heap[r]! < heap[m]!) m = r;
        if (m === i) break;
        const t = heap[m]!;
        heap[m] = heap[i]!;
        heap[i] = t;
        i = m;
      }
    }
  }
  return heap[0]!;
}

/** How many of a case's targets rank within the top 10 and the top 50 (ties against). */
function targetHits(c: BlendCase, scores: Float32Array, heap: Float64Array): { r10: number; r50: number } {
  let r10 = 0;
  let r50 = 0;
  if (c.targets.length <= 4) {
    for (const t of c.targets) {
      const rank = rankOf(c, scores, t);
      if (rank < 10) r10++;
      if (rank < 50) r50++;
    }
    return { r10, r50 };
  }
  const t10 = beyondTop(scores, c.n, 10, heap);
  const t50 = beyondTop(scores, c.n, 50, heap);
  for (const t of c.targets) {
    const s = scores[t]!;
    if (s > t10) r10++;
    if (s > t50) r50++;
  }
  return { r10, r50 };
}

export function objectiveOf(cases: readonly BlendCase[], w: readonly number[], objective: Objective): number {
  if (cases.length === 0) return 0;
  let maxN = 0;
  for (const c of cases) maxN = Math.max(maxN, c.n);
  const scores = new Float32Array(maxN);
  const heap = new Float64Array(51);
  let total = 0;
  let weights = 0;
  for (const c of cases) {
    const weight = c.weight ?? 1;
    weights += weight;
    blendScores(c, w, scores);
    if (objective !== "recall@10+50") {
      const cutoff = objective === "ndcg@10" ? 10 : 50;
      const rank = rankOf(c, scores, c.targets[0]!);
      total += weight * (rank < cutoff ? 1 / Math.log2(rank + 2) : 0);
    } else if (c.targets.length > 0) {
      const { r10, r50 } = targetHits(c, scores, heap);
      // Over min(k, targets): a newcomer with 80 loved films left can show at most 10 in a top 10.
      const n = c.targets.length;
      total += weight * (r10 / Math.min(10, n) + r50 / Math.min(50, n));
    }
  }
  return weights > 0 ? total / weights : 0;
}

/**
 * Coordinate ascent: start from the best single member at weight 1, then, member by member,
 * move its weight to the grid value that helps most; stop when a full round changes nothing.
 */
export function learnWeights(
  cases: readonly BlendCase[],
  members: number,
  objective: Objective,
  rounds = 3,
): { weights: number[]; value: number } {
  let best = { weights: new Array<number>(members).fill(0), value: Number.NEGATIVE_INFINITY };
  for (let m = 0; m < members; m++) {
    const w = new Array<number>(members).fill(0);
    w[m] = 1;
    const value = objectiveOf(cases, w, objective);
    if (value > best.value) best = { weights: w, value };
  }
  for (let round = 0; round < rounds; round++) {
    let changed = false;
    for (let m = 0; m < members; m++) {
      for (const g of WEIGHT_GRID) {
        if (g === best.weights[m]) continue;
        const w = [...best.weights];
        w[m] = g;
        if (w.every((x) => x === 0)) continue;
        const value = objectiveOf(cases, w, objective);
        if (value > best.value + 1e-9) {
          best = { weights: w, value };
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return best;
}

/**
 * Terms dropped while the objective stays within `tolerance` (relative) of the learned value:
 * each term the chat scores costs a pass over the catalogue (an EASE member about a
 * millisecond), and four correlated EASE terms at small weights move the list very little.
 * Greedy: at each step the term whose removal costs least goes, until the next would cost
 * more than the tolerance allows in total.
 */
export function prunedWeights(
  cases: readonly BlendCase[],
  learned: { weights: number[]; value: number },
  objective: Objective,
  tolerance: number,
): { weights: number[]; value: number } {
  const floor = learned.value * (1 - tolerance);
  let best = learned;
  for (;;) {
    let next: { weights: number[]; value: number } | undefined;
    for (let m = 0; m < best.weights.length; m++) {
      if (best.weights[m] === 0) continue;
      const w = [...best.weights];
      w[m] = 0;
      if (w.every((x) => x === 0)) continue;
      const value = objectiveOf(cases, w, objective);
      if (!next || value > next.value) next = { weights: w, value };
    }
    if (!next || next.value < floor) return best;
    best = next;
  }
}
