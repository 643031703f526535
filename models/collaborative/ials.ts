import { bipartite } from "../bipartite.ts";
import {
  type FactorTable,
  factorArrays,
  factorTable,
  loadFactorTable,
  type Storage,
} from "../factor-table.ts";
import { seededRandom } from "../random.ts";
import type {
  Contribution,
  FitHooks,
  History,
  ModelArtifact,
  ModelKind,
  Recommender,
  Scored,
  TrainingData,
} from "../recommender.ts";
import { historyWeight } from "../recommender.ts";
import { sampledData, scaleLimits } from "../scale.ts";
import { topK } from "../top-k.ts";

/**
 * A few conjugate-gradient steps on A·x = b from x, given r = b and ap = A·x on entry (both
 * solves build those their own way); `times(v, out)` writes A·v. Few steps from a warm start
 * are what iALS needs: the factors change little between sweeps.
 */
function conjugateGradient(
  x: Float64Array,
  r: Float64Array,
  p: Float64Array,
  ap: Float64Array,
  steps: number,
  times: (v: Float64Array, out: Float64Array) => void,
): void {
  const f = p.length;
  let rs = 0;
  for (let a = 0; a < f; a++) {
    r[a] = r[a]! - ap[a]!;
    p[a] = r[a]!;
    rs += r[a]! * r[a]!;
  }
  for (let s = 0; s < steps && rs > 1e-12; s++) {
    times(p, ap);
    let pap = 0;
    for (let a = 0; a < f; a++) pap += p[a]! * ap[a]!;
    if (pap <= 0) break;
    const step = rs / pap;
    let next = 0;
    for (let a = 0; a < f; a++) {
      x[a]! += step * p[a]!;
      r[a]! -= step * ap[a]!;
      next += r[a]! * r[a]!;
    }
    const beta = next / rs;
    for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
    rs = next;
  }
}

/**
 * Implicit-feedback matrix factorisation (iALS: Hu, Koren & Volinsky 2008) solved with a few
 * conjugate-gradient steps per row (Takács et al. 2011) instead of an f×f inverse: a sweep
 * costs O(ratings·f + rows·f²), so it grows with the ratings, not with films² as EASE's Gram
 * matrix does (87k films: 30 GB). A chat user is folded in: their factors are solved from the
 * films they named against the trained film factors, the same solve a sweep runs per user.
 */
export interface IalsConfig extends Record<string, unknown> {
  factors: number;
  /** Confidence of a rated film: 1 + alpha (unrated films count with confidence 1, preference 0). */
  alpha: number;
  lambda: number;
  iterations: number;
  /** CG steps per row and sweep, warm-started from the previous sweep's row. */
  cgSteps: number;
  /** CG steps when folding in a chat user (from zero, so more). */
  foldInSteps: number;
  seed: number;
  /**
   * How the film factors are kept and saved: int8 (one scale per film) is a quarter of the
   * bytes and kept top-10 lists and NDCG@10 within noise of float32 (README, "Running at scale").
   */
  storage: Storage;
}

type Matrix = Float64Array;

/** YᵀY over the rows of a row-major n×f factor matrix. */
function gram(y: Float32Array, n: number, f: number): Matrix {
  const g = new Float64Array(f * f);
  for (let r = 0; r < n; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const ya = y[o + a]!;
      if (ya === 0) continue;
      for (let b = a; b < f; b++) g[a * f + b]! += ya * y[o + b]!;
    }
  }
  for (let a = 0; a < f; a++) for (let b = 0; b < a; b++) g[a * f + b] = g[b * f + a]!;
  return g;
}

/** The rows a solve sees: the other side's factors, which rows, with what confidence and preference. */
interface Observed {
  factors: Float32Array;
  rows: ArrayLike<number>;
  /** Confidence per observed row, and preference (1 liked, 0 disliked). */
  confidence: ArrayLike<number>;
  preference: ArrayLike<number>;
}

/** v ↦ (G + λI + Σ over observed rows of (confidence − 1)·y·yᵀ)·v: the row system iALS solves. */
function observedTimes(g: Matrix, f: number, lambda: number, obs: Observed) {
  const { factors: y, rows, confidence } = obs;
  return (v: Float64Array, out: Float64Array) => {
    for (let a = 0; a < f; a++) {
      let s = lambda * v[a]!;
      const ga = a * f;
      for (let b = 0; b < f; b++) s += g[ga + b]! * v[b]!;
      out[a] = s;
    }
    for (let k = 0; k < rows.length; k++) {
      const o = rows[k]! * f;
      let d = 0;
      for (let a = 0; a < f; a++) d += y[o + a]! * v[a]!;
      d *= confidence[k]! - 1;
      if (d !== 0) for (let a = 0; a < f; a++) out[a]! += d * y[o + a]!;
    }
  };
}

/**
 * Solves (G + λI + Σ (cₖ−1) yₖyₖᵀ) x = Σ cₖ pₖ yₖ for x by CG, starting from `x` (updated in
 * place). Each product costs f² + 2f per observed row.
 */
export function solveRow(
  g: Matrix,
  f: number,
  lambda: number,
  obs: Observed,
  x: Float64Array,
  steps: number,
): Float64Array {
  const { factors: y, rows, confidence, preference } = obs;
  const times = observedTimes(g, f, lambda, obs);
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  times(x, ap);
  for (let k = 0; k < rows.length; k++) {
    const cp = confidence[k]! * preference[k]!;
    if (cp === 0) continue;
    const o = rows[k]! * f;
    for (let a = 0; a < f; a++) r[a]! += cp * y[o + a]!;
  }
  conjugateGradient(x, r, p, ap, steps, times);
  return x;
}

/** A history's observed films: their factors gathered into rows 0..k−1, and which films they are. */
interface FoldIn {
  x: Float64Array;
  obs: Observed;
  items: number[];
}

class Ials implements Recommender {
  readonly name = "ials";
  private readonly g: Matrix;
  private norms: Float32Array | undefined;
  private readonly memo = new WeakMap<History, FoldIn>();

  constructor(
    readonly nItems: number,
    private readonly table: FactorTable,
    private readonly config: IalsConfig,
  ) {
    this.g = gram(table.dense(), nItems, config.factors);
  }

  /** A history as observed rows: liked films preference 1, disliked ones 0, confidence by weight. */
  private observed(history: History): { obs: Observed; items: number[] } {
    const items: number[] = [];
    const confidence: number[] = [];
    const preference: number[] = [];
    history.items.forEach((item, p) => {
      if (item < 0 || item >= this.nItems) return;
      const w = historyWeight(history, p);
      items.push(item);
      confidence.push(1 + this.config.alpha * Math.abs(w));
      preference.push(w > 0 ? 1 : 0);
    });
    const f = this.config.factors;
    const factors = new Float32Array(items.length * f);
    for (const [k, item] of items.entries()) this.table.rowInto(item, factors, k * f);
    return { obs: { factors, rows: items.map((_, k) => k), confidence, preference }, items };
  }

  private foldIn(history: History): FoldIn {
    let m = this.memo.get(history);
    if (!m) {
      const { obs, items } = this.observed(history);
      const x = solveRow(
        this.g,
        this.config.factors,
        this.config.lambda,
        obs,
        new Float64Array(this.config.factors),
        this.config.foldInSteps,
      );
      m = { x, obs, items };
      this.memo.set(history, m);
    }
    return m;
  }

  score(history: History): Float32Array {
    const out = new Float32Array(this.nItems);
    this.scoreInto(history, out);
    return out;
  }

  scoreInto(history: History, out: Float32Array): void {
    const { x, items } = this.foldIn(history);
    if (items.length > 0) this.table.dotAll(x, out);
    else out.fill(0);
  }

  /**
   * The score is linear in the named films: yᵢᵀ A⁻¹ Σ cⱼpⱼyⱼ, so film j's share is
   * cⱼpⱼ · (A⁻¹yᵢ)·yⱼ, with A the history's own system (one more CG solve).
   */
  explain(history: History, item: number): Contribution[] {
    const f = this.config.factors;
    const { obs, items } = this.foldIn(history);
    const y = new Float32Array(f);
    this.table.rowInto(item, y);
    // A⁻¹yᵢ: a solve whose right-hand side is yᵢ (no preferences), by CG from zero.
    const w = solveWithRhs(this.g, f, this.config.lambda, obs, Float64Array.from(y), this.config.foldInSteps);
    const byItem = new Map<number, number>();
    for (let k = 0; k < items.length; k++) {
      const cp = obs.confidence[k]! * obs.preference[k]!;
      if (cp === 0) continue;
      const o = k * f;
      let d = 0;
      for (let a = 0; a < f; a++) d += w[a]! * obs.factors[o + a]!;
      byItem.set(items[k]!, (byItem.get(items[k]!) ?? 0) + cp * d);
    }
    return [...byItem]
      .map(([i, weight]) => ({ item: i, weight }))
      .filter((c) => c.weight > 0)
      .sort((p, q) => q.weight - p.weight || p.item - q.item);
  }

  similar(item: number, k: number): Scored[] {
    const f = this.config.factors;
    if (!this.norms) {
      const norms = new Float32Array(this.nItems);
      const row = new Float32Array(f);
      for (let i = 0; i < this.nItems; i++) {
        this.table.rowInto(i, row);
        let s = 0;
        for (let a = 0; a < f; a++) s += row[a]! ** 2;
        norms[i] = Math.sqrt(s);
      }
      this.norms = norms;
    }
    const norms = this.norms;
    if (norms[item] === 0) return [];
    const query = new Float32Array(f);
    this.table.rowInto(item, query);
    const scores = new Float32Array(this.nItems);
    this.table.dotAll(Float64Array.from(query), scores);
    for (let i = 0; i < this.nItems; i++)
      scores[i] = norms[i] === 0 ? 0 : scores[i]! / (norms[i]! * norms[item]!);
    return topK(scores, k, (i) => i !== item && scores[i]! > 0).map((i) => ({ item: i, score: scores[i]! }));
  }

  toArtifact(): ModelArtifact {
    return { model: this.name, config: this.config, arrays: factorArrays(this.table, "itemFactors") };
  }
}

/** CG for A w = b from zero, A as in solveRow (the history's confidences; preferences unused). */
function solveWithRhs(g: Matrix, f: number, lambda: number, obs: Observed, b: Float64Array, steps: number) {
  const x = new Float64Array(f);
  // From x = 0, A·x is 0 and the residual is b itself.
  conjugateGradient(
    x,
    Float64Array.from(b),
    new Float64Array(f),
    new Float64Array(f),
    steps,
    observedTimes(g, f, lambda, obs),
  );
  return x;
}

/** Work vectors of one sweep's row solves, allocated once per sweep. */
interface Scratch {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
}

/**
 * `solveRow` for a sweep's row, whose observed rows all share one confidence and preference 1:
 * the same operations in the same order (so the same factors), over typed arrays only. The
 * general solve's array-like arguments (lists in a chat fold-in, typed arrays in a sweep)
 * made its inner loops several times slower on ML-32M-sized sweeps.
 */
function solveSweepRow(
  g: Matrix,
  f: number,
  lambda: number,
  y: Float32Array,
  lists: Int32Array,
  from: number,
  to: number,
  confidence: number,
  x: Float64Array,
  steps: number,
  w: Scratch,
): void {
  const extra = confidence - 1;
  const { r, p, ap } = w;
  r.fill(0);
  sweepTimes(g, f, lambda, y, lists, from, to, extra, x, ap);
  if (confidence !== 0)
    for (let k = from; k < to; k++) {
      const o = lists[k]! * f;
      for (let a = 0; a < f; a++) r[a]! += confidence * y[o + a]!;
    }
  conjugateGradient(x, r, p, ap, steps, (v, out) =>
    sweepTimes(g, f, lambda, y, lists, from, to, extra, v, out),
  );
}

/** out = (G + λI + extra · Σₖ yₖyₖᵀ) v over the row's observed rows lists[from..to). */
function sweepTimes(
  g: Matrix,
  f: number,
  lambda: number,
  y: Float32Array,
  lists: Int32Array,
  from: number,
  to: number,
  extra: number,
  v: Float64Array,
  out: Float64Array,
): void {
  for (let a = 0; a < f; a++) {
    let s = lambda * v[a]!;
    const ga = a * f;
    for (let b = 0; b < f; b++) s += g[ga + b]! * v[b]!;
    out[a] = s;
  }
  for (let k = from; k < to; k++) {
    const o = lists[k]! * f;
    let d = 0;
    for (let a = 0; a < f; a++) d += y[o + a]! * v[a]!;
    d *= extra;
    if (d !== 0) for (let a = 0; a < f; a++) out[a]! += d * y[o + a]!;
  }
}

/** One sweep over one side: each row's factors re-solved against the other side's. */
function sweep(
  mine: Float32Array,
  other: Float32Array,
  nOther: number,
  offsets: Int32Array,
  lists: Int32Array,
  c: IalsConfig,
) {
  const f = c.factors;
  const g = gram(other, nOther, f);
  const rows = offsets.length - 1;
  const x = new Float64Array(f);
  const scratch = { r: new Float64Array(f), p: new Float64Array(f), ap: new Float64Array(f) };
  for (let r = 0; r < rows; r++) {
    const from = offsets[r]!;
    const to = offsets[r + 1]!;
    if (from === to) continue;
    for (let a = 0; a < f; a++) x[a] = mine[r * f + a]!;
    solveSweepRow(g, f, c.lambda, other, lists, from, to, 1 + c.alpha, x, c.cgSteps, scratch);
    for (let a = 0; a < f; a++) mine[r * f + a] = x[a]!;
  }
}

export const ials = {
  name: "ials",
  defaults: {
    factors: 64,
    alpha: 2,
    lambda: 5,
    iterations: 8,
    cgSteps: 3,
    foldInSteps: 16,
    seed: 7,
    storage: "int8",
  } as IalsConfig,
  fit(data: TrainingData, config?: Partial<IalsConfig>, hooks?: FitHooks): Recommender {
    const c = { ...this.defaults, ...config };
    const f = c.factors;
    const limits = scaleLimits(data.scale);
    const x = data.interactions;
    // Only film factors are kept, so at size a sample of users' ratings teaches them.
    const sampled = sampledData(data, limits.ialsRatings);
    if (sampled !== data)
      hooks?.log?.info(
        { ratings: sampled.interactions.items.length, of: x.items.length },
        "ials: film factors from a sample of users",
      );
    const g = bipartite(sampled);
    const users = g.userOffsets.length - 1;
    const rand = seededRandom(c.seed);
    const scale = 0.1 / Math.sqrt(f);
    const userFactors = Float32Array.from({ length: users * f }, () => (rand() - 0.5) * scale);
    const itemFactors = Float32Array.from({ length: data.nItems * f }, () => (rand() - 0.5) * scale);
    for (let it = 0; it < c.iterations; it++) {
      sweep(userFactors, itemFactors, data.nItems, g.userOffsets, g.userItems, c);
      sweep(itemFactors, userFactors, users, g.itemOffsets, g.itemUsers, c);
      // Reported when done, as the other fits do: the progress line's ETA is the rate so far.
      hooks?.onProgress?.({ stage: "sweeps", step: it + 1, steps: c.iterations });
    }
    return new Ials(data.nItems, factorTable(itemFactors, f, c.storage), c);
  },
  load(artifact: ModelArtifact): Recommender {
    // A model saved before `storage` existed kept float32 factors.
    const saved = { storage: "float32", ...artifact.config };
    const c = { ...this.defaults, ...saved } as IalsConfig;
    const table = loadFactorTable(artifact.arrays, "itemFactors", c.factors);
    return new Ials(table.rows, table, { ...c, storage: table.storage });
  },
} satisfies ModelKind<IalsConfig>;
