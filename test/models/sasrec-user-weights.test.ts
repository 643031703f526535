import { describe, expect, test } from "vitest";
import { historyWindows } from "../../models/sequence/batches.ts";
import { hardTargets } from "../../models/sequence/tf-ops.ts";
import {
  positionsPerUser,
  rowUsers,
  userPositionWeights,
  weighRows,
} from "../../models/sequence/user-weights.ts";

describe("per-user weights of the training positions", () => {
  // Users with 5, 17 and 1 films: 4, 16 and 0 positions (the first film is never a target).
  const sequences = [5, 17, 1].map((n, u) => Int32Array.from({ length: n }, (_, i) => u * 100 + i));
  const positions = positionsPerUser(historyWindows(sequences, 8, 10), 3);

  test("a user's positions are their windows' targets: all films after the first, or the capped windows'", () => {
    expect(positions).toEqual([4, 16, 0]);
    // One window a user (the newest 8 + 1 films): user 1 keeps 8 of its 16 positions.
    expect(positionsPerUser(historyWindows(sequences, 8, 1), 3)).toEqual([4, 8, 0]);
  });

  test("power 0.5: each position weighs n^-0.5, scaled so that positions average 1", () => {
    const w = userPositionWeights(positions, 0.5)!;
    // Raw 1/2 and 1/4; positions 4·½ + 16·¼ = 6 of 20, so the scale is 20 / 6.
    expect(w[0]).toBeCloseTo((0.5 * 20) / 6, 6);
    expect(w[1]).toBeCloseTo((0.25 * 20) / 6, 6);
    expect(w[2]).toBe(0);
    expect(4 * w[0]! + 16 * w[1]!).toBeCloseTo(20, 4);
  });

  test("power 1 weighs users alike; power 0 leaves the loss as it was", () => {
    const w = userPositionWeights(positions, 1)!;
    expect(4 * w[0]!).toBeCloseTo(16 * w[1]!, 5);
    expect(userPositionWeights(positions, 0)).toBeUndefined();
  });

  test("each batch row is scaled by the weight of the user whose window it is", () => {
    const windows = historyWindows(sequences, 8, 10);
    const users = rowUsers(windows);
    expect(users.length).toBe(20);
    expect([...new Set(users)]).toEqual([0, 1]);
    // Row order is window order: user 0's window, then user 1's two, newest first.
    expect([...users.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    const weights = Float32Array.from([3, 0.5, 0]);
    const labels = Int32Array.from({ length: 20 }, (_, r) => r);
    const weighted = weighRows(hardTargets(labels), users, weights);
    expect([...weighted.mass]).toEqual([...users].map((u) => weights[u]));
    expect([...weighted.classes]).toEqual([...labels]);
  });
});
