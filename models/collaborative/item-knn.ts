import { bipartite } from "../bipartite.ts";
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
import { topKOf } from "../top-k.ts";

export interface ItemKnnConfig extends Record<string, unknown> {
  /** Neighbours kept per item: the model's size and the reach of one liked film. */
  neighbours: number;
  /** Added to the cosine denominator; damps similarities resting on very few users. */
  shrinkage: number;
}

/**
 * Item-to-item cosine similarity over who rated what, pruned to each item's nearest
 * neighbours. A history scores an item by the summed similarity of its films to it, so
 * the largest term of that sum is the true "because you liked X".
 */
class ItemKnn implements Recommender {
  readonly name = "item-knn";
  constructor(
    /** Row-compressed neighbour lists: item i's neighbours are offsets[i] .. offsets[i+1]-1. */
    private readonly offsets: Int32Array,
    private readonly neighbours: Int32Array,
    private readonly sims: Float32Array,
    private readonly config: ItemKnnConfig,
  ) {}

  get nItems(): number {
    return this.offsets.length - 1;
  }

  score(history: History): Float32Array {
    const scores = new Float32Array(this.nItems);
    this.scoreInto(history, scores);
    return scores;
  }

  scoreInto(history: History, scores: Float32Array): void {
    scores.fill(0);
    history.items.forEach((i, p) => {
      const w = historyWeight(history, p);
      for (let k = this.offsets[i]!; k < this.offsets[i + 1]!; k++)
        scores[this.neighbours[k]!]! += w * this.sims[k]!;
    });
  }

  similarity(a: number, b: number): number {
    for (let k = this.offsets[a]!; k < this.offsets[a + 1]!; k++)
      if (this.neighbours[k] === b) return this.sims[k]!;
    return 0;
  }

  explain(history: History, item: number): Contribution[] {
    const byItem = new Map<number, number>();
    history.items.forEach((i, p) => {
      const w = historyWeight(history, p) * this.similarity(i, item);
      if (w !== 0) byItem.set(i, (byItem.get(i) ?? 0) + w);
    });
    return contributionsOf(byItem);
  }

  similar(item: number, k: number): Scored[] {
    const out: Scored[] = [];
    for (let p = this.offsets[item]!; p < this.offsets[item + 1]! && out.length < k; p++) {
      out.push({ item: this.neighbours[p]!, score: this.sims[p]! });
    }
    return out;
  }

  toArtifact(): ModelArtifact {
    return {
      model: this.name,
      config: this.config,
      arrays: { offsets: this.offsets, neighbours: this.neighbours, sims: this.sims },
    };
  }
}

export const itemKnn = {
  name: "item-knn",
  defaults: { neighbours: 200, shrinkage: 0 },
  fit(data: TrainingData, config?: Partial<ItemKnnConfig>, hooks?: FitHooks): Recommender {
    const c = { ...this.defaults, ...config };
    const g = bipartite(data);
    const n = data.nItems;
    const acc = new Float32Array(n);
    const touched = new Int32Array(n);
    const offsets = new Int32Array(n + 1);
    const neighbours: number[] = [];
    const sims: number[] = [];
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let a = g.itemOffsets[i]!; a < g.itemOffsets[i + 1]!; a++) {
        const u = g.itemUsers[a]!;
        for (let b = g.userOffsets[u]!; b < g.userOffsets[u + 1]!; b++) {
          const j = g.userItems[b]!;
          if (j === i) continue;
          if (acc[j] === 0) touched[t++] = j;
          acc[j]! += 1;
        }
      }
      const ni = g.itemUsersCount[i]!;
      for (let q = 0; q < t; q++) {
        const j = touched[q]!;
        acc[j] = acc[j]! / (Math.sqrt(ni * g.itemUsersCount[j]!) + c.shrinkage);
      }
      for (const j of topKOf(acc, c.neighbours, touched.subarray(0, t))) {
        neighbours.push(j);
        sims.push(acc[j]!);
      }
      offsets[i + 1] = neighbours.length;
      for (let q = 0; q < t; q++) acc[touched[q]!] = 0;
      if ((i + 1) % 1000 === 0) hooks?.onProgress?.({ stage: "neighbours per film", step: i + 1, steps: n });
    }
    return new ItemKnn(offsets, Int32Array.from(neighbours), Float32Array.from(sims), c);
  },
  load(artifact: ModelArtifact): Recommender {
    const a = artifact.arrays;
    return new ItemKnn(a.offsets as Int32Array, a.neighbours as Int32Array, a.sims as Float32Array, {
      ...this.defaults,
      ...artifact.config,
    });
  },
} satisfies ModelKind<ItemKnnConfig>;
