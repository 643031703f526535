import { type Interactions, userCount } from "../../data/gold.ts";
import { seededRandom } from "../random.ts";
import { mean, pessimisticRank } from "./metrics.ts";

/**
 * The newcomer protocol (ARCHITECTURE.md): strong generalisation, the chat user's case at
 * scale. Users are split into folds; a fold's users are strangers to every fit, and each of
 * them names n of the films they rated highly; the rest of those films are what a good list
 * holds. Leave-last-out asks "what does someone with 300 ratings watch next", a different
 * question dominated by rating order.
 */

/** A rating at or above this is a film the person loved: a film they would name, or a target. */
export const LOVED_RATING = 4;

export interface NewcomerCase {
  /** The user row in the interactions the case came from. */
  user: number;
  /** The films the person names, as item indices, in the (random) order they name them. */
  named: number[];
  /** The rest of their loved films. */
  targets: number[];
}

/** A shuffled copy (Fisher–Yates), deterministic for a seed. */
export function shuffled<T>(values: readonly T[], random: () => number): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** User rows split into `folds` seeded folds of (nearly) equal size. */
export function userFolds(users: number, folds: number, seed: number): number[][] {
  const order = shuffled(
    Array.from({ length: users }, (_, u) => u),
    seededRandom(seed),
  );
  return Array.from({ length: folds }, (_, f) =>
    order.filter((_, k) => k % folds === f).sort((a, b) => a - b),
  );
}

/** The interactions of the given user rows only (row order kept), e.g. a fold's training users. */
export function usersOnly(x: Interactions, users: readonly number[]): Interactions {
  const rows = [...users].sort((a, b) => a - b);
  let total = 0;
  for (const u of rows) total += x.offsets[u + 1]! - x.offsets[u]!;
  const offsets = new Int32Array(rows.length + 1);
  const items = new Int32Array(total);
  const ratings = new Float32Array(total);
  const timestamps = new Float64Array(total);
  let k = 0;
  rows.forEach((u, r) => {
    for (let p = x.offsets[u]!; p < x.offsets[u + 1]!; p++, k++) {
      items[k] = x.items[p]!;
      ratings[k] = x.ratings[p]!;
      timestamps[k] = x.timestamps[p]!;
    }
    offsets[r + 1] = k;
  });
  return { userIds: Int32Array.from(rows, (u) => x.userIds[u]!), offsets, items, ratings, timestamps };
}

/** A user's distinct films rated at least `LOVED_RATING`, in time order. */
export function lovedItems(x: Interactions, u: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (let p = x.offsets[u]!; p < x.offsets[u + 1]!; p++) {
    const item = x.items[p]!;
    if (x.ratings[p]! >= LOVED_RATING && !seen.has(item)) {
      seen.add(item);
      out.push(item);
    }
  }
  return out;
}

/**
 * Each user's case for n named films: n of their loved films drawn at random (seeded per
 * user and n), in random order; the rest are the targets. Users with fewer than n + 1 loved
 * films are skipped.
 */
export function newcomerCases(
  x: Interactions,
  users: readonly number[],
  n: number,
  seed: number,
): NewcomerCase[] {
  const cases: NewcomerCase[] = [];
  for (const u of users) {
    const loved = lovedItems(x, u);
    if (loved.length < n + 1) continue;
    const order = shuffled(loved, seededRandom(seed * 7919 + u * 104_729 + n));
    cases.push({ user: u, named: order.slice(0, n), targets: order.slice(n) });
  }
  return cases;
}

/** Recall@10 and NDCG@10 of one case, from the 0-based ranks of its targets (ties already against). */
export function caseMetrics(
  targetRanks: readonly number[],
  targets: number,
): { recall: number; ndcg: number } {
  const relevant = Math.min(10, targets);
  if (relevant === 0) return { recall: 0, ndcg: 0 };
  let hits = 0;
  let dcg = 0;
  for (const r of targetRanks) {
    if (r < 10) {
      hits++;
      dcg += 1 / Math.log2(r + 2);
    }
  }
  let ideal = 0;
  for (let r = 0; r < relevant; r++) ideal += 1 / Math.log2(r + 2);
  return { recall: hits / relevant, ndcg: dcg / ideal };
}

/** How a ranker answers a case: its top 10 in order, or a score for every item (ties count against). */
export type NewcomerAnswer = { list: readonly number[] } | { scores: Float32Array };

/** The 0-based ranks of a case's targets in an answer; a target outside a list ranks 10. */
export function targetRanks(answer: NewcomerAnswer, c: NewcomerCase): number[] {
  if ("list" in answer) {
    const at = new Map(answer.list.slice(0, 10).map((item, r) => [item, r]));
    return c.targets.map((t) => at.get(t) ?? 10);
  }
  const named = new Set(c.named);
  return c.targets.map((t) => pessimisticRank(answer.scores, t, (j) => !named.has(j)));
}

export interface NewcomerScore {
  "recall@10": number;
  "ndcg@10": number;
  /** Standard error of the mean Recall@10 over users. */
  se: number;
  users: number;
}

/** Per-case Recall@10 and NDCG@10, kept so folds can be pooled before averaging. */
export interface NewcomerTally {
  recall: number[];
  ndcg: number[];
}

export function emptyTally(): NewcomerTally {
  return { recall: [], ndcg: [] };
}

export function tallyCases(
  tally: NewcomerTally,
  cases: readonly NewcomerCase[],
  answer: (c: NewcomerCase) => NewcomerAnswer,
): NewcomerTally {
  for (const c of cases) {
    const m = caseMetrics(targetRanks(answer(c), c), c.targets.length);
    tally.recall.push(m.recall);
    tally.ndcg.push(m.ndcg);
  }
  return tally;
}

export function standardError(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) ** 2;
  return Math.sqrt(ss / (values.length - 1) / values.length);
}

export function summarize(tally: NewcomerTally): NewcomerScore {
  return {
    "recall@10": mean(tally.recall),
    "ndcg@10": mean(tally.ndcg),
    se: standardError(tally.recall),
    users: tally.recall.length,
  };
}

/**
 * A fold's split: test users, and of the rest, a seeded share of validation users (on which
 * a fit may choose its settings: the blend's chat weights, EASE's λ) and the training users.
 */
export interface NewcomerFold {
  test: number[];
  validation: number[];
  train: number[];
}

export function newcomerFolds(
  x: Interactions,
  folds: number,
  seed: number,
  validationShare = 0.1,
): NewcomerFold[] {
  const users = userCount(x);
  // One fold (a quick run) is the first of five, so its test users are a fifth, as in the full run.
  const split = userFolds(users, folds === 1 ? 5 : folds, seed);
  const used = folds === 1 ? split.slice(0, 1) : split;
  return used.map((test, f) => {
    const rest = split.flatMap((users, g) => (g === f ? [] : users));
    const validation = new Set(
      shuffled(rest, seededRandom(seed * 31 + f + 1)).slice(0, Math.round(rest.length * validationShare)),
    );
    return {
      test,
      validation: rest.filter((u) => validation.has(u)),
      train: rest.filter((u) => !validation.has(u)),
    };
  });
}
