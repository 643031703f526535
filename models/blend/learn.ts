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
 * The ranks of all of a case's targets (ties against). A simulated newcomer has dozens of
 * targets among a thousand candidates: one sort and a binary search each, instead of a scan
 * of every candidate per target, which made learning the chat weights take minutes.
 */
function targetRanks(c: BlendCase, scores: Float32Array, sorted: Float32Array): number[] {
  if (c.targets.length <= 4) return c.targets.map((t) => rankOf(c, scores, t));
  const asc = sorted.subarray(0, c.n);
  asc.set(scores.subarray(0, c.n));
  asc.sort();
  return c.targets.map((t) => {
    const s = scores[t]!;
    let lo = 0;
    let hi = c.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (asc[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    // Candidates scoring at least s, the target itself left out.
    return c.n - lo - 1;
  });
}

export function objectiveOf(cases: readonly BlendCase[], w: readonly number[], objective: Objective): number {
  if (cases.length === 0) return 0;
  let maxN = 0;
  for (const c of cases) maxN = Math.max(maxN, c.n);
  const scores = new Float32Array(maxN);
  const sorted = new Float32Array(maxN);
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
      let r10 = 0;
      let r50 = 0;
      for (const rank of targetRanks(c, scores, sorted)) {
        if (rank < 10) r10++;
        if (rank < 50) r50++;
      }
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
