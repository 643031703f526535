import type { ChildProcess } from "node:child_process";
import type { Log } from "../../core/log.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import type { ModelRegistry } from "../../models/registry/registry.ts";
import type { Config } from "../config.ts";
import { type PromotedModel, runRetrainJob, type TrainingProgress } from "./retrain-job.ts";

/** Where a first start's background blend is: training, served, or given up on. */
export type FirstBlendState = "training" | "ready" | "failed";

export interface FirstBlend {
  state(): FirstBlendState;
  /** Settles when the blend is served (true) or training failed or was stopped (false). */
  readonly done: Promise<boolean>;
  /** Stops the training child (the bot is shutting down). */
  stop(): void;
}

export interface FirstBlendOptions {
  log: Log;
  /** Lines for the person at the terminal: what is training, and when it took over. */
  notice?: (line: string) => void;
  /** Told what was promoted and swapped in (a shard tells the other shards). */
  onPromoted?: (models: PromotedModel[]) => void;
}

/**
 * The blend's phases as its fit reports them ("members: ease" 2 of 12, "weights: bucket 3",
 * "refit: ease"): one terminal line per phase, not one per member, so the chat stays readable
 * (the log has every line).
 */
export function phaseLine(p: TrainingProgress): { phase: string; line: string } | undefined {
  const [phase, rest = ""] = p.stage.split(": ");
  if (phase === "weights") return { phase, line: "learning its weights" };
  // "members: ease lambda search" is a member's own sub-stage, counted in the member's steps.
  if (rest.includes(" ")) return undefined;
  if (phase === "members") return { phase, line: `training its ${p.steps} members` };
  if (phase === "refit") return { phase, line: `retraining ${p.steps} members on all the ratings` };
  return undefined;
}

/**
 * A first start serves the quick stand-in at once; this trains the first-start blend in a
 * child process (`matinee retrain --first-start`: CPU-bound for a minute on
 * ml-latest-small, so in the bot's own process it would stall every reply) and, once it is
 * registered and promoted, swaps it into `serving.models` in place: the next reply uses it.
 */
export function startFirstBlend(
  config: Config,
  serving: { models: ServingModels; registry: ModelRegistry },
  options: FirstBlendOptions,
): FirstBlend {
  const { log, notice } = options;
  let state: FirstBlendState = "training";
  let child: ChildProcess | undefined;
  let stopped = false;
  let phase = "";
  const started = performance.now();
  notice?.(
    "First start on this data: answering now with quick picks (item-knn); the full recommender " +
      "trains in the background and takes over when it is ready.",
  );
  log.info({ job: "first-blend" }, "serving item-knn while the first blend trains in the background");
  const done = runRetrainJob(config, {
    log,
    models: ["blend"],
    firstStart: true,
    serving,
    onChild: (c) => {
      child = c;
      if (c && stopped) c.kill("SIGTERM");
    },
    onProgress: (p) => {
      const next = phaseLine(p);
      if (!next || next.phase === phase) return;
      phase = next.phase;
      notice?.(`Full recommender: ${next.line}…`);
    },
    ...(options.onPromoted ? { onPromoted: options.onPromoted } : {}),
  }).then(
    (summary) => {
      const served = summary.models.some((m) => m.name === "blend" && m.promoted);
      state = served ? "ready" : "failed";
      const seconds = Math.round((performance.now() - started) / 1000);
      if (served) notice?.(`Full recommender ready after ${seconds} s: now serving the blend.`);
      else log.warn({ job: "first-blend", models: summary.models }, "the first blend was not promoted");
      return served;
    },
    (error: unknown) => {
      state = "failed";
      if (!stopped)
        log.error(
          { job: "first-blend", err: (error as Error).message },
          "first blend failed; still serving item-knn (run `matinee train`)",
        );
      return false;
    },
  );
  return {
    state: () => state,
    done,
    stop() {
      stopped = true;
      child?.kill("SIGTERM");
    },
  };
}
