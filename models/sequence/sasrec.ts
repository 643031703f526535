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
import { contributionsOf, historyWeight } from "../recommender.ts";
import { sampledData, scaleLimits } from "../scale.ts";
import { topK } from "../top-k.ts";
import { scoreAll, sequenceState } from "./forward.ts";
import { rankedMask } from "./output-set.ts";
import { type TrainConfig, trainSasrec } from "./train.ts";
import { type SasrecWeights, weightsFromArrays, weightsToArrays } from "./weights.ts";

export interface SasrecConfig extends TrainConfig, Record<string, unknown> {}

/** What a fit did, kept in the artifact config so the registry manifest records it. */
interface FitReport {
  backend: string;
  trainedEpochs: number;
  /** Threads the fit ended on: 1 when the helper could not start or failed. */
  trainedThreads: number;
  /** The softmax it trained with: full, or sampled above `fullSoftmaxUpTo` films. */
  trainedSoftmax: "full" | "sampled";
  /** Training windows an epoch, after `windowsPerUser`. */
  trainedWindows: number;
  fitSeconds: number;
}

/**
 * SASRec: a causal transformer over a person's films in the order they came, trained to
 * predict the next one. Scoring runs in plain TypeScript from the exported weights (no
 * tfjs at serving time). Only liked films (weight > 0) enter the sequence, in order;
 * dislikes are left out rather than pushed down, because the model never saw a dislike
 * during training and a disliked film's neighbours are filtered by the chat path anyway.
 */
export class SasrecModel implements Recommender {
  readonly name = "sasrec";
  private norms: Float32Array | undefined;

  /** 1 for the films the softmax ranked in training (all when `outputs` is undefined). */
  private readonly ranked: Uint8Array;

  constructor(
    readonly weights: SasrecWeights,
    private readonly config: SasrecConfig & Partial<FitReport>,
    /** The films the softmax ranked in training; the others score last. */
    private readonly outputs?: Int32Array,
  ) {
    this.ranked = rankedMask(outputs, this.nItems);
  }

  get nItems(): number {
    return this.weights.items.length / this.weights.dim;
  }

  private liked(history: History): number[] {
    return history.items.filter((i, p) => historyWeight(history, p) > 0 && i >= 0 && i < this.nItems);
  }

  score(history: History): Float32Array {
    const items = this.liked(history);
    if (items.length === 0) return new Float32Array(this.nItems);
    return scoreAll(this.weights, sequenceState(this.weights, items), this.outputs);
  }

  /**
   * Leave-one-out: how much `item`'s score drops when each film is taken out of the
   * sequence. The transformer is not a sum over films, so this is the honest attribution.
   */
  explain(history: History, item: number): Contribution[] {
    const items = this.liked(history).slice(-this.weights.maxLen);
    // A film the model never learned to rank gets its floor score, not a share of it.
    if (items.length === 0 || this.ranked[item] === 0) return [];
    const d = this.weights.dim;
    const e = this.weights.items.subarray(item * d, (item + 1) * d);
    const dot = (state: Float32Array) => state.reduce((s, x, i) => s + x * e[i]!, 0);
    const full = dot(sequenceState(this.weights, items));
    const byItem = new Map<number, number>();
    items.forEach((film, p) => {
      const without = items.filter((_, q) => q !== p);
      const drop = full - (without.length ? dot(sequenceState(this.weights, without)) : 0);
      byItem.set(film, Math.max(byItem.get(film) ?? Number.NEGATIVE_INFINITY, drop));
    });
    return contributionsOf(byItem);
  }

  similar(item: number, k: number): Scored[] {
    const d = this.weights.dim;
    const e = this.weights.items;
    if (!this.norms) {
      this.norms = new Float32Array(this.nItems);
      for (let j = 0; j < this.nItems; j++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += e[j * d + i]! ** 2;
        this.norms[j] = Math.sqrt(s);
      }
    }
    const norms = this.norms;
    const cosine = new Float32Array(this.nItems);
    const self = norms[item]!;
    if (self === 0) return [];
    for (let j = 0; j < this.nItems; j++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += e[j * d + i]! * e[item * d + i]!;
      cosine[j] = norms[j]! > 0 ? s / (norms[j]! * self) : 0;
    }
    return topK(cosine, k, (j) => j !== item && this.ranked[j] === 1).map((j) => ({
      item: j,
      score: cosine[j]!,
    }));
  }

  toArtifact(): ModelArtifact {
    const arrays: ModelArtifact["arrays"] = weightsToArrays(this.weights);
    if (this.outputs) arrays.outputs = this.outputs;
    return { model: this.name, config: this.config, arrays };
  }
}

const defaults: SasrecConfig = {
  dim: 64,
  blocks: 2,
  maxLen: 20,
  windowsPerUser: 200,
  dropout: 0.2,
  learningRate: 0.002,
  embeddingLearningRate: 0.01,
  teacherShare: 0.6,
  teacherTop: 50,
  outputMinCount: 3,
  batchSize: 64,
  threads: 2,
  epochs: 10,
  patience: 3,
  negatives: 1024,
  fullSoftmaxUpTo: 20_000,
  validationUsers: 10_000,
  uniformShare: 0.5,
  negativePower: 1,
  averageDecay: 0.99,
  userWeightPower: 0.5,
  seed: 1,
};

/** Settings newer than some saved models, at the value those models were trained with. */
const settingsAddedLater: Partial<SasrecConfig> = {
  userWeightPower: 0,
  // Before the switch, negatives > 0 meant the sampled softmax at any size.
  fullSoftmaxUpTo: 0,
  validationUsers: 1_000_000,
};

export const sasrec = {
  name: "sasrec",
  defaults,
  async fit(data: TrainingData, config?: Partial<SasrecConfig>, hooks?: FitHooks): Promise<Recommender> {
    const given: SasrecConfig = { ...this.defaults, ...config };
    // At size, a sample of people and a few epochs: an epoch over all of ML-32M is hours.
    const limits = scaleLimits(data.scale);
    const sampled = sampledData(data, limits.sasrecRatings);
    const c = sampled === data ? given : { ...given, epochs: Math.min(given.epochs, limits.sasrecEpochs) };
    if (sampled !== data)
      hooks?.log?.info(
        { ratings: sampled.interactions.items.length, of: data.interactions.items.length, epochs: c.epochs },
        "sasrec: trained on a sample of users",
      );
    const outcome = await trainSasrec(sampled, c, hooks);
    const report: FitReport = {
      backend: outcome.backend,
      trainedEpochs: outcome.epochs,
      trainedThreads: outcome.threads,
      trainedSoftmax: outcome.softmax,
      trainedWindows: outcome.windows,
      fitSeconds: Math.round(outcome.seconds * 10) / 10,
    };
    return new SasrecModel(outcome.weights, { ...c, ...report }, outcome.outputs);
  },
  load(artifact: ModelArtifact): Recommender {
    // A fit stores its whole config; a setting it lacks came after it, and was then off (so
    // that reports of an older model do not claim it).
    const c = { ...this.defaults, ...settingsAddedLater, ...artifact.config } as SasrecConfig &
      Partial<FitReport>;
    const outputs = artifact.arrays.outputs;
    if (outputs !== undefined && !(outputs instanceof Int32Array))
      throw new Error('sasrec artifact\'s "outputs" is not an integer array');
    return new SasrecModel(weightsFromArrays(artifact.arrays, c.dim, c.maxLen, c.blocks), c, outputs);
  },
} satisfies ModelKind<SasrecConfig>;
