import { type Interactions, userCount } from "../data/gold.ts";
import { shuffled } from "./evaluate/newcomer.ts";
import { seededRandom } from "./random.ts";

/**
 * How much co-occurrence counting a fit may do: item-kNN's cost is the number of (film, film)
 * pairs in each person's history, Σ |history|², not the number of ratings. ml-latest-small
 * has 6.1·10⁷ such pairs (item-kNN fits in about 2 s); ML-32M has thousands of times more.
 */
export interface CooccurrenceBudget {
  /** At most this many pairs, Σ over sampled users of min(|history|, perUser)². */
  pairs: number;
  /** Each sampled user's newest `perUser` ratings only: one person's 5,000 ratings would alone cost 2.5·10⁷ pairs. */
  perUser: number;
  seed: number;
}

const pairsOf = (n: number, cap: number) => Math.min(n, cap) ** 2;

/**
 * The interactions unchanged when all of them fit the budget, or else a seeded random sample of whole
 * users (each with their newest `perUser` ratings, order kept) filling it: a co-occurrence
 * model fitted on it costs seconds at any dataset size, and a random sample of people keeps the
 * films' co-occurrence structure (the most-rated films stay the most co-rated).
 */
export function withinCooccurrenceBudget(x: Interactions, budget: CooccurrenceBudget): Interactions {
  const users = userCount(x);
  const length = (u: number) => x.offsets[u + 1]! - x.offsets[u]!;
  let total = 0;
  for (let u = 0; u < users; u++) total += length(u) ** 2;
  if (total <= budget.pairs) return x;
  const chosen: number[] = [];
  let spent = 0;
  for (const u of shuffled(
    Array.from({ length: users }, (_, u) => u),
    seededRandom(budget.seed),
  )) {
    const cost = pairsOf(length(u), budget.perUser);
    if (spent + cost > budget.pairs) continue;
    chosen.push(u);
    spent += cost;
  }
  chosen.sort((a, b) => a - b);
  let rows = 0;
  for (const u of chosen) rows += Math.min(length(u), budget.perUser);
  const offsets = new Int32Array(chosen.length + 1);
  const items = new Int32Array(rows);
  const ratings = new Float32Array(rows);
  const timestamps = new Float64Array(rows);
  let k = 0;
  chosen.forEach((u, r) => {
    // Rows are in time order per user, so the newest ratings are the last ones.
    const end = x.offsets[u + 1]!;
    for (let p = Math.max(x.offsets[u]!, end - budget.perUser); p < end; p++, k++) {
      items[k] = x.items[p]!;
      ratings[k] = x.ratings[p]!;
      timestamps[k] = x.timestamps[p]!;
    }
    offsets[r + 1] = k;
  });
  return { userIds: Int32Array.from(chosen, (u) => x.userIds[u]!), offsets, items, ratings, timestamps };
}
