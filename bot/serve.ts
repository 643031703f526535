import { UserFacingError } from "../core/errors.ts";
import type { Log } from "../core/log.ts";
import { createMatinee, type Matinee } from "../core/matinee.ts";
import type { StoreBackend } from "../core/store/backend.ts";
import type { App } from "./app.ts";
import { openStore } from "./app.ts";
import { createArtwork } from "./artwork.ts";
import type { Config } from "./config.ts";
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
  close(): Promise<void>;
}

/**
 * Opens what every front end needs, once: one store (so a profile is the same whichever
 * front end wrote it), the TMDB artwork cache when a key is set, and the scheduled jobs
 * configured (retraining swaps a promoted model into `app.models` in place).
 */
export async function openServing(
  app: App,
  config: Config,
  log: Log,
  options: { jobs?: boolean; onPromoted?: (models: PromotedModel[]) => void } = {},
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
  return {
    store,
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
      await jobs.stop();
      await metricsServer?.close();
      await Promise.all([store.close(), artwork?.close()]);
    },
  };
}
