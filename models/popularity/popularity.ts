import type { ModelArtifact, ModelKind, Recommender, Scored, TrainingData } from "../recommender.ts";
import { topK } from "../top-k.ts";

export interface PopularityConfig extends Record<string, unknown> {
  /** Only count ratings in the last `windowDays` of the data; 0 counts all time. */
  windowDays: number;
}

class Popularity implements Recommender {
  readonly name = "popularity";
  constructor(
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

export const popularity = {
  name: "popularity",
  defaults: { windowDays: 0 },
  fit(data: TrainingData, config?: Partial<PopularityConfig>): Recommender {
    const c = { ...this.defaults, ...config };
    const { items, timestamps } = data.interactions;
    let latest = Number.NEGATIVE_INFINITY;
    for (const t of timestamps) if (t > latest) latest = t;
    const since = c.windowDays > 0 ? latest - c.windowDays * 86_400 : Number.NEGATIVE_INFINITY;
    const counts = new Float32Array(data.nItems);
    for (let k = 0; k < items.length; k++) if (timestamps[k]! >= since) counts[items[k]!]! += 1;
    return new Popularity(counts, c);
  },
  load(artifact: ModelArtifact): Recommender {
    return new Popularity(artifact.arrays.counts as Float32Array, { ...this.defaults, ...artifact.config });
  },
} satisfies ModelKind<PopularityConfig>;
