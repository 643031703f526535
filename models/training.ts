import type { Log } from "../core/log.ts";
import type { Gold } from "../data/gold.ts";
import { evaluateRanking, ratedItems } from "./evaluate/leave-last-out.ts";
import { leaveLastOut } from "./evaluate/split.ts";
import type { ChatCase, FitHooks, ModelKind, Recommender, TrainingData } from "./recommender.ts";
import type { ModelManifest, ModelRegistry } from "./registry/registry.ts";
import { isLarge, type ScaleLimits, sampledUsers, targetsOf } from "./scale.ts";

export const PROMOTION_METRIC = "ndcg@10";

export interface TrainResult {
  model: Recommender;
  manifest: ModelManifest;
  promoted: boolean;
  reason: string;
}

/**
 * A model that stopped early on validation (it reports `trainedEpochs`) learns from all
 * the data for that many epochs: the final fit has no validation item to stop on.
 */
function settledEpochs(model: Recommender): { epochs: number } | Record<string, never> {
  const epochs = model.toArtifact().config.trainedEpochs;
  return typeof epochs === "number" && epochs > 0 ? { epochs } : {};
}

/**
 * Trains one model for serving and registers it. With `validate`, the recipe is first
 * trained on the training split and scored on each user's validation item (never the
 * test item); that figure decides promotion. The served model then learns from all data.
 */
export async function trainAndRegister(
  kind: ModelKind,
  gold: Gold,
  registry: ModelRegistry,
  options: {
    validate: boolean;
    log: Log;
    config?: Record<string, unknown>;
    hooks?: FitHooks;
    /** Chat-like cases the blend learns its short-history weights on (item indices). */
    chatCases?: readonly ChatCase[];
    /** Where the recipe changes at size (models/scale.ts); unset: the defaults. */
    scale?: Partial<ScaleLimits>;
  },
): Promise<TrainResult> {
  const nItems = gold.movies.length;
  const extra: Partial<TrainingData> = {
    movies: gold.movies,
    ...(options.chatCases ? { chatCases: options.chatCases } : {}),
    ...(options.scale ? { scale: options.scale } : {}),
  };
  const hooks: FitHooks = { ...options.hooks, log: options.log };
  const metrics: Record<string, number> = {};
  let finalConfig = options.config;
  let validated: { model: Recommender; seconds: number } | undefined;
  if (options.validate) {
    const split = leaveLastOut(gold.interactions);
    const fitStarted = performance.now();
    const candidate = await kind.fit(
      { nItems, interactions: split.train, validation: split.validation, ...extra },
      options.config,
      hooks,
    );
    validated = { model: candidate, seconds: (performance.now() - fitStarted) / 1000 };
    // On large data the validation figure is the mean over a seeded sample of users.
    const sample = sampledUsers(split.train, options.scale);
    hooks.onProgress?.({ stage: "validation", step: 0, steps: 1 });
    const m = evaluateRanking(
      candidate,
      split.train,
      targetsOf(split.validation, sample),
      ratedItems(gold.interactions, nItems),
    );
    hooks.onProgress?.({ stage: "validation", step: 1, steps: 1, values: { "ndcg@10": m["ndcg@10"] } });
    for (const [k, v] of Object.entries(m)) if (k !== "users") metrics[`validation.${k}`] = v;
    metrics[PROMOTION_METRIC] = m[PROMOTION_METRIC];
    finalConfig = { ...finalConfig, ...settledEpochs(candidate) };
  }
  // On large data the validated model serves: its fit missed each user's newest two films
  // (1.3% of ML-32M's ratings), and fitting again on all of them would double the hour.
  const large = isLarge(gold.interactions, options.scale);
  const started = performance.now();
  const model =
    large && validated
      ? validated.model
      : await kind.fit({ nItems, interactions: gold.interactions, ...extra }, finalConfig, hooks);
  const trainSeconds = large && validated ? validated.seconds : (performance.now() - started) / 1000;
  const manifest = await registry.save(model, {
    dataset: gold.dataset,
    dataHash: gold.dataHash,
    metrics,
    trainSeconds,
  });
  const { promoted, reason } = await registry.promoteIfBetter(manifest, PROMOTION_METRIC);
  options.log.info(
    { model: kind.name, version: manifest.version, trainSeconds, metrics, promoted, reason },
    "model trained",
  );
  return { model, manifest, promoted, reason };
}
