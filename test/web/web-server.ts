import { Memory } from "lowdb";
import { serveWeb, type WebDeps, type WebServer } from "../../adapters/web/server.ts";
import { silentLog } from "../../core/log.ts";
import { createMatinee } from "../../core/matinee.ts";
import { DEFAULT_RERANK } from "../../core/recommend/rerank.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { sharedApp } from "../helpers/app.ts";

export interface TestWeb extends WebServer {
  store: LowdbStore;
}

/**
 * The real web server over the shared test app (the warm cache's small blend) with a fresh
 * in-memory store, on 127.0.0.1 and a free port.
 */
export async function startTestWeb(overrides: Partial<WebDeps> = {}): Promise<TestWeb> {
  const app = await sharedApp();
  const store = new LowdbStore(new Memory<StoreData>());
  const matinee = createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });
  const { stats } = app.gold;
  const server = await serveWeb(
    {
      catalogue: app.catalogue,
      titles: app.titles,
      models: app.models,
      registry: app.registry,
      matinee,
      store,
      rerank: DEFAULT_RERANK,
      pipeline: {
        dataset: app.gold.dataset,
        bronzeRatings: stats.ratings + stats.skippedRatings,
        silverMovies: stats.items,
        goldRatings: stats.ratings,
        goldUsers: stats.users,
        skippedRatings: stats.skippedRatings,
      },
      secret: "test-secret-0123456789abcdef",
      log: silentLog,
      // Every test client is 127.0.0.1: the limit has its own test, with its own rate.
      rate: { perSecond: 1000, burst: 1000 },
      ...overrides,
    },
    0,
  );
  return { ...server, store };
}
