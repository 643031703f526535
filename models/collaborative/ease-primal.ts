import { type Interactions, userCount } from "../../data/gold.ts";
import { invertSpdByRows } from "../linalg.ts";
import {
  type Contribution,
  contributionsOf,
  type History,
  historyWeight,
  type ModelArtifact,
  type Recommender,
  type Scored,
  withRecency,
} from "../recommender.ts";
import { similarFromScores } from "../top-k.ts";

/** What the primal form needs of EASE's settings (the kinds' own config type, structurally). */
interface PrimalSettings extends Record<string, unknown> {
  recencyDecay: number;
}

/**
 * The `n` films rated by the most distinct users (ties: the lower index), ascending by index:
 * on a long-tailed catalogue a few thousand films carry most ratings, and the rest are the
 * films whose EASE weights rest on a handful of raters anyway.
 */
export function mostRated(x: Interactions, nItems: number, n: number): Int32Array {
  const raters = new Int32Array(nItems);
  const last = new Int32Array(nItems).fill(-1);
  for (let u = 0; u < userCount(x); u++)
    for (let p = x.offsets[u]!; p < x.offsets[u + 1]!; p++) {
      const i = x.items[p]!;
      if (last[i] === u) continue;
      last[i] = u;
      raters[i]!++;
    }
  const order = Array.from({ length: nItems }, (_, i) => i).filter((i) => raters[i]! > 0);
  order.sort((a, b) => raters[b]! - raters[a]! || a - b);
  return Int32Array.from(order.slice(0, Math.min(n, order.length))).sort();
}

/** XᵀX over the chosen films: for each user, every pair of their films among them (Σ |u ∩ top|²). */
export function itemGram(x: Interactions, nItems: number, top: Int32Array): Float64Array {
  const n = top.length;
  const column = new Int32Array(nItems).fill(-1);
  top.forEach((i, c) => {
    column[i] = c;
  });
  const g = new Float64Array(n * n);
  const mine = new Int32Array(n);
  const seen = new Int32Array(n).fill(-1);
  for (let u = 0; u < userCount(x); u++) {
    let m = 0;
    for (let p = x.offsets[u]!; p < x.offsets[u + 1]!; p++) {
      const c = column[x.items[p]!]!;
      if (c < 0 || seen[c] === u) continue;
      seen[c] = u;
      mine[m++] = c;
    }
    for (let a = 0; a < m; a++) {
      const row = mine[a]! * n;
      for (let b = 0; b < m; b++) g[row + mine[b]!]! += 1;
    }
  }
  return g;
}

/**
 * EASE in its primal form on a subset of the catalogue: B = I − P·diag(1/diag P) with
 * P = (XᵀX + λI)⁻¹ over those films, B_jj = 0. A film outside the subset scores 0 and a history
 * film outside it adds nothing: in the blend the other members score those films.
 */
export class EasePrimal implements Recommender {
  /** Catalogue index → row of B, or -1 for a film outside the subset. */
  private readonly row: Int32Array;
  constructor(
    readonly name: string,
    readonly nItems: number,
    /** The subset's catalogue indices, ascending. */
    private readonly items: Int32Array,
    /** B over the subset, row-major: row = the history film, column = the scored film. */
    private readonly b: Float32Array,
    private readonly config: PrimalSettings,
  ) {
    this.row = new Int32Array(nItems).fill(-1);
    items.forEach((i, r) => {
      this.row[i] = r;
    });
  }

  private weighted(history: History): { items: readonly number[]; weights: number[] } {
    const h = withRecency(history, this.config.recencyDecay);
    return { items: h.items, weights: h.items.map((_, p) => historyWeight(h, p)) };
  }

  score(history: History): Float32Array {
    const { items, weights } = this.weighted(history);
    const n = this.items.length;
    const acc = new Float64Array(n);
    items.forEach((i, p) => {
      const r = this.row[i]!;
      if (r < 0) return;
      const w = weights[p]!;
      const base = r * n;
      for (let j = 0; j < n; j++) acc[j] = acc[j]! + w * this.b[base + j]!;
    });
    const scores = new Float32Array(this.nItems);
    for (let j = 0; j < n; j++) scores[this.items[j]!] = acc[j]!;
    return scores;
  }

  explain(history: History, item: number): Contribution[] {
    const j = this.row[item]!;
    if (j < 0) return [];
    const { items, weights } = this.weighted(history);
    const n = this.items.length;
    const byItem = new Map<number, number>();
    items.forEach((i, p) => {
      const r = this.row[i]!;
      if (r < 0 || i === item) return;
      const w = weights[p]! * this.b[r * n + j]!;
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
      config: { ...this.config, form: "primal", nItems: this.nItems },
      arrays: { primalItems: this.items, primalB: this.b },
    };
  }
}

/** B from the subset's Gram matrix at one λ: one N×N inverse (the fit's cost, about N³). */
export function solvePrimal(
  name: string,
  nItems: number,
  top: Int32Array,
  gram: Float64Array,
  lambda: number,
  config: PrimalSettings,
): EasePrimal {
  const n = top.length;
  const a = gram.slice();
  for (let j = 0; j < n; j++) a[j * n + j]! += lambda;
  const p = invertSpdByRows(a, n);
  const b = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j) b[i * n + j] = -p[i * n + j]! / p[j * n + j]!;
  return new EasePrimal(name, nItems, top, b, { ...config, lambda });
}
