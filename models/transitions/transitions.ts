import { userCount } from "../../data/gold.ts";
import {
  type Contribution,
  contributionsOf,
  type History,
  historyWeight,
  type ModelArtifact,
  type ModelKind,
  type Recommender,
  type Scored,
  type TrainingData,
} from "../recommender.ts";
import { topKOf } from "../top-k.ts";

export interface TransitionsConfig extends Record<string, unknown> {
  /** What followed a film within this many steps counts, weighted 1/step. */
  window: number;
  /** How many of the newest films of a history vote. */
  lastItems: number;
  /** Each older voter counts `decay` times the next newer one. */
  decay: number;
}

/**
 * What people watched next: item-to-item counts of what followed what within a few steps,
 * weighted 1/step. A history scores an item by the counts from its newest films, decayed by
 * age, so each term of the sum names the film that led there ("because you just liked X").
 */
class Transitions implements Recommender {
  readonly name = "transitions";
  constructor(
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

export const transitions = {
  name: "transitions",
  defaults: { window: 3, lastItems: 5, decay: 0.7 },
  fit(data: TrainingData, config?: Partial<TransitionsConfig>): Recommender {
    const c = { ...this.defaults, ...config };
    const x = data.interactions;
    const rows: Map<number, number>[] = Array.from({ length: data.nItems }, () => new Map());
    for (let u = 0; u < userCount(x); u++) {
      const end = x.offsets[u + 1]!;
      for (let p = x.offsets[u]!; p < end; p++) {
        const row = rows[x.items[p]!]!;
        for (let step = 1; step <= c.window && p + step < end; step++) {
          const to = x.items[p + step]!;
          row.set(to, (row.get(to) ?? 0) + 1 / step);
        }
      }
    }
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
    return new Transitions(offsets, Int32Array.from(next), Float32Array.from(counts), c);
  },
  load(artifact: ModelArtifact): Recommender {
    const a = artifact.arrays;
    return new Transitions(a.offsets as Int32Array, a.next as Int32Array, a.counts as Float32Array, {
      ...this.defaults,
      ...(artifact.config as Partial<TransitionsConfig>),
    });
  },
} satisfies ModelKind<TransitionsConfig>;
