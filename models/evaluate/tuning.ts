import type { Interactions } from "../../data/gold.ts";
import type { TrainingData } from "../recommender.ts";
import { sampledUsers, targetsOf } from "../scale.ts";
import { ratedItems } from "./leave-last-out.ts";
import { leaveLastOut } from "./split.ts";

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
    const split = leaveLastOut(data.interactions);
    train = split.trainVal;
    targets = split.test;
  }
  targets = targetsOf(targets, sampledUsers(train, data.scale));
  const candidates = ratedItems(train, data.nItems);
  for (const t of targets) if (t >= 0) candidates[t] = 1;
  return { train, targets, candidates };
}
