import { seededRandom } from "../random.ts";

/** How the shared negatives are drawn: a mixture of uniform and popularity^power. */
export interface SamplerConfig {
  /** Shared draws per batch (with replacement). */
  negatives: number;
  /** Share of the mixture that is uniform over the catalogue; the rest is popularity^power. */
  uniformShare: number;
  negativePower: number;
  seed: number;
}

/**
 * One batch's softmax columns: the films it scores every target position against, each
 * once, and what each position's label is among them.
 */
export interface Candidates {
  /** The columns' films. */
  films: Int32Array;
  /** log P(film is a column) for each column: what its logit is lowered by. */
  logQ: Float32Array;
  /** Per target row, the column of its own next film. */
  labels: Int32Array;
}

/** Per film, the probability one sampled draw is that film: the uniform/popularity mixture. */
export function drawProbabilities(counts: Int32Array, c: SamplerConfig): Float64Array {
  const n = counts.length;
  let total = 0;
  for (const k of counts) if (k > 0) total += k ** c.negativePower;
  return Float64Array.from(counts, (k) => {
    const pop = k > 0 && total > 0 ? k ** c.negativePower / total : 0;
    return (total > 0 ? c.uniformShare : 1) / n + (total > 0 ? 1 - c.uniformShare : 0) * pop;
  });
}

/**
 * The sampled softmax's columns for each batch: the batch's own next films (the positives,
 * which are popularity-distributed negatives for every other position, as in Yi et al. 2019)
 * and `negatives` shared draws from `drawProbabilities` (Jean et al. 2015), merged so each
 * film is one column. A sampled film that is a position's own next film is therefore its
 * label, never also a negative (the accidental hit is absorbed, not double-counted).
 *
 * The correction is Horvitz–Thompson: column j's logit minus log P(j ∈ columns), so the
 * columns' Σ exp(logit − logQ) is an unbiased estimate of the full softmax's denominator.
 * The positives are taken as draws from the target frequencies `targetCounts` (one per
 * target row of the batch): P(j ∈ columns) = 1 − (1 − p_j)^rows · (1 − q_j)^negatives.
 * When the columns are the whole catalogue every P is 1 and this is the full softmax.
 */
export function candidateSampler(targetCounts: Int32Array, counts: Int32Array, c: SamplerConfig) {
  const nItems = counts.length;
  const q = drawProbabilities(counts, c);
  const cumulative = new Float64Array(nItems);
  let acc = 0;
  for (let i = 0; i < nItems; i++) {
    acc += q[i]!;
    cumulative[i] = acc;
  }
  let targetTotal = 0;
  for (const k of targetCounts) targetTotal += k;
  const logNotTarget = Float64Array.from(targetCounts, (k) =>
    targetTotal > 0 ? Math.log1p(-Math.min(k / targetTotal, 1 - 1e-12)) : 0,
  );
  const logNotDrawn = Float64Array.from(q, (p) => Math.log1p(-Math.min(p, 1 - 1e-12)));
  const rand = seededRandom(c.seed + 1);
  // Column of each film in the batch being built, −1 elsewhere; reset after each batch so a
  // batch costs what it touches, not the catalogue.
  const column = new Int32Array(nItems).fill(-1);

  const draw = (): number => {
    const r = rand() * acc;
    let lo = 0;
    let hi = nItems - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /** The columns for a batch whose target rows are `targets` (its next films, in row order). */
  return (targets: Int32Array): Candidates => {
    const films: number[] = [];
    const add = (film: number) => {
      if (column[film]! < 0) column[film] = films.push(film) - 1;
      return column[film]!;
    };
    const labels = Int32Array.from(targets, add);
    const negatives = Int32Array.from({ length: c.negatives }, draw);
    for (const film of negatives) add(film);
    const rows = targets.length;
    const k = negatives.length;
    const logQ = Float32Array.from(films, (film) => {
      // log P(in) = log(1 − P(out)); P(out) = (1 − p)^rows (1 − q)^k.
      const out = rows * logNotTarget[film]! + k * logNotDrawn[film]!;
      return Math.log(Math.max(-Math.expm1(out), 1e-30));
    });
    for (const film of films) column[film] = -1;
    return { films: Int32Array.from(films), logQ, labels };
  };
}
