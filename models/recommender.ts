import type { Log } from "../core/log.ts";
import type { Movie } from "../core/movie.ts";
import type { Interactions } from "../data/gold.ts";
import type { ScaleLimits } from "./scale.ts";

/**
 * What a person has told us, as item indices in time order (oldest first). Weights say
 * how much each film counts: 1 for a like, negative for a dislike, fractions for decay.
 */
export interface History {
  items: readonly number[];
  weights?: readonly number[];
}

export interface Scored {
  item: number;
  score: number;
}

/** How much one film of the history added to an item's score. */
export interface Contribution {
  item: number;
  weight: number;
}

/** Per-film shares summed into a map, as `explain` returns them: positive ones, largest first. */
export function contributionsOf(byItem: ReadonlyMap<number, number>): Contribution[] {
  return [...byItem]
    .map(([item, weight]) => ({ item, weight }))
    .filter((c) => c.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.item - b.item);
}

/**
 * The one interface every model implements (see STYLE.md, after implicit's): the chat,
 * the evaluator and batch mode only ever call these methods, so a new model is one file.
 */
export interface Recommender {
  readonly name: string;
  readonly nItems: number;
  /** A score for every item of the catalogue; higher is better. Fold-in: any history works. */
  score(history: History): Float32Array;
  /**
   * score() into the caller's buffer (nItems long, every entry written): a blend keeps one
   * buffer per member across chat turns instead of a new vector per member and turn.
   */
  scoreInto?(history: History, out: Float32Array): void;
  /** The history items that made `item` score high, largest first; [] if the model has no such terms. */
  explain(history: History, item: number): Contribution[];
  /** Items most like `item` by this model, best first, `item` itself excluded. */
  similar(item: number, k: number): Scored[];
  /**
   * How alike two films are by what they are about, 0 (nothing shared) to 1 (the same), for
   * models that know (content): whether the films a person named share a theme.
   */
  relatedness?(a: number, b: number): number;
  /** Everything needed to rebuild the model without training: arrays and config. */
  toArtifact(): ModelArtifact;
}

export interface ModelArtifact {
  model: string;
  config: Record<string, unknown>;
  arrays: Record<string, Float32Array | Int32Array>;
}

/** What a model learns from: the gold interactions (or a training split of them). */
export interface TrainingData {
  nItems: number;
  interactions: Interactions;
  /**
   * Per user, a held-out item index (-1 for none) that a model may use for early stopping
   * or to learn weights. Never the test item: callers pass the validation item, or nothing.
   */
  validation?: Int32Array;
  /** Film metadata in item order, for models that read what a film is about (content). */
  movies?: readonly Movie[];
  /**
   * Chat-like cases (films a stranger named and liked → films they then liked), as item
   * indices: the blend learns its short-history weights on them. Never evaluation cases.
   */
  chatCases?: readonly ChatCase[];
  /**
   * Models already trained on exactly these interactions by their own recipe, by kind name:
   * a blend takes them as members instead of training them again (the evaluator's reuse).
   */
  fitted?: ReadonlyMap<string, Recommender>;
  /**
   * Where the recipe changes at size (models/scale.ts); unset: the defaults, under which
   * ml-latest-small and ML-1M train as they always did.
   */
  scale?: Partial<ScaleLimits>;
}

export interface ChatCase {
  likes: readonly number[];
  targets: readonly number[];
  /**
   * Where the case came from ("dialogues", "personas"): when the blend learns, each source
   * counts alike, however many cases it has, so neither the many dialogues' quirks nor a
   * handful of hand-made tastes decide alone. Unset: "dialogues".
   */
  source?: string;
}

/** Progress of a long fit, for progress bars and logs. */
export interface FitProgress {
  stage: string;
  step: number;
  steps: number;
  /** e.g. loss, validation NDCG@10. */
  values?: Record<string, number>;
}

export interface FitHooks {
  onProgress?: (progress: FitProgress) => void;
  /** Where a fit reports what the progress bar does not (a fallback it took). */
  log?: Log;
}

/** Trains a model, or rebuilds a saved one. */
export interface ModelKind<C extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  defaults: C;
  /** Synchronous for cheap models; async where training yields to the event loop (tfjs). */
  fit(data: TrainingData, config?: Partial<C>, hooks?: FitHooks): Recommender | Promise<Recommender>;
  load(artifact: ModelArtifact): Recommender;
}

export function historyWeight(history: History, position: number): number {
  return history.weights?.[position] ?? 1;
}

/** A history's weights with the newest film at full weight and each older one `decay` times less. */
export function withRecency(history: History, decay: number): History {
  const n = history.items.length;
  if (decay === 1) return history;
  return {
    items: history.items,
    weights: history.items.map((_, p) => historyWeight(history, p) * decay ** (n - 1 - p)),
  };
}

/**
 * Scores one history so that a model builds its lazy caches (EASE's K⁻¹X: about a second
 * across the blend's members) before it serves, not during the first person's reply.
 */
export function warmedUp<T extends Recommender>(model: T): T {
  if (model.nItems > 0) model.score({ items: [0] });
  return model;
}
