import type { GradSaveFunc, Tensor, Tensor2D } from "@tensorflow/tfjs";
import type { Tf } from "../tfjs/backend.ts";

/**
 * Differentiable ops with gradients written for the wasm backend. Its gather gradient
 * (UnsortedSegmentSum) is missing, and its matMul is fast only untransposed (about 10-14
 * GFLOP/s against under 2 with a transposed operand), so the gradients below transpose
 * the small operand explicitly and then multiply untransposed. Integer inputs get a zero
 * gradient; tensors the gradient needs are kept with `save` (tfjs disposes the rest).
 */
export interface TrainOps {
  /** table[rows]; the gradient adds each row's gradients (repeats sum). */
  gatherRows(table: Tensor2D, rows: Int32Array): Tensor2D;
  /** x[n, k] · w[k, m]. */
  matMul(x: Tensor2D, w: Tensor2D): Tensor2D;
  /** Mean over rows of the softmax cross-entropy of `logits` [n, c] against `target`. */
  softmaxCrossEntropy(logits: Tensor2D, target: TargetMass): Tensor;
}

/**
 * A target distribution per row as (row, class, mass) triples, mass summing to 1 per row
 * (or to the row's weight in the loss, see user-weights.ts);
 * one triple a row is a plain class label. Repeated (row, class) pairs add up.
 */
export interface TargetMass {
  rows: Int32Array;
  classes: Int32Array;
  mass: Float32Array;
}

/** Row r's label is labels[r], with all its mass. */
export function hardTargets(labels: Int32Array): TargetMass {
  return {
    rows: Int32Array.from(labels.keys()),
    classes: labels,
    mass: new Float32Array(labels.length).fill(1),
  };
}

type Arg = Tensor | GradSaveFunc;

export function trainOps(tf: Tf): TrainOps {
  // Gather and its gradient in plain JS: wasm's GatherV2 runs at a few million floats a second
  // and the gradient kernel is missing, while copying rows in JS is memory speed.
  const gatherRows = (table: Tensor2D, rows: Int32Array): Tensor2D => {
    const [n, d] = table.shape;
    const f = tf.customGrad((...args: Arg[]) => {
      const t = args[0] as Tensor;
      const source = t.dataSync() as Float32Array;
      const out = new Float32Array(rows.length * d);
      rows.forEach((r, k) => {
        out.set(source.subarray(r * d, (r + 1) * d), k * d);
      });
      return {
        value: tf.tensor2d(out, [rows.length, d]),
        gradFunc: (dy: Tensor) => {
          const g = dy.dataSync() as Float32Array;
          const sum = new Float32Array(n * d);
          rows.forEach((r, k) => {
            const o = r * d;
            const go = k * d;
            for (let i = 0; i < d; i++) sum[o + i]! += g[go + i]!;
          });
          return tf.tensor2d(sum, [n, d]);
        },
      };
    });
    return f(table) as Tensor2D;
  };

  const matMul = tf.customGrad((...args: Arg[]) => {
    const [a, b, save] = args as [Tensor, Tensor, GradSaveFunc];
    save([a, b]);
    return {
      value: tf.matMul(a as Tensor2D, b as Tensor2D),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [x, w] = saved as [Tensor2D, Tensor2D];
        const g = dy as Tensor2D;
        const [n, k] = x.shape;
        const m = w.shape[1];
        // wasm repacks the right operand on every call: keep the big one on the left.
        const dw = m > k ? tf.transpose(tf.matMul(tf.transpose(g), x)) : tf.matMul(tf.transpose(x), g);
        return [tf.matMul(g, tf.transpose(w)), n > 0 ? dw : tf.zerosLike(w)];
      },
    };
  });

  const crossEntropy = (logits: Tensor2D, target: TargetMass): Tensor =>
    tf.customGrad((...args: Arg[]) => {
      const [z, save] = args as [Tensor, GradSaveFunc];
      const [n, c] = z.shape as [number, number];
      // The fused Softmax kernel is several times faster on wasm than the composite logSoftmax.
      const p = tf.softmax(z as Tensor2D);
      // The dense target is built in JS in one pass: tf.oneHot plus a scatter cost more.
      const dense = new Float32Array(n * c);
      const at = new Int32Array(target.rows.length * 2);
      // Rows may carry a weight (their mass sums to it): d/dz of -Σ m log p is (Σm)·p − m.
      const rowMass = new Float32Array(n);
      target.rows.forEach((r, q) => {
        dense[r * c + target.classes[q]!]! += target.mass[q]!;
        rowMass[r]! += target.mass[q]!;
        at[2 * q] = r;
        at[2 * q + 1] = target.classes[q]!;
      });
      const y = tf.tensor2d(dense, [n, c]);
      save([p, y, tf.tensor2d(rowMass, [n, 1])]);
      const picked = tf.gatherND(p, tf.tensor2d(at, [target.rows.length, 2], "int32"));
      const logLikelihood = tf.sum(tf.mul(tf.log(tf.maximum(picked, 1e-30)), tf.tensor1d(target.mass)));
      return {
        value: tf.div(tf.neg(logLikelihood), n),
        gradFunc: (dy: Tensor, saved: Tensor[]) => {
          const [probs, wanted, sums] = saved as [Tensor2D, Tensor2D, Tensor2D];
          return [tf.mul(tf.sub(tf.mul(probs, sums), wanted), tf.div(dy, n))];
        },
      };
    })(logits);

  return {
    gatherRows,
    matMul: (x, w) => matMul(x, w) as Tensor2D,
    softmaxCrossEntropy: crossEntropy,
  };
}
