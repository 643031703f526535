/**
 * Rank of the held-out item among the candidates: how many other candidates score higher
 * or equal. Ties count against the model, so a model that scores everything 0 ranks
 * the item last, not first.
 */
export function pessimisticRank(
  scores: Float32Array,
  target: number,
  isCandidate: (item: number) => boolean,
): number {
  const t = Number.isNaN(scores[target]!) ? Number.NEGATIVE_INFINITY : scores[target]!;
  let rank = 0;
  for (let j = 0; j < scores.length; j++) {
    if (j !== target && scores[j]! >= t && isCandidate(j)) rank++;
  }
  return rank;
}

export function hitRate(rank: number, k: number): number {
  return rank < k ? 1 : 0;
}

export function ndcg(rank: number, k: number): number {
  return rank < k ? 1 / Math.log2(rank + 2) : 0;
}

/** Share of `targets` found in the first k of `ranked`. */
export function recallAt(ranked: readonly number[], targets: readonly number[], k: number): number {
  if (targets.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return targets.filter((t) => top.has(t)).length / targets.length;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
