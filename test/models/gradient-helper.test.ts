import { describe, expect, test } from "vitest";
import { makeBatch } from "../../models/sequence/batches.ts";
import { GradientHelper } from "../../models/sequence/gradient-helper.ts";
import { toVariables } from "../../models/sequence/graph.ts";
import { shareGradients } from "../../models/sequence/step.ts";
import { initialWeights, weightsToArrays } from "../../models/sequence/weights.ts";
import { loadTf } from "../../models/tfjs/backend.ts";

describe("gradient helper thread", () => {
  const spec = { nItems: 30, dim: 8, maxLen: 6, blocks: 1, dropout: 0.1 };
  const share = {
    batch: makeBatch([Int32Array.from([1, 2, 3, 4]), Int32Array.from([5, 6, 7, 8, 9, 10, 11])], spec.maxLen),
    target: {
      rows: Int32Array.from([0, 0, 1]),
      classes: Int32Array.from([2, 9, 3]),
      mass: Float32Array.from([0.5, 0.5, 1]),
    },
    seed: 7,
  };

  test("returns the gradients this thread computes for the same share and weights", async () => {
    const { tf } = await loadTf();
    const weights = initialWeights(spec.nItems, spec.dim, spec.maxLen, spec.blocks, 3);
    const local = shareGradients(tf, toVariables(tf, weights), share, spec);
    const helper = await GradientHelper.start(spec);
    try {
      const remote = await helper.compute(share, structuredClone(weightsToArrays(weights)));
      expect(remote.rows).toBe(local.rows);
      expect(remote.loss).toBeCloseTo(local.loss, 6);
      expect(Object.keys(remote.grads).sort()).toEqual(Object.keys(local.grads).sort());
      for (const [name, g] of Object.entries(local.grads)) {
        expect(Array.from(remote.grads[name]!)).toEqual(Array.from(g.dataSync()));
      }
    } finally {
      await helper.close();
    }
  });

  test("a closed helper refuses work with an error instead of hanging", async () => {
    const helper = await GradientHelper.start(spec);
    await helper.close();
    const weights = weightsToArrays(initialWeights(spec.nItems, spec.dim, spec.maxLen, spec.blocks, 3));
    await expect(helper.compute(share, weights)).rejects.toThrow(/closed/);
  });
});
