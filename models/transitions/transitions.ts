import { userCount } from "../../data/gold.ts";
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
} from "../recommender.ts";
import { isLarge, scaleLimits } from "../scale.ts";
import { topKOf } from "../top-k.ts";

export interface TransitionsConfig extends Record<string, unknown> {
  /** What followed a film within this many steps counts, weighted 1/step. */
  window: number;
  /** How many of the newest films of a history vote. */
  lastItems: number;
  /** Each older voter counts `decay` times the next newer one. */
  decay: number;
  /**
   * What came before a film counts this many times what came after it (0: transitions proper).
   * People watch a series or a director's films in no fixed order, so both directions are evidence.
   */
  backward?: number;
  /**
   * Each count from a film divided by (that film's occurrences)^sourcePower: with raw counts
   * (0) a blockbuster among the voters outvotes the niche film beside it; 1 makes every
   * voter's row a conditional probability, which drowns the blockbuster's evidence instead.
   */
  sourcePower?: number;
}

/**
 * What people watched next: item-to-item counts of what followed what within a few steps,
 * weighted 1/step (for `seq-knn` also what came just before). A history scores an item by the
 * counts from its newest films, decayed by age, so each term of the sum names the film that
 * led there ("because you just liked X").
 */
class Transitions implements Recommender {
  constructor(
    readonly name: string,
    private readonly offsets: Int32Array,
    private readonly next: Int32Array,
    private readonly counts: Float32Array,
    private readonly config: TransitionsConfig,
  ) {}

  get nItems(): number {
    return this.offsets.length - 1;
  }

  /** The voters: the newest `lastItems` films, each with weight × decay^age. */
  private voters(history: History): { item: number; weight: number }[] {
    const n = history.items.length;
    const out: { item: number; weight: number }[] = [];
    for (let age = 0; age < Math.min(n, this.config.lastItems); age++) {
      const p = n - 1 - age;
      out.push({ item: history.items[p]!, weight: historyWeight(history, p) * this.config.decay ** age });
    }
    return out;
  }

  score(history: History): Float32Array {
    const scores = new Float32Array(this.nItems);
    for (const { item, weight } of this.voters(history)) {
      for (let k = this.offsets[item]!; k < this.offsets[item + 1]!; k++)
        scores[this.next[k]!]! += weight * this.counts[k]!;
    }
    return scores;
  }

  private count(from: number, to: number): number {
    for (let k = this.offsets[from]!; k < this.offsets[from + 1]!; k++)
      if (this.next[k] === to) return this.counts[k]!;
    return 0;
  }

  explain(history: History, item: number): Contribution[] {
    const byItem = new Map<number, number>();
    for (const v of this.voters(history)) {
      const w = v.weight * this.count(v.item, item);
      if (w !== 0) byItem.set(v.item, (byItem.get(v.item) ?? 0) + w);
    }
    return contributionsOf(byItem);
  }

  similar(item: number, k: number): Scored[] {
    const rows = this.next.subarray(this.offsets[item]!, this.offsets[item + 1]!);
    const scores = new Float32Array(this.nItems);
    for (let q = this.offsets[item]!; q < this.offsets[item + 1]!; q++)
      scores[this.next[q]!] = this.counts[q]!;
    return topKOf(scores, k, rows, (i) => i !== item).map((i) => ({ item: i, score: scores[i]! }));
  }

  toArtifact(): ModelArtifact {
    return {
      model: this.name,
      config: this.config,
      arrays: { offsets: this.offsets, next: this.next, counts: this.counts },
    };
  }
}

/** Pair counts within the window (both directions when `backward` > 0), normalised as configured. */
function pairCounts(data: TrainingData, c: TransitionsConfig): Map<number, number>[] {
  const x = data.interactions;
  const back = c.backward ?? 0;
  const rows: Map<number, number>[] = Array.from({ length: data.nItems }, () => new Map());
  const add = (from: number, to: number, w: number) => {
    const row = rows[from]!;
    row.set(to, (row.get(to) ?? 0) + w);
  };
  for (let u = 0; u < userCount(x); u++) {
    const end = x.offsets[u + 1]!;
    for (let p = x.offsets[u]!; p < end; p++) {
      for (let step = 1; step <= c.window && p + step < end; step++) {
        const w = 1 / step;
        add(x.items[p]!, x.items[p + step]!, w);
        if (back > 0) add(x.items[p + step]!, x.items[p]!, back * w);
      }
    }
  }
  const alpha = c.sourcePower ?? 0;
  if (alpha > 0) {
    const occurrences = new Float64Array(data.nItems);
    for (const i of x.items) occurrences[i]!++;
    rows.forEach((row, from) => {
      const a = occurrences[from]! ** alpha;
      for (const [to, n] of row) row.set(to, n / a);
    });
  }
  return rows;
}

/**
 * The same counts on large data, each film's row built at once in one dense accumulator from
 * the places the film occurs, and only its `keep` strongest followers kept: memory grows with
 * films × keep instead of with every distinct pair (hundreds of millions at ML-32M), and time
 * with ratings × window. Rows come out ordered as `fit` orders them (count, then index).
 */
export function boundedCounts(
  data: TrainingData,
  c: TransitionsConfig,
  keep: number,
  onRow?: (done: number) => void,
): { offsets: Int32Array; next: Int32Array; counts: Float32Array } {
  const x = data.interactions;
  const n = data.nItems;
  const back = c.backward ?? 0;
  const alpha = c.sourcePower ?? 0;
  const ratings = x.items.length;
  // Where each film occurs (positions into x.items), and whose row each position is.
  const start = new Int32Array(n + 1);
  for (let p = 0; p < ratings; p++) start[x.items[p]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const at = new Int32Array(ratings);
  const owner = new Int32Array(ratings);
  for (let u = 0; u < userCount(x); u++)
    for (let p = x.offsets[u]!; p < x.offsets[u + 1]!; p++) {
      at[fill[x.items[p]!]!++] = p;
      owner[p] = u;
    }
  const acc = new Float32Array(n);
  const touched = new Int32Array(n);
  const offsets = new Int32Array(n + 1);
  const next = new Int32Array(n * Math.min(keep, n));
  const counts = new Float32Array(next.length);
  let written = 0;
  for (let i = 0; i < n; i++) {
    let t = 0;
    const add = (j: number, w: number) => {
      if (acc[j] === 0) touched[t++] = j;
      acc[j]! += w;
    };
    for (let q = start[i]!; q < start[i + 1]!; q++) {
      const p = at[q]!;
      const u = owner[p]!;
      const first = x.offsets[u]!;
      const end = x.offsets[u + 1]!;
      for (let step = 1; step <= c.window; step++) {
        if (p + step < end) add(x.items[p + step]!, 1 / step);
        if (back > 0 && p - step >= first) add(x.items[p - step]!, back / step);
      }
    }
    const scale = alpha > 0 ? 1 / (start[i + 1]! - start[i]!) ** alpha : 1;
    for (const j of topKOf(acc, keep, touched.subarray(0, t))) {
      next[written] = j;
      counts[written++] = acc[j]! * scale;
    }
    offsets[i + 1] = written;
    for (let q = 0; q < t; q++) acc[touched[q]!] = 0;
    if (onRow && (i + 1) % 1000 === 0) onRow(i + 1);
  }
  return { offsets, next: next.slice(0, written), counts: counts.slice(0, written) };
}

/** A kind over these counts: the baseline `transitions`, and `seq-knn` with its settings chosen on validation. */
function transitionsKind(name: string, defaults: TransitionsConfig) {
  return {
    name,
    defaults,
    fit(data: TrainingData, config?: Partial<TransitionsConfig>, hooks?: FitHooks): Recommender {
      const c = { ...this.defaults, ...config };
      if (isLarge(data.interactions, data.scale)) {
        const steps = data.nItems;
        const b = boundedCounts(data, c, scaleLimits(data.scale).maxFollowers, (done) =>
          hooks?.onProgress?.({ stage: "counts per film", step: done, steps }),
        );
        return new Transitions(name, b.offsets, b.next, b.counts, c);
      }
      const rows = pairCounts(data, c);
      const offsets = new Int32Array(data.nItems + 1);
      const next: number[] = [];
      const counts: number[] = [];
      rows.forEach((row, i) => {
        for (const [to, n] of [...row].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
          next.push(to);
          counts.push(n);
        }
        offsets[i + 1] = next.length;
      });
      return new Transitions(name, offsets, Int32Array.from(next), Float32Array.from(counts), c);
    },
    load(artifact: ModelArtifact): Recommender {
      const a = artifact.arrays;
      return new Transitions(name, a.offsets as Int32Array, a.next as Int32Array, a.counts as Float32Array, {
        ...this.defaults,
        ...(artifact.config as Partial<TransitionsConfig>),
      });
    },
  } satisfies ModelKind<TransitionsConfig>;
}

export const transitions = transitionsKind("transitions", { window: 3, lastItems: 5, decay: 0.7 });

/**
 * Sequence neighbours (session-kNN style): what came within 6 steps either way of each of
 * the newest 10 films, "before" at half the weight of "after", counts divided by the source
 * film's occurrences^0.4 so niche films' neighbours get a say. Settings chosen on the
 * validation item (NDCG@10 0.084 against the baseline's 0.069; a plateau of 0.082–0.085 over
 * window 4–6, backward 0.4–0.8, source power 0.3–0.5, last 5–10 films).
 */
export const seqKnn = transitionsKind("seq-knn", {
  window: 6,
  lastItems: 10,
  decay: 0.7,
  backward: 0.5,
  sourcePower: 0.4,
});
