import { type Interactions, userCount, withMinRating } from "../../data/gold.ts";
import { bipartite } from "../bipartite.ts";
import { evaluateRanking } from "../evaluate/leave-last-out.ts";
import { tuningSplit } from "../evaluate/tuning.ts";
import { chatRecall } from "../evaluate/zero-shot.ts";
import { invertSpd } from "../linalg.ts";
import {
  type Contribution,
  contributionsOf,
  type FitHooks,
  type History,
  historyWeight,
  type ModelArtifact,
  type ModelKind,
  type Recommender,
  type Scored,
  type TrainingData,
  withRecency,
} from "../recommender.ts";
import { isLarge, scaleLimits } from "../scale.ts";
import { similarFromScores } from "../top-k.ts";
import { EasePrimal, itemGram, mostRated, solvePrimal } from "./ease-primal.ts";

export interface EaseConfig extends Record<string, unknown> {
  /** L2 penalty; 0 picks the best of `lambdas` on validation. */
  lambda: number;
  lambdas: number[];
  /** Each film of a history counts `recencyDecay^age` (age 0 = the newest); 1 = plain EASE. */
  recencyDecay: number;
  /**
   * What λ is chosen on: each user's validation item, or (given chat cases) the chat path's
   * own held-out cases, by Recall@10 + Recall@50: strangers who name two films want a
   * stronger pull toward well-known films than members with hundreds of ratings.
   */
  tuneOn: "validation" | "chat";
  /**
   * Only ratings of at least this count (0: all): a chat user wants films they will love,
   * and "rated it" is a weaker signal of that than "rated it 4 or more".
   */
  minRating: number;
}

/** Above this many users × items, K⁻¹X is not kept in memory (2²⁵ float32s: 128 MB). */
const MAX_CACHED_ENTRIES = 2 ** 25;

/**
 * EASE (Steck 2019): item weights B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹, B_jj = 0.
 *
 * Held in its dual form. XᵀX has rank at most the number of users, so by the Woodbury identity
 * P = (I − Xᵀ K⁻¹ X)/λ with K = XXᵀ + λI, a users×users matrix: 610² on ml-latest-small instead
 * of 9,724² items. That is exact (no item is dropped, no weight pruned), needs no O(items³)
 * inverse, and keeps the model small: X as sparse lists plus K⁻¹. A history h scores
 *   h·B = h − (h − (hXᵀ)K⁻¹X) / (1 − d),   d_j = x_jᵀK⁻¹x_j   (x_j: item j's column of X),
 * about |h|·(raters) + users² + ratings operations, under a millisecond. With more users
 * than films, or more of both than an inverse affords, the fit takes the primal form instead
 * (ease-primal.ts, `fitAt` below).
 */
class Ease implements Recommender {
  constructor(
    readonly name: string,
    private readonly g: {
      userOffsets: Int32Array;
      userItems: Int32Array;
      itemOffsets: Int32Array;
      itemUsers: Int32Array;
    },
    /** K⁻¹, users × users, row-major (float32 keeps 7 digits: plenty for ranking). */
    private readonly kinv: Float32Array,
    /** 1 − d_j = λ·P_jj per item, computed in float64. */
    private readonly oneMinusD: Float32Array,
    private readonly config: EaseConfig,
  ) {}

  get nItems(): number {
    return this.oneMinusD.length;
  }

  private get users(): number {
    return this.g.userOffsets.length - 1;
  }

  /**
   * K⁻¹x_i for every item i, item-major (items × users, float32), built on first use: then a
   * history's K⁻¹(Σ w_i x_i) is |history| rows summed instead of |history| × raters × users
   * operations, and an explanation's K⁻¹x_i is a lookup. 24 MB at ml-latest-small; past
   * MAX_CACHED_ENTRIES the rows are computed when needed instead.
   */
  private kinvXCache: Float32Array | undefined;

  private get kinvX(): Float32Array | undefined {
    if (this.kinvXCache === undefined && this.users * this.nItems <= MAX_CACHED_ENTRIES) {
      const nu = this.users;
      const out = new Float32Array(this.nItems * nu);
      for (let i = 0; i < this.nItems; i++) out.set(this.kinvColumn(i), i * nu);
      this.kinvXCache = out;
    }
    return this.kinvXCache;
  }

  /** K⁻¹x_i from scratch: the sum of K⁻¹'s rows for the users who rated i (K⁻¹ is symmetric). */
  private kinvColumn(i: number): Float64Array {
    const nu = this.users;
    const b = new Float64Array(nu);
    for (let k = this.g.itemOffsets[i]!; k < this.g.itemOffsets[i + 1]!; k++) {
      const row = this.g.itemUsers[k]! * nu;
      for (let w = 0; w < nu; w++) b[w]! += this.kinv[row + w]!;
    }
    return b;
  }

  /** K⁻¹x_i, from the cache when there is one. */
  private kinvRow(i: number): ArrayLike<number> {
    const cached = this.kinvX;
    return cached ? cached.subarray(i * this.users, (i + 1) * this.users) : this.kinvColumn(i);
  }

  /** K⁻¹ times the sum of the users columns of the weighted items. */
  private kinvTimes(items: readonly number[], weights: readonly number[]): Float64Array {
    const nu = this.users;
    const b = new Float64Array(nu);
    const cached = this.kinvX;
    if (cached) {
      for (let p = 0; p < items.length; p++) {
        const w = weights[p]!;
        const at = items[p]! * nu;
        for (let v = 0; v < nu; v++) b[v] = b[v]! + w * cached[at + v]!;
      }
      return b;
    }
    // Without the cache: sum the users' weights first, then one pass over K⁻¹'s rows.
    const a = new Float64Array(nu);
    items.forEach((i, p) => {
      for (let k = this.g.itemOffsets[i]!; k < this.g.itemOffsets[i + 1]!; k++)
        a[this.g.itemUsers[k]!]! += weights[p]!;
    });
    for (let v = 0; v < nu; v++) {
      const av = a[v]!;
      if (av === 0) continue;
      const row = v * nu;
      for (let w = 0; w < nu; w++) b[w]! += av * this.kinv[row + w]!;
    }
    return b;
  }

  private weighted(history: History): { items: readonly number[]; weights: number[] } {
    const h = withRecency(history, this.config.recencyDecay);
    return { items: h.items, weights: h.items.map((_, p) => historyWeight(h, p)) };
  }

  score(history: History): Float32Array {
    const { items, weights } = this.weighted(history);
    const n = this.nItems;
    const scores = new Float32Array(n);
    if (items.length === 0) return scores;
    const b = this.kinvTimes(items, weights);
    // Locals, not `this.g.…` in the loops: this is the chat's hottest loop (every rating once).
    const { userOffsets, userItems } = this.g;
    const users = this.users;
    const c = new Float64Array(n);
    for (let v = 0; v < users; v++) {
      const bv = b[v]!;
      if (bv === 0) continue;
      const end = userOffsets[v + 1]!;
      for (let k = userOffsets[v]!; k < end; k++) {
        const j = userItems[k]!;
        c[j] = c[j]! + bv;
      }
    }
    // h·B: c / (1 − d) wherever h is zero (every film but the history's), then those few.
    const oneMinusD = this.oneMinusD;
    for (let j = 0; j < n; j++) scores[j] = c[j]! / oneMinusD[j]!;
    const h = new Map<number, number>();
    items.forEach((i, p) => {
      h.set(i, (h.get(i) ?? 0) + weights[p]!);
    });
    for (const [i, hi] of h) scores[i] = hi - (hi - c[i]!) / oneMinusD[i]!;
    return scores;
  }

  /**
   * B_ij = x_iᵀK⁻¹x_j / (1 − d_j) for each history film i and the card's film j: with K⁻¹x_j
   * (a row lookup, or one column's work without the cache), each film costs its raters.
   */
  explain(history: History, item: number): Contribution[] {
    const { items, weights } = this.weighted(history);
    const u = this.kinvRow(item);
    const byItem = new Map<number, number>();
    items.forEach((i, p) => {
      if (i === item) return; // B_jj = 0
      let s = 0;
      for (let k = this.g.itemOffsets[i]!; k < this.g.itemOffsets[i + 1]!; k++) s += u[this.g.itemUsers[k]!]!;
      const w = (weights[p]! * s) / this.oneMinusD[item]!;
      if (w !== 0) byItem.set(i, (byItem.get(i) ?? 0) + w);
    });
    return contributionsOf(byItem);
  }

  similar(item: number, k: number): Scored[] {
    return similarFromScores(this.score({ items: [item] }), item, k);
  }

  toArtifact(): ModelArtifact {
    return {
      model: this.name,
      config: this.config,
      arrays: { ...this.g, kinv: this.kinv, oneMinusD: this.oneMinusD },
    };
  }
}

/** XXᵀ: how many films each pair of users share. */
function userGram(g: ReturnType<typeof bipartite>, users: number): Float64Array {
  const k = new Float64Array(users * users);
  const items = g.itemOffsets.length - 1;
  for (let i = 0; i < items; i++) {
    const start = g.itemOffsets[i]!;
    const end = g.itemOffsets[i + 1]!;
    for (let a = start; a < end; a++) {
      const row = g.itemUsers[a]! * users;
      for (let b = start; b < end; b++) k[row + g.itemUsers[b]!]! += 1;
    }
  }
  return k;
}

function solve(
  name: string,
  g: ReturnType<typeof bipartite>,
  gram: Float64Array,
  lambda: number,
  config: EaseConfig,
): Ease {
  const users = g.userOffsets.length - 1;
  const k = gram.slice();
  for (let v = 0; v < users; v++) k[v * users + v]! += lambda;
  const kinv = invertSpd(k, users);
  const items = g.itemOffsets.length - 1;
  const oneMinusD = new Float32Array(items);
  for (let j = 0; j < items; j++) {
    let d = 0;
    for (let a = g.itemOffsets[j]!; a < g.itemOffsets[j + 1]!; a++) {
      const row = g.itemUsers[a]! * users;
      for (let b = g.itemOffsets[j]!; b < g.itemOffsets[j + 1]!; b++) d += kinv[row + g.itemUsers[b]!]!;
    }
    oneMinusD[j] = 1 - d;
  }
  const { userOffsets, userItems, itemOffsets, itemUsers } = g;
  return new Ease(
    name,
    { userOffsets, userItems, itemOffsets, itemUsers },
    Float32Array.from(kinv),
    oneMinusD,
    {
      ...config,
      lambda,
    },
  );
}

function dualAt(name: string, data: { nItems: number; interactions: Interactions }) {
  const g = bipartite(data);
  const users = g.userOffsets.length - 1;
  const gram = userGram(g, users);
  return (lambda: number, config: EaseConfig): Recommender => solve(name, g, gram, lambda, config);
}

/**
 * The form that fits the data. Both exact forms invert a matrix over the smaller side: the
 * dual (users × users) when there are no more users than films (ml-latest-small: 610 users,
 * as it always trained), the primal (films × films) otherwise. When that side is larger than
 * `easeItems` (an inverse costs about n³: 2,000 takes ~10 s here, 3,000 ~50 s), the primal
 * form keeps the `easeItems` most-rated films.
 */
/**
 * Primal Gram matrices by interactions and films: ease, ease-recency (and ease-chat where it
 * tunes on the same data) learn from one X, and at ML-32M a Gram matrix costs a minute or two.
 */
const grams = new WeakMap<Interactions, Map<string, Float64Array>>();

function gramOf(x: Interactions, nItems: number, top: Int32Array, hooks?: FitHooks): Float64Array {
  const key = `${nItems}:${top.length}:${top[0]}:${top[top.length - 1]}`;
  const known = grams.get(x) ?? new Map<string, Float64Array>();
  grams.set(x, known);
  let g = known.get(key);
  if (!g) {
    const stage = `Gram matrix of the ${top.length} most-rated films`;
    hooks?.onProgress?.({ stage, step: 0, steps: 1 });
    g = itemGram(x, nItems, top);
    hooks?.onProgress?.({ stage, step: 1, steps: 1 });
    known.set(key, g);
  }
  return g;
}

function fitAt(
  name: string,
  data: { nItems: number; interactions: Interactions; scale?: TrainingData["scale"] },
  hooks?: FitHooks,
) {
  const limits = scaleLimits(data.scale);
  const users = userCount(data.interactions);
  const rated = mostRated(data.interactions, data.nItems, data.nItems).length;
  if (users <= rated && users <= limits.easeItems) return dualAt(name, data);
  const top = mostRated(data.interactions, data.nItems, Math.min(rated, limits.easeItems));
  const gram = gramOf(data.interactions, data.nItems, top, hooks);
  return (lambda: number, config: EaseConfig): Recommender =>
    solvePrimal(name, data.nItems, top, gram, lambda, config);
}

function easeKind(name: string, defaults: EaseConfig) {
  return {
    name,
    defaults,
    fit(given: TrainingData, config?: Partial<EaseConfig>, hooks?: FitHooks): Recommender {
      const c = { ...defaults, ...config };
      const data = { ...given, interactions: withMinRating(given.interactions, c.minRating) };
      let lambda = c.lambda;
      if (!(lambda > 0) && c.tuneOn === "chat" && data.chatCases && data.chatCases.length > 0) {
        // Chat cases are not in the interactions: the model learns from all of them.
        const at = fitAt(name, data, hooks);
        let best = Number.NEGATIVE_INFINITY;
        // The search's best model is the final one: the same data and λ (no second solve).
        let chosen: Recommender | undefined;
        c.lambdas.forEach((l, step) => {
          const candidate = at(l, c);
          const m = chatRecall(candidate, data.chatCases!);
          const value = m["recall@10"] + m["recall@50"];
          hooks?.onProgress?.({
            stage: "lambda search (chat cases)",
            step: step + 1,
            steps: c.lambdas.length,
            values: { lambda: l, "chat recall@10+50": value },
          });
          if (value > best) {
            best = value;
            lambda = l;
            chosen = candidate;
          }
        });
        if (chosen) return chosen;
      } else if (!(lambda > 0)) {
        const split = tuningSplit(data);
        const at = fitAt(name, { nItems: data.nItems, interactions: split.train, scale: data.scale }, hooks);
        let best = Number.NEGATIVE_INFINITY;
        let chosen: Recommender | undefined;
        c.lambdas.forEach((l, step) => {
          const candidate = at(l, c);
          const m = evaluateRanking(candidate, split.train, split.targets, split.candidates);
          hooks?.onProgress?.({
            stage: "lambda search",
            step: step + 1,
            steps: c.lambdas.length,
            values: { lambda: l, "validation ndcg@10": m["ndcg@10"] },
          });
          if (m["ndcg@10"] > best) {
            best = m["ndcg@10"];
            lambda = l;
            chosen = candidate;
          }
        });
        // At size the search's best serves: it missed one film of each sampled user (8,000 of
        // ML-32M's 32M ratings), and a second Gram matrix and solve cost minutes.
        if (chosen && isLarge(data.interactions, data.scale)) return chosen;
      }
      return fitAt(name, data, hooks)(lambda, c);
    },
    load(artifact: ModelArtifact): Recommender {
      const a = artifact.arrays;
      const settings = { ...defaults, ...(artifact.config as Partial<EaseConfig>) };
      if (a.primalItems && a.primalB) {
        const nItems = Number((artifact.config as { nItems?: number }).nItems);
        return new EasePrimal(name, nItems, a.primalItems as Int32Array, a.primalB as Float32Array, settings);
      }
      const g = {
        userOffsets: a.userOffsets as Int32Array,
        userItems: a.userItems as Int32Array,
        itemOffsets: a.itemOffsets as Int32Array,
        itemUsers: a.itemUsers as Int32Array,
      };
      return new Ease(name, g, a.kinv as Float32Array, a.oneMinusD as Float32Array, settings);
    },
  } satisfies ModelKind<EaseConfig>;
}

const LAMBDAS = [50, 100, 200, 400, 800];

export const ease = easeKind("ease", {
  lambda: 0,
  lambdas: LAMBDAS,
  recencyDecay: 1,
  tuneOn: "validation",
  minRating: 0,
});
/** EASE over a history whose films count 0.9^age: MovieLens users rate in bursts. */
export const easeRecency = easeKind("ease-recency", {
  lambda: 0,
  lambdas: LAMBDAS,
  recencyDecay: 0.9,
  tuneOn: "validation",
  minRating: 0,
});
/** EASE with λ chosen on chat cases: the blend's collaborative member for short histories. */
export const easeChat = easeKind("ease-chat", {
  lambda: 0,
  lambdas: [200, 500, 1000, 2000, 5000],
  recencyDecay: 1,
  tuneOn: "chat",
  minRating: 0,
});
/**
 * EASE over the films people loved (rated 3.5 or more), λ chosen on chat cases: for a newcomer
 * the question is which films they will love, and on held-out MovieLens newcomers it reads
 * 0.43 Recall@10 against 0.39 for EASE over every rating (one fold, three films named).
 */
export const easeLoved = easeKind("ease-loved", {
  lambda: 0,
  lambdas: [500, 1000, 2000, 3000, 5000, 8000],
  recencyDecay: 1,
  tuneOn: "chat",
  minRating: 3.5,
});
