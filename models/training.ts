import type { Log } from "../core/log.ts";
import type { Gold } from "../data/gold.ts";
import { evaluateRanking, ratedItems } from "./evaluate/leave-last-out.ts";
import { leaveLastOut } from "./evaluate/split.ts";
import type { ChatCase, FitHooks, ModelKind, Recommender, TrainingData } from "./recommender.ts";
import type { ModelManifest, ModelRegistry } from "./registry/registry.ts";

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
  },
): Promise<TrainResult> {
  const nItems = gold.movies.length;
  const extra: Partial<TrainingData> = {
    movies: gold.movies,
    ...(options.chatCases ? { chatCases: options.chatCases } : {}),
  };
  const hooks: FitHooks = { ...options.hooks, log: options.log };
  const metrics: Record<string, number> = {};
  let finalConfig = options.config;
  if (options.validate) {
    const split = leaveLastOut(gold.interactions);
    const candidate = await kind.fit(
      { nItems, interactions: split.train, validation: split.validation, ...extra },
      options.config,
      hooks,
    );
    const m = evaluateRanking(
      candidate,
      split.train,
      split.validation,
      ratedItems(gold.interactions, nItems),
    );
    for (const [k, v] of Object.entries(m)) if (k !== "users") metrics[`validation.${k}`] = v;
    metrics[PROMOTION_METRIC] = m[PROMOTION_METRIC];
    finalConfig = { ...finalConfig, ...settledEpochs(candidate) };
  }
  const started = performance.now();
  const model = await kind.fit({ nItems, interactions: gold.interactions, ...extra }, finalConfig, hooks);
  const trainSeconds = (performance.now() - started) / 1000;
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
