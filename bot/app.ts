import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { JSONFile } from "lowdb/node";
import { Catalogue } from "../core/catalogue.ts";
import type { Log } from "../core/log.ts";
import type { ServingModels } from "../core/recommend/recommend.ts";
import { LowdbStore, type StoreData } from "../core/store/lowdb-store.ts";
import type { Store } from "../core/store/store.ts";
import { ExactTitleMatcher, type TitleMatcher } from "../core/titles/find-titles.ts";
import type { DownloadOptions } from "../data/download.ts";
import type { Gold } from "../data/gold.ts";
import { loadGold } from "../data/pipeline.ts";
import { itemKnn } from "../models/collaborative/item-knn.ts";
import { MODEL_KINDS } from "../models/kinds.ts";
import { popularity } from "../models/popularity/popularity.ts";
import type { ModelKind, Recommender } from "../models/recommender.ts";
import { ModelRegistry } from "../models/registry/registry.ts";
import { trainAndRegister } from "../models/training.ts";
import type { Config } from "./config.ts";

/** Everything a front end needs, loaded once per process. */
export interface App {
  gold: Gold;
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  registry: ModelRegistry;
  timings: { dataSeconds: number; modelSeconds: number };
}

export interface LoadOptions {
  log: Log;
  /** Progress lines meant for the person at the terminal (stderr), not the log. */
  notice?: (line: string) => void;
  onDownloadProgress?: DownloadOptions["onProgress"];
}

export function registryFor(config: Config): ModelRegistry {
  return new ModelRegistry(join(config.cacheDir, "models", config.dataset));
}

export async function loadData(config: Config, options: LoadOptions) {
  return loadGold({
    dataDir: config.dataDir,
    dataset: config.dataset,
    ...(config.tmdbDir ? { tmdbDir: config.tmdbDir } : {}),
    cacheDir: config.cacheDir,
    download: {
      baseUrl: config.downloadUrl,
      ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {}),
    },
    log: options.log,
  });
}

/**
 * The promoted version of a model. Only when the registry has none for this data (a first
 * start) is one trained here, once, and registered; after that starts only load.
 */
async function servedModel(kind: ModelKind, gold: Gold, registry: ModelRegistry, options: LoadOptions) {
  const promoted = await registry.promoted(kind.name);
  if (promoted && promoted.dataHash === gold.dataHash) return registry.load(kind.name, promoted.version);
  options.notice?.(`First start on this data: training ${kind.name} (a few seconds)…`);
  options.log.info({ model: kind.name }, "no promoted model for this data; training one now");
  return (await trainAndRegister(kind, gold, registry, { validate: false, log: options.log })).model;
}

export async function loadApp(config: Config, options: LoadOptions): Promise<App> {
  const data = await loadData(config, options);
  const { gold } = data;
  const catalogue = new Catalogue(gold.movies, gold.popularity.count);
  const registry = registryFor(config);
  const started = performance.now();
  const serve = (name: string): Promise<Recommender> =>
    servedModel(MODEL_KINDS[name]!, gold, registry, options);
  const models: ServingModels = {
    popularity: await serve(popularity.name),
    ranker: await serve(itemKnn.name),
  };
  return {
    gold,
    catalogue,
    titles: new ExactTitleMatcher(catalogue),
    models,
    registry,
    timings: { dataSeconds: data.seconds, modelSeconds: (performance.now() - started) / 1000 },
  };
}

export function openStore(config: Config): Store {
  mkdirSync(dirname(config.storePath), { recursive: true });
  return new LowdbStore(new JSONFile<StoreData>(config.storePath));
}
