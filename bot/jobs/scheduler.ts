import type { ChildProcess } from "node:child_process";
import { type ScheduledTask, schedule } from "node-cron";
import type { Catalogue } from "../../core/catalogue.ts";
import type { Log } from "../../core/log.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import type { RefreshResult, TmdbArtwork } from "../../data/tmdb-api/artwork.ts";
import type { ModelRegistry } from "../../models/registry/registry.ts";
import type { Config } from "../config.ts";
import { type PromotedModel, runRetrainJob } from "./retrain-job.ts";

/** Popular films whose posters the refresh fetches ahead of time, if the metadata lacks them. */
export const PREFETCH_POPULAR = 500;

export interface JobDeps {
  /** The running bot's models and registry: a promoted retrain is swapped in without a restart. */
  models?: ServingModels;
  registry?: ModelRegistry;
  /** For the poster refresh; absent without TMDB_API_KEY. */
  artwork?: TmdbArtwork;
  catalogue?: Catalogue;
  /** Models the retrain trains (default: the serving ones). */
  retrainModels?: readonly string[];
  /** Told what a retrain promoted, once swapped in here. */
  onPromoted?: (models: PromotedModel[]) => void;
}

export interface Jobs {
  /** The jobs that were scheduled, by name. */
  readonly names: string[];
  /** Stops the schedule, and a retrain that is running. */
  stop(): Promise<void>;
}

/** The most rated films first: what people are most likely to be shown. */
function popularIds(catalogue: Catalogue, n: number): number[] {
  return catalogue.movies
    .map((m) => m.movieId)
    .sort((a, b) => catalogue.popularity(b) - catalogue.popularity(a))
    .slice(0, n);
}

export async function runPosterRefresh(
  artwork: TmdbArtwork,
  catalogue: Catalogue | undefined,
  log: Log,
): Promise<RefreshResult> {
  const started = performance.now();
  log.info({ job: "poster-refresh" }, "poster refresh started");
  const result = await artwork.refresh(catalogue ? popularIds(catalogue, PREFETCH_POPULAR) : []);
  log.info(
    { job: "poster-refresh", ...result, seconds: Math.round((performance.now() - started) / 100) / 10 },
    "poster refresh finished",
  );
  return result;
}

/** node-cron's own messages (missed runs, overlaps) into our log. */
function cronLogger(log: Log) {
  const text = (m: string | Error) => (typeof m === "string" ? m : m.message);
  return {
    info: (m: string) => log.debug({ job: "cron" }, m),
    warn: (m: string) => log.warn({ job: "cron" }, m),
    error: (m: string | Error) => log.error({ job: "cron" }, text(m)),
    debug: (m: string | Error) => log.debug({ job: "cron" }, text(m)),
  };
}

/**
 * Starts the scheduled jobs the config turns on (MATINEE_RETRAIN_CRON,
 * MATINEE_POSTER_REFRESH_CRON; each off when unset). A run never overlaps the previous
 * one of the same job, and a failed run is logged, not thrown: the bot keeps serving.
 */
export function startJobs(config: Config, deps: JobDeps, log: Log): Jobs {
  const tasks: ScheduledTask[] = [];
  let child: ChildProcess | undefined;
  const logger = cronLogger(log);

  const add = (name: string, expression: string, run: () => Promise<unknown>) => {
    const task = schedule(
      expression,
      async () => {
        try {
          await run();
        } catch (error) {
          log.error({ job: name, err: (error as Error).message }, `${name} failed`);
        }
      },
      { name, noOverlap: true, logger },
    );
    tasks.push(task);
    log.info({ job: name, cron: expression, next: task.getNextRun()?.toISOString() }, "job scheduled");
  };

  if (config.retrainCron) {
    add("retrain", config.retrainCron, () =>
      runRetrainJob(config, {
        log,
        ...(deps.retrainModels ? { models: deps.retrainModels } : {}),
        ...(deps.models && deps.registry
          ? { serving: { models: deps.models, registry: deps.registry } }
          : {}),
        onChild: (c) => {
          child = c;
        },
        ...(deps.onPromoted ? { onPromoted: deps.onPromoted } : {}),
      }),
    );
  }
  if (config.posterRefreshCron) {
    const artwork = deps.artwork;
    if (artwork)
      add("poster-refresh", config.posterRefreshCron, () => runPosterRefresh(artwork, deps.catalogue, log));
    else
      log.warn(
        { job: "poster-refresh" },
        "MATINEE_POSTER_REFRESH_CRON is set but TMDB_API_KEY is not: job off",
      );
  }

  return {
    names: tasks.map((t) => t.name ?? t.id),
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
      child?.kill("SIGTERM");
    },
  };
}
