import { userCount, userItems } from "../../data/gold.ts";
import { seededRandom } from "../../models/random.ts";
import type { History } from "../../models/recommender.ts";
import type { App } from "../app.ts";
import { percentiles } from "./bench-stats.ts";

function timeEach(inputs: readonly History[], run: (h: History) => unknown, warmup = 50): number[] {
  for (const h of inputs.slice(0, warmup)) run(h);
  return inputs.map((h) => {
    const t = performance.now();
    run(h);
    return performance.now() - t;
  });
}

/**
 * The sequence model's figures for `matinee bench`: how the promoted version was trained
 * (read from its manifest; bench never trains) and how long scoring one person over the
 * whole catalogue takes, for every dataset user's real history and for short chat profiles.
 */
export async function benchSasrec(app: App) {
  const manifest = await app.registry.promoted("sasrec");
  if (!manifest || manifest.dataHash !== app.gold.dataHash) {
    return { promoted: false, note: "no sasrec model for this data: run `matinee train --model sasrec`" };
  }
  const loadStarted = performance.now();
  const model = await app.registry.load("sasrec", manifest.version);
  const loadMs = performance.now() - loadStarted;
  const x = app.gold.interactions;
  const users: History[] = Array.from({ length: userCount(x) }, (_, u) => ({
    items: Array.from(userItems(x, u)),
  }));
  const rand = seededRandom(11);
  const chats: History[] = Array.from({ length: 500 }, () => ({
    items: Array.from({ length: 1 + Math.floor(rand() * 5) }, () => Math.floor(rand() * model.nItems)),
  }));
  const c = manifest.config;
  return {
    promoted: true,
    version: manifest.version,
    training: {
      backend: c.backend,
      epochs: c.trainedEpochs,
      loss: Number(c.negatives) > 0 ? `sampled softmax, ${c.negatives} negatives, logQ` : "full softmax",
      trainSeconds: Math.round(manifest.trainSeconds * 10) / 10,
      validationNdcg10: manifest.metrics["ndcg@10"],
    },
    loadMs: Math.round(loadMs * 10) / 10,
    scoreUser: {
      catalogue: model.nItems,
      maxLen: c.maxLen,
      ...percentiles(timeEach(users, (h) => model.score(h))),
    },
    scoreChat: { catalogue: model.nItems, ...percentiles(timeEach(chats, (h) => model.score(h))) },
  };
}
