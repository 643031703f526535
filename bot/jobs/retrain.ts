import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import { feedbackOf, withFeedback } from "../../data/feedback.ts";
import { BOOTSTRAP_TERMS } from "../../models/blend/blend.ts";
import { MODEL_KINDS, SERVING_MODELS } from "../../models/kinds.ts";
import type { FitProgress } from "../../models/recommender.ts";
import { trainAndRegister } from "../../models/training.ts";
import { chatCasesFor, loadData, registryFor } from "../app.ts";
import { type CommonOptions, loadOptions, printJson, setup, withData } from "../commands/shared.ts";
import type { Config } from "../config.ts";
import { readStoreDocument } from "../store/read-document.ts";

export interface RetrainedModel {
  name: string;
  version: string;
  promoted: boolean;
  reason: string;
  metrics: Record<string, number>;
  trainSeconds: number;
}

export interface RetrainSummary {
  dataset: string;
  /** Chat users and their likes/dislikes that joined the MovieLens ratings. */
  feedback: { users: number; ratings: number };
  models: RetrainedModel[];
}

/** One log line per stage and per tenth of it: progress readable in the logs, not a flood. */
function progressLog(model: string, log: Log) {
  let stage = "";
  let lastTenth = -1;
  return (p: FitProgress) => {
    const tenth = p.steps > 0 ? Math.floor((10 * p.step) / p.steps) : 0;
    if (p.stage === stage && tenth === lastTenth) return;
    stage = p.stage;
    lastTenth = tenth;
    log.info({ model, stage: p.stage, step: p.step, steps: p.steps, ...p.values }, "training progress");
  };
}

/**
 * Retrains models on MovieLens plus the likes and dislikes in the store, each validated
 * and promoted only when it beats the served version (`trainAndRegister` with validate).
 * Runs in its own process when scheduled (bot/jobs/retrain-job.ts), so chat never waits.
 * With `firstStart`, the recipe a first start serves: no validation pass (nothing is served
 * to beat, and it would double the wait) and the blend without its slow members.
 */
export async function retrain(
  config: Config,
  models: readonly string[],
  log: Log,
  options: { firstStart?: boolean } = {},
): Promise<RetrainSummary> {
  for (const n of models)
    if (!MODEL_KINDS[n])
      throw new UserFacingError(`Unknown model "${n}". Known: ${Object.keys(MODEL_KINDS).join(", ")}.`);
  const { gold } = await loadData(config, loadOptions(log));
  const merged = withFeedback(gold, feedbackOf(await readStoreDocument(config, log)));
  log.info(
    { users: merged.users, ratings: merged.ratings, store: config.storePath },
    "retraining with the bot's feedback",
  );
  const registry = registryFor(config);
  const chatCases = models.includes("blend") ? await chatCasesFor(config, gold) : undefined;
  const results: RetrainedModel[] = [];
  for (const name of models) {
    const r = await trainAndRegister(MODEL_KINDS[name]!, merged.gold, registry, {
      validate: !options.firstStart,
      log,
      ...(options.firstStart && name === "blend" ? { config: { terms: BOOTSTRAP_TERMS } } : {}),
      hooks: { onProgress: progressLog(name, log) },
      ...(chatCases ? { chatCases } : {}),
    });
    const { version, metrics, trainSeconds } = r.manifest;
    results.push({ name, version, promoted: r.promoted, reason: r.reason, metrics, trainSeconds });
  }
  return {
    dataset: merged.gold.dataset,
    feedback: { users: merged.users, ratings: merged.ratings },
    models: results,
  };
}

export function registerRetrain(program: Command): void {
  withData(program.command("retrain"))
    .description(
      "retrain on MovieLens plus the likes and dislikes people gave the bot; promote only what validates better",
    )
    .option("--model <names...>", `models to train (default: ${SERVING_MODELS.join(", ")})`)
    .option("--json", "print one JSON document")
    .option("--first-start", "train as a first start does: no validation pass, the blend's quick members")
    .action(async (options: CommonOptions & { model?: string[]; firstStart?: boolean }) => {
      const { config, log } = setup(options);
      const summary = await retrain(config, options.model ?? [...SERVING_MODELS], log, {
        firstStart: Boolean(options.firstStart),
      });
      if (options.json) printJson(summary);
      else {
        process.stdout.write(
          `Feedback: ${summary.feedback.users} chat users, ${summary.feedback.ratings} likes and dislikes\n`,
        );
        for (const m of summary.models) {
          const ndcg = m.metrics["ndcg@10"]?.toFixed(4) ?? "n/a";
          process.stdout.write(
            `${m.name} ${m.version}: validation NDCG@10 ${ndcg}, ${m.promoted ? "promoted" : "kept out"} (${m.reason})\n`,
          );
        }
      }
    });
}
