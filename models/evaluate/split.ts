import { type Interactions, userCount } from "../../data/gold.ts";

/**
 * Leave-last-out: per user (events already in (timestamp, movieId) order) the last item
 * is the test item, the one before it the validation item, the rest training.
 */
export interface LeaveLastOutSplit {
  /** Everything but the last two items per user: what models learn from for validation. */
  train: Interactions;
  /** Everything but the last item per user: for the final test figure. */
  trainVal: Interactions;
  /** Per user row: the validation / test item, or -1 when the user has too few events. */
  validation: Int32Array;
  test: Int32Array;
}

/** Every user's events but the last `drop(n, user)` of their n. */
export function dropLast(x: Interactions, drop: (n: number, user: number) => number): Interactions {
  const users = userCount(x);
  const offsets = new Int32Array(users + 1);
  for (let u = 0; u < users; u++) {
    const n = x.offsets[u + 1]! - x.offsets[u]!;
    offsets[u + 1] = offsets[u]! + Math.max(0, n - drop(n, u));
  }
  // Typed arrays sized up front: at ML-32M a list of kept positions was 32M numbers.
  const total = offsets[users]!;
  const items = new Int32Array(total);
  const ratings = new Float32Array(total);
  const timestamps = new Float64Array(total);
  for (let u = 0; u < users; u++) {
    const from = x.offsets[u]!;
    const to = from + offsets[u + 1]! - offsets[u]!;
    items.set(x.items.subarray(from, to), offsets[u]!);
    ratings.set(x.ratings.subarray(from, to), offsets[u]!);
    timestamps.set(x.timestamps.subarray(from, to), offsets[u]!);
  }
  return { userIds: x.userIds, offsets, items, ratings, timestamps };
}

export function leaveLastOut(x: Interactions): LeaveLastOutSplit {
  const users = userCount(x);
  const validation = new Int32Array(users).fill(-1);
  const test = new Int32Array(users).fill(-1);
  for (let u = 0; u < users; u++) {
    const start = x.offsets[u]!;
    const end = x.offsets[u + 1]!;
    if (end - start >= 1) test[u] = x.items[end - 1]!;
    if (end - start >= 2) validation[u] = x.items[end - 2]!;
  }
  return {
    train: dropLast(x, (n) => Math.min(n, 2)),
    trainVal: dropLast(x, (n) => Math.min(n, 1)),
    validation,
    test,
  };
}
