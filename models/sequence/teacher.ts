import { type Interactions, userItems } from "../../data/gold.ts";
import { dropLast } from "../evaluate/split.ts";
import type { Recommender } from "../recommender.ts";
import { topK } from "../top-k.ts";
import { seqKnn } from "../transitions/transitions.ts";
import type { Window } from "./batches.ts";
import type { TargetMass } from "./tf-ops.ts";

const TEACHER_FOLDS = 5;

export interface SoftTargets {
  k: number;
  /** Per window, [targets × k] films and weights, in the window's target order. */
  items: Int32Array[];
  weights: Float32Array[];
}

/**
 * A counting model's opinion of what comes next at every target position of every window:
 * its `k` best unseen films, weights summing to 1 (a row of zeros where it has no opinion).
 * The transformer learns from these beside the one film that did come next; a film rated a
 * handful of times is otherwise a target a handful of times, too seldom to place its vector.
 */
export function teacherTargets(
  fitTeacher: (interactions: Interactions) => Recommender,
  x: Interactions,
  windows: readonly Window[],
  k: number,
  folds = TEACHER_FOLDS,
): SoftTargets {
  // Cross-fitted: each user's targets come from a teacher that never saw that user, or its
  // counts would hold the user's own next films and the soft target would leak the answer.
  const teachers = Array.from({ length: folds }, (_, f) =>
    fitTeacher(dropLast(x, (n, u) => (u % folds === f ? n : 0))),
  );
  const items: Int32Array[] = [];
  const weights: Float32Array[] = [];
  let seen: Uint8Array | undefined;
  for (const w of windows) {
    const teacher = teachers[w.user % folds]!;
    const history = userItems(x, w.user);
    const targets = w.items.length - 1;
    const ids = new Int32Array(targets * k);
    const share = new Float32Array(targets * k);
    for (let t = 0; t < targets; t++) {
      // The prefix up to this input, from the start of the user's history (not the window).
      const prefix = history.subarray(0, w.start + t + 1);
      const scores = teacher.score({ items: Array.from(prefix) });
      // The films seen so far, marked as the prefix grows (a Set per position cost O(n²)).
      seen ??= new Uint8Array(scores.length);
      for (let p = t === 0 ? 0 : prefix.length - 1; p < prefix.length; p++) seen[prefix[p]!] = 1;
      const mask = seen;
      const best = topK(scores, k, (j) => scores[j]! > 0 && mask[j] === 0);
      let total = 0;
      for (const j of best) total += scores[j]!;
      best.forEach((j, r) => {
        ids[t * k + r] = j;
        share[t * k + r] = scores[j]! / total;
      });
    }
    items.push(ids);
    weights.push(share);
    if (seen) for (let p = 0; p < w.start + targets; p++) seen[history[p]!] = 0;
  }
  return { k, items, weights };
}

/** The teacher sasrec learns from: `seq-knn` at its own settings. */
export function seqKnnTeacher(
  nItems: number,
  x: Interactions,
  windows: readonly Window[],
  k: number,
): SoftTargets {
  return teacherTargets((interactions) => seqKnn.fit({ nItems, interactions }), x, windows, k);
}

/** Alternate windows' targets, as two threads computed them, back in window order. */
export function interleaveTargets(even: SoftTargets, odd: SoftTargets): SoftTargets {
  const items: Int32Array[] = [];
  const weights: Float32Array[] = [];
  even.items.forEach((_, i) => {
    items.push(even.items[i]!);
    weights.push(even.weights[i]!);
    if (i < odd.items.length) {
      items.push(odd.items[i]!);
      weights.push(odd.weights[i]!);
    }
  });
  return { k: even.k, items, weights };
}

/**
 * One batch's target mass: each position's next film with 1 − share, the teacher's films with
 * share (all of it to the next film where the teacher has no opinion). Rows follow the batch's
 * target order, which is window by window.
 */
export function mixedTargets(
  soft: SoftTargets,
  windowIndices: readonly number[],
  labels: Int32Array,
  share: number,
): TargetMass {
  const rows: number[] = [];
  const classes: number[] = [];
  const mass: number[] = [];
  let row = 0;
  for (const w of windowIndices) {
    const ids = soft.items[w]!;
    const weight = soft.weights[w]!;
    for (let t = 0; t < ids.length / soft.k; t++, row++) {
      let given = 0;
      for (let r = t * soft.k; r < (t + 1) * soft.k && weight[r]! > 0; r++) {
        rows.push(row);
        classes.push(ids[r]!);
        mass.push(share * weight[r]!);
        given += share * weight[r]!;
      }
      rows.push(row);
      classes.push(labels[row]!);
      mass.push(1 - given);
    }
  }
  return { rows: Int32Array.from(rows), classes: Int32Array.from(classes), mass: Float32Array.from(mass) };
}
