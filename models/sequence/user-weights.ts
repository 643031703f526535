import type { Window } from "./batches.ts";
import type { TargetMass } from "./tf-ops.ts";

/**
 * Per user, the weight each of its training positions gets in the loss: n^−power, n being
 * the user's positions (`positionsPerUser`: the targets of the windows trained on, all the
 * films after the first unless the windows are capped), scaled so that positions average 1.
 * The report averages over users while a plain loss averages over positions, where a user
 * with 2,000 films counts a hundred times one with 20; power 1 would weigh users alike
 * (noisier: a short history is a handful of positions), 0.5 goes half way. Undefined for 0.
 */
export function userPositionWeights(positions: readonly number[], power: number): Float32Array | undefined {
  if (power === 0) return undefined;
  const raw = positions.map((n) => (n > 0 ? n ** -power : 0));
  const weighted = positions.reduce((sum, n, u) => sum + n * raw[u]!, 0);
  const total = positions.reduce((sum, n) => sum + n, 0);
  return Float32Array.from(raw, (w) => (weighted > 0 ? (w * total) / weighted : 0));
}

/** The user of each target row of a batch made from `windows` (rows go window by window). */
export function rowUsers(windows: readonly Window[]): Int32Array {
  return Int32Array.from(windows.flatMap((w) => Array<number>(Math.max(0, w.items.length - 1)).fill(w.user)));
}

/** `target` with each row's mass scaled by its user's weight (the loss then weighs the row so). */
export function weighRows(target: TargetMass, users: Int32Array, weights: Float32Array): TargetMass {
  return { ...target, mass: Float32Array.from(target.mass, (m, q) => m * weights[users[target.rows[q]!]!]!) };
}

/** How many target positions each of `users` users has in `windows`. */
export function positionsPerUser(windows: readonly Window[], users: number): number[] {
  const n = Array<number>(users).fill(0);
  for (const w of windows) n[w.user]! += Math.max(0, w.items.length - 1);
  return n;
}
