import { type Interactions, userCount } from "../data/gold.ts";
import { shuffled, usersOnly } from "./evaluate/newcomer.ts";
import { seededRandom } from "./random.ts";
import type { TrainingData } from "./recommender.ts";

/**
 * Where training changes its recipe because the data is large (ML-25M, ML-32M: 160–200k users,
 * 60–90k films). Below `largeUsers` every model trains exactly as on ml-latest-small; above it
 * each choice whose cost grows with users² or films² is bounded (see README "Bigger datasets").
 * Tests set the thresholds low through `TrainingData.scale`.
 */
export interface ScaleLimits {
  /**
   * Above this many users the data is large. ML-1M's 6,040 users stay below (EASE's dual form
   * is exact and takes seconds there); at 20k users its users×users matrix alone is 3.2 GB.
   */
  largeUsers: number;
  /**
   * At size, settings (EASE's λ, content's recency) and the blend's weights are learned on a
   * seeded sample of this many users, so learning costs the same at 200k users as at 6k.
   */
  sampleUsers: number;
  /**
   * At size, EASE is solved in its primal form on this many of the most-rated films (an N×N
   * inverse, about N³ operations); the other films score from the other members. Chosen by
   * measuring fit time and memory at several N (README).
   */
  easeItems: number;
  /**
   * At size, transitions keep this many followers per film (the strongest): the distinct
   * pairs within a window grow with ratings × window and would not fit in memory otherwise.
   */
  maxFollowers: number;
  /**
   * At size, iALS learns its film factors from a seeded sample of users holding about this
   * many ratings (a chat user is folded in from the films they name, so no user's own factors
   * are kept): a sweep's cost grows with ratings, and 4M ratings took 7 minutes for 8 sweeps.
   */
  ialsRatings: number;
  /**
   * At size, sasrec learns from a seeded sample of users holding about this many ratings, for
   * at most `sasrecEpochs` epochs: with the sampled softmax a step of 64 windows takes ~0.36 s
   * at 87k films on two threads, so ML-32M's 1.5M windows would be over two hours an epoch;
   * 1M ratings are ~48k windows (measured on generated 32M data: about 2 minutes an epoch).
   */
  sasrecRatings: number;
  sasrecEpochs: number;
}

export const SCALE_DEFAULTS: ScaleLimits = {
  largeUsers: 10_000,
  sampleUsers: 6_000,
  easeItems: 2_000,
  maxFollowers: 300,
  ialsRatings: 4_000_000,
  sasrecRatings: 1_000_000,
  sasrecEpochs: 3,
};

export function scaleLimits(given?: Partial<ScaleLimits>): ScaleLimits {
  return { ...SCALE_DEFAULTS, ...given };
}

export function isLarge(x: Interactions, given?: Partial<ScaleLimits>): boolean {
  return userCount(x) > scaleLimits(given).largeUsers;
}

/**
 * A seeded sample of user rows (ascending) when the data is large, else undefined (every user).
 * The same seed and data give the same sample, so a training run reproduces.
 */
export function sampledUsers(x: Interactions, given?: Partial<ScaleLimits>, seed = 23): number[] | undefined {
  if (!isLarge(x, given)) return undefined;
  const n = userCount(x);
  const limits = scaleLimits(given);
  const all = Array.from({ length: n }, (_, u) => u);
  return shuffled(all, seededRandom(seed))
    .slice(0, Math.min(n, limits.sampleUsers))
    .sort((a, b) => a - b);
}

/** Targets kept only for the given users (-1 elsewhere); all of them without a sample. */
export function targetsOf(targets: Int32Array, users: readonly number[] | undefined): Int32Array {
  if (!users) return targets;
  const out = new Int32Array(targets.length).fill(-1);
  for (const u of users) out[u] = targets[u]!;
  return out;
}

/**
 * Seeded users, in random order, until their ratings reach `ratings` (ascending rows): a
 * subset of the data of about that size, the same one each run.
 */
export function usersHolding(x: Interactions, ratings: number, seed = 29): number[] {
  const order = shuffled(
    Array.from({ length: userCount(x) }, (_, u) => u),
    seededRandom(seed),
  );
  const out: number[] = [];
  let held = 0;
  for (const u of order) {
    if (held >= ratings) break;
    out.push(u);
    held += x.offsets[u + 1]! - x.offsets[u]!;
  }
  return out.sort((a, b) => a - b);
}

/**
 * At size, the data of seeded users holding about `ratings` ratings (their validation items
 * kept with them); the data itself when it is not large or already that small. For models
 * that keep no per-user state (iALS's film factors, sasrec's weights), so learning from a
 * sample of people costs the sample, not the dataset.
 */
export function sampledData(data: TrainingData, ratings: number): TrainingData {
  const x = data.interactions;
  if (!isLarge(x, data.scale) || x.items.length <= ratings) return data;
  const users = usersHolding(x, ratings);
  const { validation } = data;
  return {
    ...data,
    interactions: usersOnly(x, users),
    ...(validation ? { validation: Int32Array.from(users, (u) => validation[u]!) } : {}),
  };
}
