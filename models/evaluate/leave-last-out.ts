import { type Interactions, userItems } from "../../data/gold.ts";
import type { History, Recommender } from "../recommender.ts";
import { topK } from "../top-k.ts";
import { hitRate, mean, ndcg, pessimisticRank } from "./metrics.ts";
import type { LeaveLastOutSplit } from "./split.ts";

export interface RankingMetrics {
  "hr@10": number;
  "ndcg@10": number;
  "recall@20": number;
  "coverage@10": number;
  users: number;
}

/**
 * Scores every user's held-out item against all rated items the user has not had yet.
 * `history` is what the model is shown (train for validation, train+validation for test),
 * `targets` the held-out item per user row (-1 skips the user).
 */
export function evaluateRanking(
  model: Recommender,
  history: Interactions,
  targets: Int32Array,
  candidates: Uint8Array,
  /** Called with each evaluated user's row and the held-out item's rank (0 = first). */
  onUser?: (user: number, rank: number) => void,
): RankingMetrics {
  const hits: number[] = [];
  const gains: number[] = [];
  const recalls: number[] = [];
  const recommended = new Set<number>();
  for (let u = 0; u < targets.length; u++) {
    const target = targets[u]!;
    if (target < 0) continue;
    const items = userItems(history, u);
    const seen = new Set(items);
    const h: History = { items: Array.from(items) };
    const scores = model.score(h);
    const isCandidate = (j: number) => candidates[j] === 1 && (j === target || !seen.has(j));
    const rank = pessimisticRank(scores, target, isCandidate);
    onUser?.(u, rank);
    hits.push(hitRate(rank, 10));
    gains.push(ndcg(rank, 10));
    recalls.push(hitRate(rank, 20));
    for (const i of topK(scores, 10, isCandidate)) recommended.add(i);
  }
  let nCandidates = 0;
  for (const c of candidates) nCandidates += c;
  return {
    "hr@10": mean(hits),
    "ndcg@10": mean(gains),
    "recall@20": mean(recalls),
    "coverage@10": nCandidates ? recommended.size / nCandidates : 0,
    users: hits.length,
  };
}

/** Items with at least one rating anywhere in the data: the protocol's candidate set. */
export function ratedItems(x: Interactions, nItems: number): Uint8Array {
  const rated = new Uint8Array(nItems);
  for (const i of x.items) rated[i] = 1;
  return rated;
}

export type { LeaveLastOutSplit };
