import type { Tensor } from "@tensorflow/tfjs";
import type { Tf } from "../tfjs/backend.ts";
import type { SequenceBatch } from "./batches.ts";
import { forwardGraph, type GraphVars, type Negatives, nextItemLoss, variableList } from "./graph.ts";
import type { TargetMass } from "./tf-ops.ts";
import { weightNames } from "./weights.ts";

/** One share of a training step: a batch of windows and what each target position should learn. */
export interface StepShare {
  batch: SequenceBatch;
  /** Soft targets (teacher); without them, each position's next film. */
  target?: TargetMass;
  negatives?: Negatives;
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
  grads: Record<string, Tensor>;
}

/** Forward and backward pass over one share, in whichever thread holds `vars`. */
export function shareGradients(
  tf: Tf,
  vars: GraphVars,
  share: StepShare,
  options: { maxLen: number; dropout: number },
): ShareGradients {
  const list = variableList(vars);
  const { value, grads } = tf.variableGrads(() => {
    const hidden = forwardGraph(tf, vars, share.batch, options.maxLen, {
      dropout: options.dropout,
      seed: share.seed,
    });
    return nextItemLoss(
      tf,
      vars,
      hidden,
      share.batch,
      share.negatives,
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
}
