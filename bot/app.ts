import { join } from "node:path";
import { Catalogue } from "../core/catalogue.ts";
import type { Log } from "../core/log.ts";
import type { ServingModels } from "../core/recommend/recommend.ts";
import { TitleEngine, type TitleMatcher } from "../core/titles/find-titles.ts";
import type { DownloadOptions } from "../data/download.ts";
import { type Gold, type GoldCatalogue, userCount } from "../data/gold.ts";
import { type DataOptions, type LoadedCatalogue, loadCatalogue, loadGold } from "../data/pipeline.ts";
import { BOOTSTRAP_TERMS } from "../models/blend/blend.ts";
import { itemKnn } from "../models/collaborative/item-knn.ts";
import { personaChatCases, readPersonas } from "../models/evaluate/personas.ts";
import { chatCasesOf, readZeroShotCases } from "../models/evaluate/zero-shot.ts";
import { MODEL_KINDS } from "../models/kinds.ts";
import { popularity } from "../models/popularity/popularity.ts";
import { type ChatCase, type ModelKind, warmedUp } from "../models/recommender.ts";
import { ModelRegistry } from "../models/registry/registry.ts";
import { trainAndRegister } from "../models/training.ts";
import { type CooccurrenceBudget, withinCooccurrenceBudget } from "../models/user-sample.ts";
import { findConversationsFile } from "./commands/shared.ts";
import type { Config } from "./config.ts";

/**
 * Everything a front end needs, loaded once per process: the catalogue and the served
 * models, not the ratings they learned from (`loadServingApp`).
 */
export interface ServingApp {
  gold: GoldCatalogue;
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  registry: ModelRegistry;
  timings: { dataSeconds: number; modelSeconds: number };
  /**
   * A first start that serves at once: the ranker is the quick stand-in (item-knn) and the
   * blend is still to train (openServing starts it in the background and swaps it in).
   */
  blendPending?: boolean;
}

/** A served app with the ratings too (`loadApp`): evaluation and benches. */
export interface App extends ServingApp {
  gold: Gold;
}

export interface LoadOptions {
  log: Log;
  /** Progress lines meant for the person at the terminal (stderr), not the log. */
  notice?: (line: string) => void;
  onDownloadProgress?: DownloadOptions["onProgress"];
  /** How far a first read of the CSV is (the gold cache is then built). */
  onReadProgress?: DataOptions["onProgress"];
  /**
   * A first start (no promoted blend for this data) serves at once with item-knn, and the
   * blend trains in the background (bot/jobs/first-blend.ts): what `matinee start` wants.
   * Without it the blend is trained here before loadApp returns (one-shot commands).
   */
  background?: boolean;
}

export function registryFor(config: Config): ModelRegistry {
  return new ModelRegistry(join(config.cacheDir, "models", config.dataset));
}

function dataOptions(config: Config, options: LoadOptions): DataOptions {
  return {
    dataDir: config.dataDir,
    dataset: config.dataset,
    ...(config.tmdbDir ? { tmdbDir: config.tmdbDir } : {}),
    cacheDir: config.cacheDir,
    download: {
      baseUrl: config.downloadUrl,
      ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {}),
    },
    log: options.log,
    ...(options.onReadProgress ? { onProgress: options.onReadProgress } : {}),
  };
}

export async function loadData(config: Config, options: LoadOptions) {
  return loadGold(dataOptions(config, options));
}

/** The file of chat cases the blend learns its short-history weights on, beside the data. */
export const CHAT_CASES_FILE = "redial_dev_rec.jsonl";

export const PERSONAS_FILE = "personas_dev.jsonl";

/**
 * Chat-like cases for the blend's short-history weights, from the dev sets when they sit
 * beside the data (the shared checkout): the ReDial dev cases (what people in real dialogues
 * went on to like) and the dev personas (a themed taste → films a film fan accepts), each a
 * source of its own. Neither there: none (the blend then learns from simulated newcomers).
 */
export async function chatCasesFor(config: Config, gold: Gold): Promise<ChatCase[] | undefined> {
  const indexById = new Map(gold.movies.map((m, i) => [m.movieId, i]));
  const toItem = (id: number) => indexById.get(id);
  const dialogues = findConversationsFile(config, CHAT_CASES_FILE);
  const tastes = findConversationsFile(config, PERSONAS_FILE);
  if (!dialogues && !tastes) return undefined;
  const fromDialogues = dialogues ? chatCasesOf(await readZeroShotCases(dialogues), toItem) : [];
  const fromPersonas = tastes ? personaChatCases(await readPersonas(tastes), toItem) : [];
  return [...fromDialogues, ...fromPersonas];
}

/**
 * A served model trained here, once, and registered: only when the registry has none for
 * this data (a first start); after that starts only load. The first start's blend leaves out
 * members that train for minutes (sasrec): `matinee train` trains the full blend and
 * promotes it if it does better on validation.
 */
async function trainServedModel(
  kind: ModelKind,
  gold: Gold,
  registry: ModelRegistry,
  options: LoadOptions,
  chatCases: () => Promise<ChatCase[] | undefined>,
) {
  // Popularity is counted in milliseconds: only the blend is worth a line.
  if (kind.name === "blend")
    options.notice?.("First start on this data: training the blend (a minute or two, only this once)…");
  options.log.info({ model: kind.name }, "no promoted model for this data; training one now");
  const cases = kind.name === "blend" ? await chatCases() : undefined;
  return (
    await trainAndRegister(kind, gold, registry, {
      validate: false,
      log: options.log,
      ...(kind.name === "blend" ? { config: { terms: BOOTSTRAP_TERMS } } : {}),
      ...(cases ? { chatCases: cases } : {}),
    })
  ).model;
}

/** The promoted blend for this data, if any: what every start after the first serves. */
async function promotedBlend(gold: GoldCatalogue, registry: ModelRegistry) {
  const promoted = await registry.promoted("blend");
  return promoted && promoted.dataHash === gold.dataHash
    ? registry.load("blend", promoted.version)
    : undefined;
}

/**
 * What the stand-in may count: ~1.6× ml-latest-small's 6.1·10⁷ pairs (all of it fits, about
 * 3 s), and on ML-25M/32M a random sample of people with their newest 200 ratings each, so a
 * first start answers in seconds there too instead of after the minutes item-knn takes over
 * every rating.
 */
export const STAND_IN_BUDGET: CooccurrenceBudget = { pairs: 1e8, perUser: 200, seed: 11 };

/**
 * The first start's stand-in ranker: item-knn's co-occurrences (a few seconds on
 * ml-latest-small, where the blend takes a minute) over at most `budget` of the ratings;
 * the chat fills from popularity where it has no evidence, as it does for the blend.
 */
export function quickRanker(gold: Gold, log: Log, budget: CooccurrenceBudget = STAND_IN_BUDGET) {
  const interactions = withinCooccurrenceBudget(gold.interactions, budget);
  log.info(
    { model: itemKnn.name, users: userCount(interactions), of: userCount(gold.interactions) },
    "no promoted blend for this data; serving item-knn meanwhile",
  );
  return itemKnn.fit({ nItems: gold.movies.length, interactions, movies: gold.movies });
}

/**
 * The served app over a dataset's catalogue; `full` gives the ratings too, read only when a
 * model must be trained here (a first start).
 */
async function openApp(
  config: Config,
  options: LoadOptions,
  gold: GoldCatalogue,
  full: () => Promise<Gold>,
  dataSeconds: number,
): Promise<ServingApp> {
  const catalogue = new Catalogue(gold.movies, gold.popularity.count);
  const registry = registryFor(config);
  const started = performance.now();
  // The promoted version of each model, else one trained here (a first start).
  const serve = async (name: string) => {
    const kind = MODEL_KINDS[name]!;
    const promoted = await registry.promoted(kind.name);
    if (promoted && promoted.dataHash === gold.dataHash) return registry.load(kind.name, promoted.version);
    const data = await full();
    return trainServedModel(kind, data, registry, options, () => chatCasesFor(config, data));
  };
  const popular = await serve(popularity.name);
  const blend = options.background ? await promotedBlend(gold, registry) : await serve("blend");
  const models: ServingModels = {
    popularity: popular,
    ranker: warmedUp(blend ?? quickRanker(await full(), options.log)),
  };
  return {
    gold,
    catalogue,
    titles: new TitleEngine(catalogue),
    models,
    registry,
    timings: { dataSeconds, modelSeconds: (performance.now() - started) / 1000 },
    ...(blend ? {} : { blendPending: true }),
  };
}

/** The served app with every rating in memory: evaluation and benches, which read them. */
export async function loadApp(config: Config, options: LoadOptions): Promise<App> {
  const data = await loadData(config, options);
  const { gold } = data;
  const app = await openApp(config, options, gold, async () => gold, data.seconds);
  return { ...app, gold };
}

/**
 * The served app for a long-running bot: the ratings are read only when a model must be
 * trained here (a first start), and not kept once it is: at ML-32M they are ~512 MB that
 * answering chats never reads.
 */
export async function loadServingApp(config: Config, options: LoadOptions): Promise<ServingApp> {
  const data: LoadedCatalogue = await loadCatalogue(dataOptions(config, options));
  const full = async (): Promise<Gold> => ({ ...data.gold, interactions: await data.ratings() });
  return openApp(config, options, data.gold, full, data.seconds);
}

export { openStore } from "./store/open-store.ts";
