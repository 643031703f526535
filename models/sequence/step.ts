import type { Tensor, Variable } from "@tensorflow/tfjs";
import type { Tf } from "../tfjs/backend.ts";
import type { SequenceBatch } from "./batches.ts";
import { forwardGraph, type GraphVars, nextItemLoss, type SampledColumns, variableList } from "./graph.ts";
import type { TargetMass } from "./tf-ops.ts";
import { weightNames } from "./weights.ts";

/**
 * A sampled-softmax share's films: the rows of the item table it touches (its inputs and
 * the batch's columns), so the step's graph, its gradient and what travels to the helper
 * thread are the size of the batch, not of the catalogue. The batch's ids and the columns
 * index these rows.
 */
export interface SampledShare extends SampledColumns {
  /** [rows, dim] the touched films' embeddings. */
  items: Float32Array;
}

/** One share of a training step: a batch of windows and what each target position should learn. */
export interface StepShare {
  batch: SequenceBatch;
  /** Soft targets (teacher), or with `sampled` each position's label column; else each position's next film. */
  target?: TargetMass;
  sampled?: SampledShare;
  /** The films the softmax ranks, when not the whole catalogue (output-set.ts). */
  outputs?: Int32Array;
  /** Seeds this share's dropout masks. */
  seed: number;
}

/** The mean loss over a share's target positions and its gradients, by weight name. */
export interface ShareGradients {
  loss: number;
  /** Target positions the loss is the mean over: shares combine weighted by these. */
  rows: number;
  /** With a sampled share, "items" is the gradient of its rows only ([rows, dim]). */
  grads: Record<string, Tensor>;
}

/** Forward and backward pass over one share, in whichever thread holds `vars`. */
export function shareGradients(
  tf: Tf,
  vars: GraphVars,
  share: StepShare,
  options: { maxLen: number; dropout: number },
): ShareGradients {
  const d = vars.positions.shape[1]!;
  // tf.variable keeps its own reference to the tensor it is made from: that one is disposed here.
  const rows: Variable | undefined = share.sampled
    ? tf.tidy(() => tf.variable(tf.tensor2d(share.sampled!.items, [share.sampled!.items.length / d, d])))
    : undefined;
  const graphVars = rows ? { ...vars, items: rows } : vars;
  const list = variableList(graphVars);
  try {
    const { value, grads } = tf.variableGrads(() => {
      const hidden = forwardGraph(tf, graphVars, share.batch, options.maxLen, {
        dropout: options.dropout,
        seed: share.seed,
      });
      return nextItemLoss(
        tf,
        graphVars,
        hidden,
        share.batch,
        share.sampled,
        share.target,
        share.outputs,
      ).asScalar();
    }, list);
    const loss = value.dataSync()[0]!;
    value.dispose();
    const names = weightNames(vars.blocks.length);
    const byName: Record<string, Tensor> = {};
    list.forEach((x, i) => {
      byName[names[i]!] = grads[x.name]!;
    });
    return { loss, rows: share.batch.targets.length, grads: byName };
  } finally {
    rows?.dispose();
  }
}
