import { UserFacingError } from "../core/errors.ts";
import type { Log } from "../core/log.ts";
import { createMatinee, type Matinee } from "../core/matinee.ts";
import type { StoreBackend } from "../core/store/backend.ts";
import type { ServingApp } from "./app.ts";
import { openStore } from "./app.ts";
import { createArtwork } from "./artwork.ts";
import type { Config } from "./config.ts";
import { type FirstBlend, startFirstBlend } from "./jobs/first-blend.ts";
import type { PromotedModel } from "./jobs/retrain-job.ts";
import { type Jobs, startJobs } from "./jobs/scheduler.ts";
import { Metrics, type MetricsServer, measuredMatinee, measuredStore, serveMetrics } from "./metrics.ts";

/** Everything the front ends share in one process: the store, posters, scheduled jobs. */
export interface Serving {
  store: StoreBackend;
  /**
   * A Matinee over the shared store; front ends differ only in how many cards a list has,
   * and whether messages are rate limited (chat platforms; not a piped terminal, whose lines
   * are a script answered one at a time).
   */
  matinee(pageSize?: number, options?: { rateLimited?: boolean }): Matinee;
  jobs: Jobs;
  /** A first start's blend training in the background (absent when one was loaded). */
  firstBlend?: FirstBlend;
  close(): Promise<void>;
}

/**
 * Opens what every front end needs, once: one store (so a profile is the same whichever
 * front end wrote it), the TMDB artwork cache when a key is set, and the scheduled jobs
 * configured (retraining swaps a promoted model into `app.models` in place), and on a first
 * start the blend's training in the background.
 */
export async function openServing(
  app: ServingApp,
  config: Config,
  log: Log,
  options: {
    jobs?: boolean;
    onPromoted?: (models: PromotedModel[]) => void;
    /** Lines for the person at the terminal (the first start's background training). */
    notice?: (line: string) => void;
  } = {},
): Promise<Serving> {
  const opened = await openStore(config, log);
  // With MATINEE_METRICS_PORT: every turn and store call counted and timed, served on /metrics.
  const metrics = config.metricsPort ? new Metrics(opened.backend, app.registry) : undefined;
  const store = metrics ? measuredStore(opened, metrics) : opened;
  let metricsServer: MetricsServer | undefined;
  if (metrics && config.metricsPort) {
    try {
      metricsServer = await serveMetrics(metrics, store, config.metricsPort, log);
    } catch (error) {
      await opened.close();
      throw new UserFacingError(
        `Cannot serve metrics on port ${config.metricsPort} (MATINEE_METRICS_PORT): ${(error as Error).message}`,
      );
    }
  }
  const artwork = createArtwork(config, app.catalogue, log);
  // A one-shot command (`matinee import`) serves one turn and leaves: no schedule to start.
  const jobs: Jobs =
    options.jobs === false
      ? { names: [], stop: async () => {} }
      : startJobs(
          config,
          {
            models: app.models,
            registry: app.registry,
            catalogue: app.catalogue,
            ...(artwork ? { artwork } : {}),
            ...(options.onPromoted ? { onPromoted: options.onPromoted } : {}),
          },
          log,
        );
  // A first start serves item-knn now; the blend trains beside it (only where jobs run: one
  // trainer per bot, and a shard without jobs follows what shard 0 promotes).
  const firstBlend =
    app.blendPending && options.jobs !== false
      ? startFirstBlend(
          config,
          { models: app.models, registry: app.registry },
          {
            log,
            ...(options.notice ? { notice: options.notice } : {}),
            ...(options.onPromoted ? { onPromoted: options.onPromoted } : {}),
          },
        )
      : undefined;
  void firstBlend?.done.then((served) => {
    if (served) app.blendPending = false;
  });
  return {
    store,
    ...(firstBlend ? { firstBlend } : {}),
    matinee: (pageSize, options = {}) => {
      const matinee = createMatinee({
        limits: {
          messageChars: config.limits.messageChars,
          filmsPerMessage: config.limits.filmsPerMessage,
          ...(options.rateLimited === false ? {} : { rate: config.limits.rate }),
        },
        questionTtlMs: config.questionTtlMs,
        catalogue: app.catalogue,
        titles: app.titles,
        models: app.models,
        store,
        rerank: config.rerank,
        ...(pageSize ? { pageSize } : {}),
        ...(artwork ? { artwork } : {}),
        ...(config.region ? { defaultRegion: config.region } : {}),
      });
      return metrics ? measuredMatinee(matinee, metrics) : matinee;
    },
    jobs,
    async close() {
      firstBlend?.stop();
      await jobs.stop();
      await metricsServer?.close();
      await Promise.all([store.close(), artwork?.close()]);
    },
  };
}
