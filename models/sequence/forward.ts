import type { BlockWeights, SasrecWeights } from "./weights.ts";

const LN_EPSILON = 1e-6;

/** a[ao..ao+d) · b[bo..bo+d); four accumulators run about twice as fast in V8 as one. */
function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < d; i += 4) {
    s0 += a[ao + i]! * b[bo + i]!;
    s1 += a[ao + i + 1]! * b[bo + i + 1]!;
    s2 += a[ao + i + 2]! * b[bo + i + 2]!;
    s3 += a[ao + i + 3]! * b[bo + i + 3]!;
  }
  for (; i < d; i++) s0 += a[ao + i]! * b[bo + i]!;
  return s0 + s1 + s2 + s3;
}

/** out[r] = LayerNorm(x[r]) for each row r of a [rows, d] matrix. */
function layerNorm(x: Float32Array, rows: number, d: number, gain: Float32Array, bias: Float32Array) {
  const out = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[o + i]!;
    mean /= d;
    let variance = 0;
    for (let i = 0; i < d; i++) {
      const c = x[o + i]! - mean;
      variance += c * c;
    }
    const inv = 1 / Math.sqrt(variance / d + LN_EPSILON);
    for (let i = 0; i < d; i++) out[o + i] = (x[o + i]! - mean) * inv * gain[i]! + bias[i]!;
  }
  return out;
}

const transposed = new WeakMap<Float32Array, Float32Array>();

/** wᵀ of a square [d, d] matrix, made once per weight array (so each output is one dot). */
function transposeOf(w: Float32Array, d: number): Float32Array {
  let t = transposed.get(w);
  if (!t) {
    t = new Float32Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) t[j * d + i] = w[i * d + j]!;
    transposed.set(w, t);
  }
  return t;
}

/** x[rows, d] · w[d, d] + b, for rows from..rows-1 only (earlier rows are left 0). */
function dense(x: Float32Array, rows: number, d: number, w: Float32Array, b: Float32Array, from = 0) {
  const wt = transposeOf(w, d);
  const out = new Float32Array(rows * d);
  for (let r = from; r < rows; r++) {
    const o = r * d;
    for (let j = 0; j < d; j++) out[o + j] = dot(x, o, wt, j * d, d) + b[j]!;
  }
  return out;
}

/**
 * One block over the rows `from`..n-1 as queries (all rows serve as keys and values); rows
 * before `from` are not updated. The last block only needs the newest row.
 */
function block(x: Float32Array, n: number, d: number, w: BlockWeights, from: number): void {
  const h = layerNorm(x, n, d, w.ln1Gain, w.ln1Bias);
  const q = dense(h, n, d, w.wq, w.bq, from);
  const k = dense(h, n, d, w.wk, w.bk);
  const v = dense(h, n, d, w.wv, w.bv);
  const scale = 1 / Math.sqrt(d);
  const att = new Float32Array(n);
  for (let t = from; t < n; t++) {
    const qo = t * d;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j <= t; j++) {
      const s = dot(q, qo, k, j * d, d) * scale;
      att[j] = s;
      if (s > max) max = s;
    }
    let total = 0;
    for (let j = 0; j <= t; j++) {
      const e = Math.exp(att[j]! - max);
      att[j] = e;
      total += e;
    }
    for (let j = 0; j <= t; j++) {
      const a = att[j]! / total;
      const vo = j * d;
      for (let i = 0; i < d; i++) x[qo + i]! += a * v[vo + i]!;
    }
  }
  const h2 = layerNorm(x, n, d, w.ln2Gain, w.ln2Bias);
  const f = dense(h2, n, d, w.w1, w.b1, from);
  for (let i = from * d; i < n * d; i++) if (f[i]! < 0) f[i] = 0;
  const g = dense(f, n, d, w.w2, w.b2, from);
  for (let i = from * d; i < n * d; i++) x[i]! += g[i]!;
}

/**
 * The sequence's state after its newest film: what the model expects next, as a vector
 * to dot with item embeddings. Items oldest first; only the newest maxLen count. Plain
 * TypeScript, the same arithmetic as the tfjs training graph (tested against it).
 */
export function sequenceState(weights: SasrecWeights, items: readonly number[]): Float32Array {
  const { dim: d, maxLen } = weights;
  const seq = items.slice(-maxLen);
  const n = seq.length;
  if (n === 0) return new Float32Array(d);
  const x = new Float32Array(n * d);
  const first = maxLen - n;
  seq.forEach((item, t) => {
    const eo = item * d;
    const po = (first + t) * d;
    for (let i = 0; i < d; i++) x[t * d + i] = weights.items[eo + i]! + weights.positions[po + i]!;
  });
  weights.blocks.forEach((b, index) => {
    block(x, n, d, b, index === weights.blocks.length - 1 ? n - 1 : 0);
  });
  return layerNorm(x.subarray((n - 1) * d), 1, d, weights.finalGain, weights.finalBias);
}

/**
 * scores[j] = items[j] · state for every item; with `outputs` (the films the softmax ranked
 * in training), the others are not computed and score the lowest computed score.
 */
export function scoreAll(weights: SasrecWeights, state: Float32Array, outputs?: Int32Array): Float32Array {
  const d = weights.dim;
  const e = weights.items;
  const nItems = e.length / d;
  const scores = new Float32Array(nItems);
  if (!outputs) {
    for (let j = 0; j < nItems; j++) scores[j] = dot(e, j * d, state, 0, d);
    return scores;
  }
  const ranked = Float32Array.from(outputs, (j) => dot(e, j * d, state, 0, d));
  let lowest = Number.POSITIVE_INFINITY;
  for (const s of ranked) if (s < lowest) lowest = s;
  scores.fill(ranked.length ? lowest : 0);
  outputs.forEach((j, k) => {
    scores[j] = ranked[k]!;
  });
  return scores;
}
