import type { Interactions } from "../../data/gold.ts";
import type { TrainingData } from "../recommender.ts";
import { sampledUsers, targetsOf } from "../scale.ts";
import { ratedItems } from "./leave-last-out.ts";
import { dropLast } from "./split.ts";

/** What a model tunes itself on: histories, one held-out item per user, and the candidates. */
export interface TuningSplit {
  train: Interactions;
  targets: Int32Array;
  candidates: Uint8Array;
}

/**
 * The validation split a fit may choose its settings on. With `data.validation` (training.ts
 * passes each user's validation item) that item is the target; without it, each user's last
 * item of `data` is held out. Called on train + validation (the evaluator's test setting),
 * that last item is the validation item: the test item never informs a choice.
 * On large data only a seeded sample of users keeps a target (models/scale.ts): a setting
 * chosen on 8,000 users' held-out films costs the same at 200k users.
 */
export function tuningSplit(data: TrainingData): TuningSplit {
  let train: Interactions;
  let targets: Int32Array;
  if (data.validation) {
    train = data.interactions;
    targets = data.validation;
  } else {
    ({ train, targets } = lastHeldOut(data.interactions));
  }
  targets = targetsOf(targets, sampledUsers(train, data.scale));
  const candidates = ratedItems(train, data.nItems);
  for (const t of targets) if (t >= 0) candidates[t] = 1;
  return { train, targets, candidates };
}

/**
 * Each user's last item held out (leave-last-out's trainVal and test), once per interactions:
 * a blend's members each tune on it, and at ML-32M a copy of the ratings is half a gigabyte.
 */
const heldOutLast = new WeakMap<Interactions, { train: Interactions; targets: Int32Array }>();

function lastHeldOut(x: Interactions): { train: Interactions; targets: Int32Array } {
  let split = heldOutLast.get(x);
  if (!split) {
    const users = x.offsets.length - 1;
    const targets = new Int32Array(users).fill(-1);
    for (let u = 0; u < users; u++)
      if (x.offsets[u + 1]! > x.offsets[u]!) targets[u] = x.items[x.offsets[u + 1]! - 1]!;
    split = { train: dropLast(x, (n) => Math.min(n, 1)), targets };
    heldOutLast.set(x, split);
  }
  return { train: split.train, targets: split.targets.slice() };
}
