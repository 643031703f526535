import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serialize } from "node:v8";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { silentLog } from "../../core/log.ts";
import { buildPopularity, type Gold } from "../../data/gold.ts";
import { itemKnn } from "../../models/collaborative/item-knn.ts";
import { evaluateRanking, ratedItems } from "../../models/evaluate/leave-last-out.ts";
import { leaveLastOut } from "../../models/evaluate/split.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import { popularity } from "../../models/popularity/popularity.ts";
import type { ModelKind } from "../../models/recommender.ts";
import { ModelRegistry } from "../../models/registry/registry.ts";
import { PROMOTION_METRIC, trainAndRegister } from "../../models/training.ts";
import { tempDir } from "../helpers/app.ts";
import { interactionsOf, movie, prng, type UserEvents } from "./fixtures.ts";

const HASH_A = "aaaaaaaa11112222333344445555666677778888";
const HASH_B = "bbbbbbbb11112222333344445555666677778888";

function syntheticUsers(seed: number, users: number, items: number): UserEvents[] {
  const rand = prng(seed);
  return Array.from({ length: users }, () => {
    const picked: number[] = [];
    for (let i = 0; i < items; i++) if (rand() < 0.3 + (i < 4 ? 0.4 : 0)) picked.push(i);
    if (picked.length < 3) picked.push(items - 1, items - 2, items - 3);
    return { items: [...new Set(picked)] };
  });
}

function syntheticGold(dataHash = HASH_A): Gold {
  const nItems = 20;
  const interactions = interactionsOf(syntheticUsers(3, 30, nItems));
  const movies = Array.from({ length: nItems }, (_, i) => movie(100 + i, `Film ${i}`, 1990 + i));
  return {
    dataset: "synthetic",
    dataHash,
    movies,
    interactions,
    popularity: buildPopularity(interactions, nItems),
    itemFeatures: movies.map(() => []),
    stats: { users: 30, items: nItems, ratings: interactions.items.length, skippedRatings: 0 },
  };
}

const gold = syntheticGold();
const data = { nItems: gold.movies.length, interactions: gold.interactions };
const histories = [{ items: [0] }, { items: [1, 5, 9] }, { items: [2, 3], weights: [1, -0.5] }];

/** Each save gets its own second, so versions (named by the second) never collide. */
let clock = Date.UTC(2024, 0, 1);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});
function nextSecond() {
  clock += 1000;
  vi.setSystemTime(clock);
}

async function saveWith(registry: ModelRegistry, ndcg: number | undefined, dataHash = HASH_A) {
  nextSecond();
  const model = popularity.fit(data);
  const metrics: Record<string, number> = ndcg === undefined ? {} : { [PROMOTION_METRIC]: ndcg };
  return registry.save(model, { dataset: "synthetic", dataHash, metrics, trainSeconds: 0.5 });
}

describe("ModelRegistry", () => {
  test("save writes a manifest with the model's name, version, data hash, metrics and time", async () => {
    const root = tempDir();
    const registry = new ModelRegistry(root);
    vi.setSystemTime(Date.UTC(2024, 4, 6, 7, 8, 9, 123));
    const model = itemKnn.fit(data, { neighbours: 5 });
    const manifest = await registry.save(model, {
      dataset: "synthetic",
      dataHash: HASH_A,
      metrics: { "ndcg@10": 0.25, "validation.hr@10": 0.5 },
      trainSeconds: 1.5,
    });
    expect(manifest).toEqual({
      name: "item-knn",
      version: "20240506T070809123Z-aaaaaaaa",
      dataset: "synthetic",
      dataHash: HASH_A,
      config: { neighbours: 5, shrinkage: 0 },
      metrics: { "ndcg@10": 0.25, "validation.hr@10": 0.5 },
      trainSeconds: 1.5,
      createdAt: "2024-05-06T07:08:09.123Z",
    });
    const dir = join(root, "item-knn", manifest.version);
    expect(existsSync(join(dir, "model.bin"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).toEqual(manifest);
    expect(await registry.manifest("item-knn", manifest.version)).toEqual(manifest);
  });

  test("load returns a model with identical scores", async () => {
    const registry = new ModelRegistry(tempDir());
    for (const [kind, config] of [
      [itemKnn, { neighbours: 7 }],
      [popularity, { windowDays: 3 }],
    ] as [ModelKind, Record<string, unknown>][]) {
      nextSecond();
      const model = await kind.fit(data, config);
      const m = await registry.save(model, {
        dataset: "synthetic",
        dataHash: HASH_A,
        metrics: {},
        trainSeconds: 0,
      });
      const back = await registry.load(m.name, m.version);
      expect(back.name).toBe(model.name);
      expect(back.nItems).toBe(20);
      for (const h of histories) expect(back.score(h)).toEqual(model.score(h));
      expect(back.similar(4, 5)).toEqual(model.similar(4, 5));
      expect(back.toArtifact().config).toEqual(model.toArtifact().config);
    }
  });

  test("a version saved before model.bin (model.v8) still loads, with the same scores", async () => {
    const registry = new ModelRegistry(tempDir());
    const model = itemKnn.fit(data, { neighbours: 7 });
    const m = await registry.save(model, {
      dataset: "synthetic",
      dataHash: HASH_A,
      metrics: {},
      trainSeconds: 0,
    });
    const dir = join(registry.root, m.name, m.version);
    writeFileSync(join(dir, "model.v8"), serialize(model.toArtifact()));
    rmSync(join(dir, "model.bin"));
    const back = await registry.load(m.name, m.version);
    for (const h of histories) expect(back.score(h)).toEqual(model.score(h));
  });

  test("load refuses a model kind it does not know", async () => {
    await expect(new ModelRegistry(tempDir()).load("nope", "v1")).rejects.toThrow('unknown model "nope"');
  });

  test("versions lists every saved version, oldest first", async () => {
    const registry = new ModelRegistry(tempDir());
    expect(await registry.versions("popularity")).toEqual([]);
    const a = await saveWith(registry, 0.1);
    const b = await saveWith(registry, 0.2);
    expect((await registry.versions("popularity")).map((m) => m.version)).toEqual([a.version, b.version]);
  });

  test("promote and promoted", async () => {
    const registry = new ModelRegistry(tempDir());
    expect(await registry.promoted("popularity")).toBeUndefined();
    const a = await saveWith(registry, 0.1);
    const b = await saveWith(registry, 0.2);
    await registry.promote("popularity", a.version);
    expect(await registry.promoted("popularity")).toEqual(a);
    await registry.promote("popularity", b.version);
    expect(await registry.promoted("popularity")).toEqual(b);
  });

  test("promote refuses a version that was never saved", async () => {
    const registry = new ModelRegistry(tempDir());
    const a = await saveWith(registry, 0.1);
    await registry.promote("popularity", a.version);
    await expect(registry.promote("popularity", "19990101T000000Z-deadbeef")).rejects.toThrow();
    expect((await registry.promoted("popularity"))?.version).toBe(a.version);
  });

  test("promoteIfBetter promotes the first model", async () => {
    const registry = new ModelRegistry(tempDir());
    const a = await saveWith(registry, 0.3);
    expect(await registry.promoteIfBetter(a, PROMOTION_METRIC)).toEqual({
      promoted: true,
      reason: "no model served yet",
    });
    expect((await registry.promoted("popularity"))?.version).toBe(a.version);
  });

  test("promoteIfBetter keeps out a worse or equal candidate on the same data", async () => {
    const registry = new ModelRegistry(tempDir());
    const served = await saveWith(registry, 0.3);
    await registry.promote("popularity", served.version);
    const worse = await saveWith(registry, 0.2);
    const r = await registry.promoteIfBetter(worse, PROMOTION_METRIC);
    expect(r.promoted).toBe(false);
    expect(r.reason).toBe("ndcg@10 0.2 does not beat the served 0.3");
    const equal = await saveWith(registry, 0.3);
    expect((await registry.promoteIfBetter(equal, PROMOTION_METRIC)).promoted).toBe(false);
    const unmeasured = await saveWith(registry, undefined);
    expect((await registry.promoteIfBetter(unmeasured, PROMOTION_METRIC)).promoted).toBe(false);
    expect((await registry.promoted("popularity"))?.version).toBe(served.version);
  });

  test("promoteIfBetter promotes a better candidate on the same data", async () => {
    const registry = new ModelRegistry(tempDir());
    const served = await saveWith(registry, 0.3);
    await registry.promote("popularity", served.version);
    const better = await saveWith(registry, 0.4);
    expect(await registry.promoteIfBetter(better, PROMOTION_METRIC)).toEqual({
      promoted: true,
      reason: "ndcg@10 0.4 beats 0.3",
    });
    expect((await registry.promoted("popularity"))?.version).toBe(better.version);
  });

  test("promoteIfBetter always replaces a model trained on other data", async () => {
    const registry = new ModelRegistry(tempDir());
    const served = await saveWith(registry, 0.9, HASH_B);
    await registry.promote("popularity", served.version);
    const worseButNewData = await saveWith(registry, 0.1, HASH_A);
    expect((await registry.promoteIfBetter(worseButNewData, PROMOTION_METRIC)).promoted).toBe(true);
    expect((await registry.promoted("popularity"))?.version).toBe(worseButNewData.version);
    const unmeasured = await saveWith(registry, undefined, HASH_B);
    expect((await registry.promoteIfBetter(unmeasured, PROMOTION_METRIC)).promoted).toBe(true);
  });

  test("promoteIfBetter promotes over a served model with no figure for the metric", async () => {
    const registry = new ModelRegistry(tempDir());
    const served = await saveWith(registry, undefined);
    await registry.promote("popularity", served.version);
    const candidate = await saveWith(registry, 0.1);
    expect((await registry.promoteIfBetter(candidate, PROMOTION_METRIC)).promoted).toBe(true);
  });

  // Two saves at the same instant must still get their own folders, or the second would
  // overwrite the first, even when the first is the served model.
  test("a worse model saved at the same instant as the served one does not replace it", async () => {
    const registry = new ModelRegistry(tempDir());
    vi.setSystemTime(Date.UTC(2024, 1, 1, 12, 0, 0, 100));
    const good = await registry.save(popularity.fit(data), {
      dataset: "synthetic",
      dataHash: HASH_A,
      metrics: { [PROMOTION_METRIC]: 0.5 },
      trainSeconds: 0,
    });
    await registry.promoteIfBetter(good, PROMOTION_METRIC);
    const bad = await registry.save(popularity.fit(data, { windowDays: 1 }), {
      dataset: "synthetic",
      dataHash: HASH_A,
      metrics: { [PROMOTION_METRIC]: 0.1 },
      trainSeconds: 0,
    });
    expect((await registry.promoteIfBetter(bad, PROMOTION_METRIC)).promoted).toBe(false);
    const served = await registry.promoted("popularity");
    expect(served?.metrics[PROMOTION_METRIC]).toBe(0.5);
    expect(bad.version).not.toBe(good.version);
  });
});

describe("trainAndRegister", () => {
  test("validate: true records validation metrics from the training split", async () => {
    const registry = new ModelRegistry(tempDir());
    nextSecond();
    const r = await trainAndRegister(MODEL_KINDS["item-knn"]!, gold, registry, {
      validate: true,
      log: silentLog,
    });
    const keys = Object.keys(r.manifest.metrics).sort();
    expect(keys).toEqual([
      "ndcg@10",
      "validation.coverage@10",
      "validation.hr@10",
      "validation.ndcg@10",
      "validation.recall@20",
    ]);
    // The same figures as fitting on the training split and scoring each validation item.
    const split = leaveLastOut(gold.interactions);
    const candidate = itemKnn.fit({ nItems: 20, interactions: split.train });
    const m = evaluateRanking(candidate, split.train, split.validation, ratedItems(gold.interactions, 20));
    expect(m.users).toBe(30);
    expect(r.manifest.metrics["validation.hr@10"]).toBe(m["hr@10"]);
    expect(r.manifest.metrics["validation.ndcg@10"]).toBe(m["ndcg@10"]);
    expect(r.manifest.metrics["ndcg@10"]).toBe(m["ndcg@10"]);
    expect(r.manifest.metrics["validation.coverage@10"]).toBe(m["coverage@10"]);
    expect(r.manifest.metrics["ndcg@10"]).toBeGreaterThan(0);
    expect(r.manifest.metrics["ndcg@10"]).toBeLessThanOrEqual(1);
    expect(r.manifest).toMatchObject({ name: "item-knn", dataset: "synthetic", dataHash: HASH_A });
    expect(r.manifest.trainSeconds).toBeGreaterThanOrEqual(0);
  });

  test("the registered model learned from all the data and is promoted first time", async () => {
    const registry = new ModelRegistry(tempDir());
    nextSecond();
    const r = await trainAndRegister(MODEL_KINDS.popularity!, gold, registry, {
      validate: true,
      log: silentLog,
    });
    expect(r.promoted).toBe(true);
    expect(r.reason).toBe("no model served yet");
    const full = popularity.fit(data);
    expect(r.model.score({ items: [] })).toEqual(full.score({ items: [] }));
    const served = await registry.promoted("popularity");
    expect(served).toEqual(r.manifest);
    const loaded = await registry.load("popularity", r.manifest.version);
    expect(loaded.score({ items: [] })).toEqual(full.score({ items: [] }));
  });

  test("a retrain of the same recipe on the same data is not promoted", async () => {
    const registry = new ModelRegistry(tempDir());
    nextSecond();
    const first = await trainAndRegister(MODEL_KINDS["item-knn"]!, gold, registry, {
      validate: true,
      log: silentLog,
    });
    nextSecond();
    const again = await trainAndRegister(MODEL_KINDS["item-knn"]!, gold, registry, {
      validate: true,
      log: silentLog,
    });
    expect(again.promoted).toBe(false);
    expect((await registry.promoted("item-knn"))?.version).toBe(first.manifest.version);
  });

  test("config reaches the model and validate: false records no metrics", async () => {
    const registry = new ModelRegistry(tempDir());
    nextSecond();
    const r = await trainAndRegister(MODEL_KINDS["item-knn"]!, gold, registry, {
      validate: false,
      log: silentLog,
      config: { neighbours: 2 },
    });
    expect(r.manifest.metrics).toEqual({});
    expect(r.manifest.config).toEqual({ neighbours: 2, shrinkage: 0 });
    for (let i = 0; i < 20; i++) expect(r.model.similar(i, 100).length).toBeLessThanOrEqual(2);
  });
});

describe("trainAndRegister with early stopping", () => {
  test("the final fit trains for the epochs the validated fit stopped at", async () => {
    // A stand-in kind that "stops early" at epoch 3 whenever it is given validation items.
    const fits: Record<string, unknown>[] = [];
    const kind: ModelKind = {
      name: "popularity",
      defaults: { epochs: 10 },
      fit(d, config) {
        const c = { epochs: 10, ...config };
        fits.push(c);
        const model = popularity.fit(d);
        const trainedEpochs = d.validation ? 3 : c.epochs;
        return {
          ...model,
          score: (h) => model.score(h),
          toArtifact: () => ({ ...model.toArtifact(), config: { ...c, trainedEpochs } }),
        };
      },
      load: (a) => popularity.load(a),
    };
    nextSecond();
    await trainAndRegister(kind, gold, new ModelRegistry(tempDir()), { validate: true, log: silentLog });
    expect(fits.map((c) => c.epochs)).toEqual([10, 3]);
  });
});

test("MODEL_KINDS names every kind by its own name", () => {
  for (const [name, kind] of Object.entries(MODEL_KINDS)) expect(kind.name).toBe(name);
  // Every report's baselines, the content and chat models, and the blend.
  for (const name of ["popularity", "item-knn", "ease", "ease-recency", "transitions", "content", "blend"])
    expect(MODEL_KINDS[name]).toBeDefined();
});
