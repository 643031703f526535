import type { ModelArtifact, ModelKind, Recommender, Scored, TrainingData } from "../recommender.ts";
import { topK } from "../top-k.ts";

export interface PopularityConfig extends Record<string, unknown> {
  /** Only count ratings in the last `windowDays` of the data; 0 counts all time. */
  windowDays: number;
  /** Only count ratings of at least this (0: every rating): "loved by many", not "seen by many". */
  minRating: number;
}

class Popularity implements Recommender {
  constructor(
    readonly name: string,
    private readonly counts: Float32Array,
    private readonly config: PopularityConfig,
  ) {}

  get nItems(): number {
    return this.counts.length;
  }

  score(): Float32Array {
    return this.counts.slice();
  }

  explain(): [] {
    return [];
  }

  similar(item: number, k: number): Scored[] {
    return topK(this.counts, k, (i) => i !== item).map((i) => ({ item: i, score: this.counts[i]! }));
  }

  toArtifact(): ModelArtifact {
    return { model: this.name, config: this.config, arrays: { counts: this.counts } };
  }
}

function popularityKind(name: string, defaults: PopularityConfig) {
  return {
    name,
    defaults,
    fit(data: TrainingData, config?: Partial<PopularityConfig>): Recommender {
      const c = { ...defaults, ...config };
      const { items, timestamps, ratings } = data.interactions;
      let latest = Number.NEGATIVE_INFINITY;
      for (const t of timestamps) if (t > latest) latest = t;
      const since = c.windowDays > 0 ? latest - c.windowDays * 86_400 : Number.NEGATIVE_INFINITY;
      const counts = new Float32Array(data.nItems);
      for (let k = 0; k < items.length; k++)
        if (timestamps[k]! >= since && ratings[k]! >= c.minRating) counts[items[k]!]! += 1;
      return new Popularity(name, counts, c);
    },
    load(artifact: ModelArtifact): Recommender {
      return new Popularity(name, artifact.arrays.counts as Float32Array, {
        ...defaults,
        ...artifact.config,
      });
    },
  } satisfies ModelKind<PopularityConfig>;
}

export const popularity = popularityKind("popularity", { windowDays: 0, minRating: 0 });
/** How many people rated a film 4 or more: the prior a newcomer's list leans on. */
export const lovedPopularity = popularityKind("loved-popularity", { windowDays: 0, minRating: 4 });
