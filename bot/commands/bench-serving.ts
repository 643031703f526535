import { Memory } from "lowdb";
import { createMatinee } from "../../core/matinee.ts";
import { profileOf } from "../../core/profile/profile.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { suggest } from "../../core/suggest.ts";
import { type Gold, userCount } from "../../data/gold.ts";
import { shuffled, usersOnly } from "../../models/evaluate/newcomer.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import { popularity } from "../../models/popularity/popularity.ts";
import { seededRandom } from "../../models/random.ts";
import type { ModelArtifact, TrainingData } from "../../models/recommender.ts";
import type { ModelRegistry } from "../../models/registry/registry.ts";
import type { ServingApp } from "../app.ts";
import { percentiles, timeEach } from "./bench-stats.ts";

/**
 * The big bench's served blend: the members that train in minutes at ML-32M's size (EASE's
 * films × films Gram matrix does not fit; sasrec trains for hours), content with its recency
 * decay fixed (its search ranks every user four times).
 */
export const BIG_SERVING_TERMS = ["item-knn", "ials", "content", "popularity", "content*popularity"];
const BIG_MEMBER_CONFIGS: Record<string, Record<string, unknown>> = { content: { recencyDecay: 0.9 } };

/** Users the blend learns its weights on: the weights need cases, not every user's. */
const WEIGHT_USERS = 1_500;

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Trains the served models for generated data and registers them (promoted), so a start
 * after it only loads: popularity, and a blend whose weights are learned on a seeded sample of
 * users (its members fitted there) and whose members are then fitted on every user. Learning
 * the weights on every user scores each member over the whole catalogue per held-out case,
 * hours at ML-32M's size; the serving cost, which is what this bench measures, does not
 * depend on how the weights were learned.
 */
export async function trainBigServing(gold: Gold, registry: ModelRegistry) {
  const seconds: Record<string, number> = {};
  const timed = async <T>(label: string, run: () => T | Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await run();
    seconds[label] = round((performance.now() - started) / 1000);
    return out;
  };
  const data: TrainingData = {
    nItems: gold.movies.length,
    interactions: gold.interactions,
    movies: gold.movies,
  };
  const meta = { dataset: gold.dataset, dataHash: gold.dataHash, metrics: {} };

  const popular = await timed("popularity", () => popularity.fit(data));
  const popManifest = await registry.save(popular, { ...meta, trainSeconds: seconds.popularity! });
  await registry.promote(popManifest.name, popManifest.version);

  const users = Array.from({ length: userCount(gold.interactions) }, (_, u) => u);
  const sample = shuffled(users, seededRandom(11)).slice(0, WEIGHT_USERS);
  const blendKind = MODEL_KINDS.blend!;
  const learned = await timed("blendWeights", () =>
    blendKind.fit(
      { ...data, interactions: usersOnly(gold.interactions, sample) },
      { terms: BIG_SERVING_TERMS, memberConfigs: BIG_MEMBER_CONFIGS, heldOut: 1 },
    ),
  );
  const recipe = learned.toArtifact();
  const memberConfigs = recipe.config.memberConfigs as Record<string, Record<string, unknown>>;
  const members = recipe.config.members as string[];
  const arrays: ModelArtifact["arrays"] = {};
  for (const name of members) {
    const model = await timed(name, () => MODEL_KINDS[name]!.fit(data, memberConfigs[name] ?? {}));
    const a = model.toArtifact();
    memberConfigs[name] = a.config;
    for (const [key, value] of Object.entries(a.arrays)) arrays[`${name}/${key}`] = value;
  }
  const blend = blendKind.load({ model: "blend", config: { ...recipe.config, memberConfigs }, arrays });
  const total = Object.values(seconds).reduce((s, x) => s + x, 0);
  const manifest = await registry.save(blend, { ...meta, trainSeconds: total });
  await registry.promote(manifest.name, manifest.version);
  return { trainSeconds: seconds, members, weightUsers: sample.length };
}

/** Liked-film profiles of one to five films drawn over the catalogue, seeded. */
function randomProfiles(app: ServingApp, n: number, seed: number) {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const k = 1 + Math.floor(rand() * 5);
    return profileOf(
      Array.from({ length: k }, () => app.catalogue.at(Math.floor(rand() * app.catalogue.size)).movieId),
    );
  });
}

/** Chat messages naming catalogue titles, as a person types them. */
function titleMessages(app: ServingApp, n: number, seed: number): string[] {
  const rand = seededRandom(seed);
  const pick = () => app.catalogue.at(Math.floor(rand() * app.catalogue.size)).title;
  return Array.from({ length: n }, () => `I loved ${pick()} and ${pick()}, not a fan of ${pick()}`);
}

/**
 * The chat path's latency over the served app: `suggest` (score, filter, rerank, explain ten
 * cards) for seeded profiles, and whole turns through the core (title reading, the store,
 * the reply) for messages naming catalogue titles.
 */
export async function servingTurns(app: ServingApp, turns: number) {
  const profiles = randomProfiles(app, turns, 7);
  const suggestMs = percentiles(
    await timeEach(profiles, (p) => suggest(app.catalogue, app.models, p, { k: 10 })),
  );
  const store = new LowdbStore(new Memory<StoreData>());
  const matinee = createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });
  let user = 0;
  const turnMs = percentiles(
    await timeEach(titleMessages(app, turns, 9), (text) =>
      matinee.handle({ platform: "bench", userId: String(user++), text }),
    ),
  );
  return { suggest: suggestMs, chatTurn: turnMs };
}
