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
import { similarFromScores } from "../top-k.ts";

function bits(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The one-line newcomer baseline the reports put beside the chat path: a film scores its
 * genre overlap (Jaccard) with each named film, summed, times log(1 + its rating count).
 * It knows nothing a film's genres and fame do not say, so any model worth serving beats it.
 */
class GenrePop implements Recommender {
  readonly name = "genre-pop";
  constructor(
    /** Item i's genre ids are genres[offsets[i] .. offsets[i+1]-1]. */
    private readonly offsets: Int32Array,
    private readonly genres: Int32Array,
    private readonly logCounts: Float32Array,
  ) {}

  get nItems(): number {
    return this.offsets.length - 1;
  }

  private genresOf(i: number): Int32Array {
    return this.genres.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }

  /** Each film's genres as bits (MovieLens has 20 genres), so an overlap is an AND and a popcount. */
  private masks: Uint32Array | undefined;

  private maskOf(i: number): number {
    if (!this.masks) {
      this.masks = new Uint32Array(this.nItems);
      for (let j = 0; j < this.nItems; j++) for (const g of this.genresOf(j)) this.masks[j]! |= 1 << (g % 32);
    }
    return this.masks[i]!;
  }

  /** Jaccard overlap of two films' genre sets. */
  overlap(a: number, b: number): number {
    const ma = this.maskOf(a);
    const mb = this.maskOf(b);
    const union = bits(ma | mb);
    return union === 0 ? 0 : bits(ma & mb) / union;
  }

  score(history: History): Float32Array {
    const out = new Float32Array(this.nItems);
    history.items.forEach((h, p) => {
      const w = historyWeight(history, p);
      for (let i = 0; i < out.length; i++) out[i]! += w * this.overlap(h, i);
    });
    for (let i = 0; i < out.length; i++) out[i]! *= this.logCounts[i]!;
    return out;
  }

  explain(history: History, item: number): Contribution[] {
    const byItem = new Map<number, number>();
    history.items.forEach((h, p) => {
      const w = historyWeight(history, p) * this.overlap(h, item) * this.logCounts[item]!;
      if (w !== 0) byItem.set(h, (byItem.get(h) ?? 0) + w);
    });
    return contributionsOf(byItem);
  }

  similar(item: number, k: number): Scored[] {
    return similarFromScores(this.score({ items: [item] }), item, k);
  }

  toArtifact(): ModelArtifact {
    return {
      model: this.name,
      config: {},
      arrays: { offsets: this.offsets, genres: this.genres, logCounts: this.logCounts },
    };
  }
}

export const genrePop = {
  name: "genre-pop",
  defaults: {},
  fit(data: TrainingData): Recommender {
    const ids = new Map<string, number>();
    const offsets = new Int32Array(data.nItems + 1);
    const genres: number[] = [];
    for (let i = 0; i < data.nItems; i++) {
      for (const g of data.movies?.[i]?.genres ?? []) {
        if (!ids.has(g)) ids.set(g, ids.size);
        genres.push(ids.get(g)!);
      }
      offsets[i + 1] = genres.length;
    }
    const logCounts = new Float32Array(data.nItems);
    for (const item of data.interactions.items) logCounts[item]! += 1;
    for (let i = 0; i < logCounts.length; i++) logCounts[i] = Math.log1p(logCounts[i]!);
    return new GenrePop(offsets, Int32Array.from(genres), logCounts);
  },
  load(artifact: ModelArtifact): Recommender {
    const a = artifact.arrays;
    return new GenrePop(a.offsets as Int32Array, a.genres as Int32Array, a.logCounts as Float32Array);
  },
} satisfies ModelKind<Record<string, never>>;
