import { seededRandom } from "../random.ts";

/** One pre-LayerNorm transformer block: single-head causal self-attention, then a feed-forward layer. */
export interface BlockWeights {
  ln1Gain: Float32Array;
  ln1Bias: Float32Array;
  /** Projections stored [in, out] (row-major, d×d), biases [d]. */
  wq: Float32Array;
  bq: Float32Array;
  wk: Float32Array;
  bk: Float32Array;
  wv: Float32Array;
  bv: Float32Array;
  ln2Gain: Float32Array;
  ln2Bias: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

/**
 * Everything the sequence model learns. Item embeddings are tied: the same row embeds a
 * film in the input sequence and scores it as the next film.
 */
export interface SasrecWeights {
  dim: number;
  maxLen: number;
  /** [nItems, dim] */
  items: Float32Array;
  /** [maxLen, dim]; position maxLen-1 is the most recent film (sequences are right-aligned). */
  positions: Float32Array;
  blocks: BlockWeights[];
  finalGain: Float32Array;
  finalBias: Float32Array;
}

export const BLOCK_KEYS = [
  "ln1Gain",
  "ln1Bias",
  "wq",
  "bq",
  "wk",
  "bk",
  "wv",
  "bv",
  "ln2Gain",
  "ln2Bias",
  "w1",
  "b1",
  "w2",
  "b2",
] as const satisfies readonly (keyof BlockWeights)[];

function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** Seeded initial weights: normal embeddings, Glorot-normal projections, unit LayerNorm gains. */
export function initialWeights(nItems: number, dim: number, maxLen: number, nBlocks: number, seed: number) {
  const normal = gaussian(seededRandom(seed));
  const fill = (n: number, std: number) => Float32Array.from({ length: n }, () => normal() * std);
  const ones = () => new Float32Array(dim).fill(1);
  const zeros = () => new Float32Array(dim);
  const glorot = Math.sqrt(1 / dim);
  const blocks: BlockWeights[] = Array.from({ length: nBlocks }, () => ({
    ln1Gain: ones(),
    ln1Bias: zeros(),
    wq: fill(dim * dim, glorot),
    bq: zeros(),
    wk: fill(dim * dim, glorot),
    bk: zeros(),
    wv: fill(dim * dim, glorot),
    bv: zeros(),
    ln2Gain: ones(),
    ln2Bias: zeros(),
    w1: fill(dim * dim, glorot),
    b1: zeros(),
    w2: fill(dim * dim, glorot),
    b2: zeros(),
  }));
  return {
    dim,
    maxLen,
    items: fill(nItems * dim, 0.05),
    positions: fill(maxLen * dim, 0.05),
    blocks,
    finalGain: ones(),
    finalBias: zeros(),
  } satisfies SasrecWeights;
}

/** The flat arrays' names, in `variableList` order (graph.ts). */
export function weightNames(nBlocks: number): string[] {
  const blocks = Array.from({ length: nBlocks }, (_, i) => BLOCK_KEYS.map((key) => `block${i}.${key}`));
  return ["items", "positions", ...blocks.flat(), "finalGain", "finalBias"];
}

/** Flat named arrays for the model registry, and back. */
export function weightsToArrays(w: SasrecWeights): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {
    items: w.items,
    positions: w.positions,
    finalGain: w.finalGain,
    finalBias: w.finalBias,
  };
  w.blocks.forEach((b, i) => {
    for (const key of BLOCK_KEYS) out[`block${i}.${key}`] = b[key];
  });
  return out;
}

export function weightsFromArrays(
  arrays: Record<string, Float32Array | Int32Array>,
  dim: number,
  maxLen: number,
  nBlocks: number,
): SasrecWeights {
  const get = (name: string): Float32Array => {
    const a = arrays[name];
    if (!(a instanceof Float32Array)) throw new Error(`sasrec artifact lacks the float array "${name}"`);
    return a;
  };
  const blocks = Array.from({ length: nBlocks }, (_, i) => {
    const entries = BLOCK_KEYS.map((key) => [key, get(`block${i}.${key}`)] as const);
    return Object.fromEntries(entries) as unknown as BlockWeights;
  });
  return {
    dim,
    maxLen,
    items: get("items"),
    positions: get("positions"),
    blocks,
    finalGain: get("finalGain"),
    finalBias: get("finalBias"),
  };
}
