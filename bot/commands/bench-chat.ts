import { Memory } from "lowdb";
import type { Catalogue } from "../../core/catalogue.ts";
import { createMatinee } from "../../core/matinee.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import type { TitleMatcher } from "../../core/titles/find-titles.ts";
import { TitleEngine } from "../../core/titles/find-titles.ts";
import type { Interactions } from "../../data/gold.ts";
import { itemKnn } from "../../models/collaborative/item-knn.ts";
import { popularity } from "../../models/popularity/popularity.ts";
import type { App } from "../app.ts";
import { percentiles } from "./bench-stats.ts";
import { syntheticCatalogue } from "./bench-titles.ts";

/**
 * Interactions over a catalogue `copies` times the real one: each real user reappears once
 * per copy, rating that copy's films in the same order, so the synthetic films get the real
 * co-rating structure (and kNN neighbour lists of real length) without inventing tastes.
 */
function replicated(real: Interactions, nReal: number, nItems: number): Interactions {
  const copies = Math.ceil(nItems / nReal);
  const users = real.offsets.length - 1;
  const offsets: number[] = [0];
  const items: number[] = [];
  const ratings: number[] = [];
  const timestamps: number[] = [];
  const userIds: number[] = [];
  for (let c = 0; c < copies; c++) {
    for (let u = 0; u < users; u++) {
      for (let k = real.offsets[u]!; k < real.offsets[u + 1]!; k++) {
        const item = real.items[k]! + c * nReal;
        if (item >= nItems) continue;
        items.push(item);
        ratings.push(real.ratings[k]!);
        timestamps.push(real.timestamps[k]!);
      }
      offsets.push(items.length);
      userIds.push(real.userIds[u]! + c * 1_000_000);
    }
  }
  return {
    userIds: Int32Array.from(userIds),
    offsets: Int32Array.from(offsets),
    items: Int32Array.from(items),
    ratings: Float32Array.from(ratings),
    timestamps: Float64Array.from(timestamps),
  };
}

async function chatTurns(
  catalogue: Catalogue,
  titles: TitleMatcher,
  models: ServingModels,
  messages: readonly string[],
) {
  const store = new LowdbStore(new Memory<StoreData>());
  const matinee = createMatinee({ catalogue, titles, models, store });
  let user = 0;
  const turn = (text: string) => matinee.handle({ platform: "bench", userId: String(user++), text });
  for (const m of messages.slice(0, 30)) await turn(m);
  const samples: number[] = [];
  for (const m of messages) {
    const t = performance.now();
    await turn(m);
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

/**
 * One chat turn end to end (parse → profile update in the store → recommend → explain →
 * reply) at the served catalogue and at a synthetic ≥ 90k-film catalogue, whose models are
 * trained here on replicated real interactions (item-kNN: the collaborative model that
 * scales to that size) since no registry holds a model for it.
 */
export async function benchChatTurns(app: App, messages: readonly string[], options: { synthetic: boolean }) {
  const sample = messages.slice(0, 500);
  const served = {
    catalogueSize: app.catalogue.size,
    ranker: app.models.ranker.name,
    ...(await chatTurns(app.catalogue, app.titles, app.models, sample)),
  };
  if (!options.synthetic) return { served };

  const started = performance.now();
  const big = syntheticCatalogue(app.catalogue);
  const data = {
    nItems: big.size,
    interactions: replicated(app.gold.interactions, app.catalogue.size, big.size),
  };
  const models: ServingModels = {
    popularity: popularity.fit(data),
    ranker: itemKnn.fit(data, { neighbours: 100 }),
  };
  const titles = new TitleEngine(big);
  const setupSeconds = (performance.now() - started) / 1000;
  const synthetic = await chatTurns(big, titles, models, sample);
  return {
    served,
    synthetic: {
      catalogueSize: big.size,
      ranker: "item-knn (100 neighbours, trained in the bench)",
      interactions: data.interactions.items.length,
      setupSeconds: Math.round(setupSeconds * 10) / 10,
      ...synthetic,
    },
  };
}
