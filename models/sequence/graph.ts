import type { Tensor, Tensor2D, Tensor3D, Variable } from "@tensorflow/tfjs";
import type { Tf } from "../tfjs/backend.ts";
import type { SequenceBatch } from "./batches.ts";
import { hardTargets, type TargetMass, trainOps } from "./tf-ops.ts";
import { BLOCK_KEYS, type BlockWeights, type SasrecWeights, weightNames } from "./weights.ts";

type BlockVars = { [K in keyof BlockWeights]: Variable };

/** The weights as tfjs variables, shaped for the graph. */
export interface GraphVars {
  items: Variable;
  positions: Variable;
  blocks: BlockVars[];
  finalGain: Variable;
  finalBias: Variable;
}

export function toVariables(tf: Tf, w: SasrecWeights): GraphVars {
  const d = w.dim;
  const matrix = new Set<string>(["wq", "wk", "wv", "w1", "w2"]);
  return {
    items: tf.variable(tf.tensor2d(w.items, [w.items.length / d, d])),
    positions: tf.variable(tf.tensor2d(w.positions, [w.maxLen, d])),
    blocks: w.blocks.map(
      (b) =>
        Object.fromEntries(
          BLOCK_KEYS.map((key) => [
            key,
            tf.variable(matrix.has(key) ? tf.tensor2d(b[key], [d, d]) : tf.tensor1d(b[key])),
          ]),
        ) as unknown as BlockVars,
    ),
    finalGain: tf.variable(tf.tensor1d(w.finalGain)),
    finalBias: tf.variable(tf.tensor1d(w.finalBias)),
  };
}

export function variableList(v: GraphVars): Variable[] {
  return [
    v.items,
    v.positions,
    ...v.blocks.flatMap((b) => BLOCK_KEYS.map((k) => b[k])),
    v.finalGain,
    v.finalBias,
  ];
}

/**
 * Overwrites every variable with the named arrays (`weightsToArrays` names). Under the
 * sampled softmax "items" may be absent: each share brings the rows it needs.
 */
export function assignWeights(tf: Tf, v: GraphVars, arrays: Record<string, Float32Array>): void {
  const names = weightNames(v.blocks.length);
  variableList(v).forEach((x, i) => {
    const values = arrays[names[i]!];
    if (!values && names[i] === "items") return;
    if (!values) throw new Error(`weights lack "${names[i]}"`);
    tf.tidy(() => x.assign(tf.tensor(values, x.shape)));
  });
}

/** The variables' values (copies); `items` stands in for the item variable when given. */
export function readWeights(v: GraphVars, dim: number, maxLen: number, items?: Float32Array): SasrecWeights {
  const copy = (x: Variable) => Float32Array.from(x.dataSync() as Float32Array);
  return {
    dim,
    maxLen,
    items: items ?? copy(v.items),
    positions: copy(v.positions),
    blocks: v.blocks.map(
      (b) => Object.fromEntries(BLOCK_KEYS.map((k) => [k, copy(b[k])])) as unknown as BlockWeights,
    ),
    finalGain: copy(v.finalGain),
    finalBias: copy(v.finalBias),
  };
}

export interface ForwardOptions {
  /** 0 at inference. */
  dropout: number;
  /** Seeds this step's dropout masks, so a run reproduces. */
  seed: number;
}

const LN_EPSILON = 1e-6;

/**
 * The transformer over a batch, as `forward.ts` computes it for one sequence: returns the
 * final hidden state of every position, [size * maxLen, d].
 */
export function forwardGraph(
  tf: Tf,
  v: GraphVars,
  batch: SequenceBatch,
  maxLen: number,
  options: ForwardOptions,
): Tensor2D {
  const ops = trainOps(tf);
  const d = v.positions.shape[1]!;
  const b = batch.size;
  const rows = b * maxLen;
  let seed = options.seed;
  const drop = <T extends Tensor>(x: T): T =>
    options.dropout > 0 ? (tf.dropout(x, options.dropout, undefined, seed++) as T) : x;
  const layerNorm = (x: Tensor2D, gain: Tensor, bias: Tensor): Tensor2D => {
    const { mean, variance } = tf.moments(x, 1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LN_EPSILON))), gain), bias);
  };
  const dense = (x: Tensor2D, w: Tensor, bias: Tensor): Tensor2D =>
    tf.add(ops.matMul(x, w as Tensor2D), bias) as Tensor2D;

  const present = tf.tensor2d(batch.present, [rows, 1]);
  const attentionMask = tf.tensor3d(batch.attention, [b, maxLen, maxLen]);
  const embedded = ops.gatherRows(v.items as Tensor2D, batch.inputs);
  const positions = ops.gatherRows(v.positions as Tensor2D, positionRows(b, maxLen));
  let x = drop(tf.mul(tf.add(embedded, positions), present)) as Tensor2D;
  const scale = 1 / Math.sqrt(d);
  for (const w of v.blocks) {
    const h = layerNorm(x, w.ln1Gain, w.ln1Bias);
    const q = dense(h, w.wq, w.bq).reshape([b, maxLen, d]) as Tensor3D;
    const k = dense(h, w.wk, w.bk).reshape([b, maxLen, d]) as Tensor3D;
    const val = dense(h, w.wv, w.bv).reshape([b, maxLen, d]) as Tensor3D;
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), scale), attentionMask);
    const attended = tf.matMul(drop(tf.softmax(scores)), val).reshape([rows, d]) as Tensor2D;
    x = tf.add(x, drop(attended));
    const h2 = layerNorm(x, w.ln2Gain, w.ln2Bias);
    const f = dense(drop(tf.relu(dense(h2, w.w1, w.b1))), w.w2, w.b2);
    x = tf.mul(tf.add(x, drop(f)), present) as Tensor2D;
  }
  return layerNorm(x, v.finalGain, v.finalBias);
}

/**
 * The sampled softmax's columns (candidates.ts), as rows of the items table the graph is
 * given, and what each column's logit is lowered by (log P(film is a column)).
 */
export interface SampledColumns {
  columns: Int32Array;
  logQ: Float32Array;
}

/**
 * Cross-entropy of each target position's next item: over the catalogue (or `outputs`), or,
 * with `sampled`, over the batch's shared columns with the logQ correction; `target` then
 * holds each position's label column (and its weight as mass).
 */
export function nextItemLoss(
  tf: Tf,
  v: GraphVars,
  hidden: Tensor2D,
  batch: SequenceBatch,
  sampled: SampledColumns | undefined,
  /** A target distribution per position instead of its next film (with `sampled`: over columns). */
  target?: TargetMass,
  /** The films the softmax ranks (`target`'s classes are their columns); all when undefined. */
  outputs?: Int32Array,
): Tensor {
  const ops = trainOps(tf);
  const h = ops.gatherRows(hidden, batch.targetPositions);
  const items = v.items as Tensor2D;
  if (!sampled) {
    const logits = outputs
      ? ops.matMul(h, tf.transpose(ops.gatherRows(items, outputs)))
      : itemLogits(tf, v, h);
    return ops.softmaxCrossEntropy(logits, target ?? hardTargets(batch.targets));
  }
  if (!target) throw new Error("the sampled softmax needs each position's label column");
  const logits = tf.sub(
    ops.matMul(h, tf.transpose(ops.gatherRows(items, sampled.columns))),
    tf.tensor2d(sampled.logQ, [1, sampled.logQ.length]),
  ) as Tensor2D;
  return ops.softmaxCrossEntropy(logits, target);
}

/** Every film's score as the next film after each row of `hidden`. */
export function itemLogits(tf: Tf, v: GraphVars, hidden: Tensor2D): Tensor2D {
  return trainOps(tf).matMul(hidden, tf.transpose(v.items as Tensor2D));
}

const positionCache = new Map<string, Int32Array>();

/** Position index of each flat row: 0..maxLen-1 repeated per sequence. */
function positionRows(size: number, maxLen: number): Int32Array {
  const key = `${size}x${maxLen}`;
  let rows = positionCache.get(key);
  if (!rows) {
    rows = Int32Array.from({ length: size * maxLen }, (_, r) => r % maxLen);
    positionCache.set(key, rows);
  }
  return rows;
}
