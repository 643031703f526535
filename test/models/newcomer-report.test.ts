import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { loadData } from "../../bot/app.ts";
import { newcomerReport } from "../../bot/commands/eval-newcomer.ts";
import { chatOutOfFold, groupedFolds } from "../../bot/commands/eval-zero-shot.ts";
import { loadConfig } from "../../bot/config.ts";
import { Catalogue } from "../../core/catalogue.ts";
import { silentLog } from "../../core/log.ts";
import { buildGold } from "../../data/pipeline.ts";
import { writeSynthetic } from "../../data/synth.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import { popularity } from "../../models/popularity/popularity.ts";
import type { TrainingData } from "../../models/recommender.ts";
import { tempDir } from "../helpers/app.ts";
import { writeTinyDataset } from "../jobs/tiny-dataset.ts";

/** The cheap members only: the report's code path is the same whatever the blend holds. */
const SKIP = ["sasrec", "seq-knn", "transitions", "ease-recency", "item-knn", "content"];

async function tinyApp() {
  const root = tempDir("matinee-newcomer-");
  const data = writeTinyDataset(join(root, "data"));
  const config = loadConfig({ MATINEE_DATA_DIR: data.dataDir, MATINEE_CACHE_DIR: join(root, "cache") });
  const { gold } = await loadData(config, { log: silentLog });
  return { gold, catalogue: new Catalogue(gold.movies, gold.popularity.count) };
}

describe("the newcomer report", () => {
  test("every fold's users are scored once, for n = 1, 3, 5, the chat path beside the simple rankers", async () => {
    const app = await tinyApp();
    const r = await newcomerReport(app, { folds: 3, seed: 1, skip: SKIP });
    expect(r.folds).toBe(3);
    expect(r.users).toBe(app.gold.stats.users);
    for (const n of [r.n1, r.n3, r.n5]) {
      expect(Object.keys(n)).toEqual(
        expect.arrayContaining(["blend", "popularity", "genre-pop", "item-knn", "ease"]),
      );
      for (const s of Object.values(n)) {
        expect(s["recall@10"]).toBeGreaterThanOrEqual(0);
        expect(s["recall@10"]).toBeLessThanOrEqual(1);
        expect(s.se).toBeGreaterThanOrEqual(0);
      }
    }
    // Films chosen with weight 1/rank: popularity finds what these users loved.
    expect(r.n3.popularity!["recall@10"]).toBeGreaterThan(0.3);
    // Users with too few loved films for n + 1 are skipped, more of them as n grows.
    expect(r.n5.blend!.users).toBeLessThanOrEqual(r.n1.blend!.users);
    expect(r.n1.blend!.users).toBe(r.n1.popularity!.users);
  }, 120_000);
});

describe("the newcomer report on generated data, with the recipe for large data", () => {
  test("runs, and the chat path and iALS find each newcomer's planted niches well ahead of popularity", async () => {
    const out = join(tempDir("matinee-newcomer-synth-"), "ml-latest-small");
    await writeSynthetic({ ratings: 120_000, films: 1_200, users: 1_500, seed: 3, out });
    const gold = await buildGold(out, "ml-latest-small");
    const app = { gold, catalogue: new Catalogue(gold.movies, gold.popularity.count) };
    // Large above 1,000 users: each fold trains on the other four fifths (1,200 users).
    const scale = { largeUsers: 1_000, sampleUsers: 600, easeItems: 300, maxFollowers: 25 };
    const fit = vi.spyOn(MODEL_KINDS.blend!, "fit");
    const r = await newcomerReport(app, {
      folds: 1,
      seed: 1,
      skip: [...SKIP.filter((m) => m !== "item-knn")],
      scale,
    });
    const given = fit.mock.calls.map(([data]) => (data as TrainingData).scale);
    fit.mockRestore();
    expect(given).toEqual([scale]);
    expect(r.users).toBe(300);
    expect(Object.keys(r.n3)).toEqual(expect.arrayContaining(["blend", "ials", "popularity", "ease"]));
    const recall = (name: string) => r.n3[name]!["recall@10"];
    // Measured: blend 0.302, ials 0.309, item-knn 0.304, genre-pop 0.235, ease 0.202 (on the
    // 300 most-rated films only, as at size), popularity 0.143.
    expect(recall("blend")).toBeGreaterThan(1.5 * recall("popularity"));
    expect(recall("ials")).toBeGreaterThan(1.5 * recall("popularity"));
    expect(recall("blend")).toBeGreaterThan(recall("genre-pop"));
    const best = Math.max(...["popularity", "genre-pop", "item-knn", "ease"].map(recall));
    expect(recall("blend")).toBeGreaterThan(0.9 * best);
  }, 300_000);
});

describe("chat path out of fold", () => {
  test("one refit per fold: each learns from every dialogue and persona but the fold's own, and scores those once", async () => {
    const app = await tinyApp();
    const served = popularity.fit({ nItems: app.gold.movies.length, interactions: app.gold.interactions });
    const cases = Array.from({ length: 40 }, (_, k) => ({
      id: `c${k}`,
      likeIds: [1 + (k % 5), 6 + (k % 7)],
      targetIds: [12 + (k % 9)],
    }));
    const personas = Array.from({ length: 6 }, (_, k) => ({
      id: `p${k}`,
      likeIds: [1 + k],
      goodIds: [10 + k, 11 + k],
    }));
    const fit = vi.spyOn(MODEL_KINDS.blend!, "fit");
    const r = await chatOutOfFold(
      { ...app, models: { popularity: served, ranker: served } },
      { cases, personas },
      { folds: 3, seed: 1, skip: SKIP },
    );
    const learned = fit.mock.calls.map(([data]) => (data as TrainingData).chatCases ?? []);
    fit.mockRestore();
    expect(learned).toHaveLength(3);
    expect(r.zeroShot).toMatchObject({ outOfFold: true, cases: 40, folds: 3 });
    expect(r.zeroShot!["recall@50"]).toBeGreaterThanOrEqual(r.zeroShot!["recall@10"]);
    expect(r.personas).toBeGreaterThanOrEqual(0);
    expect(r.personas).toBeLessThanOrEqual(1);
    const indexOf = (id: number) => app.catalogue.indexOf(id);
    const folds = groupedFolds(cases, 3, 1);
    expect(folds.flat()).toHaveLength(40);
    learned.forEach((chat, f) => {
      // The fold's own dialogues are never learned from; every other fold's are.
      const dialogues = chat.filter((c) => c.source !== "personas").length;
      expect(dialogues).toBe(40 - folds[f]!.length);
      const personasIn = personas.filter((q) =>
        chat.some((c) => c.source === "personas" && c.likes[0] === indexOf(q.likeIds[0]!)),
      );
      expect(personasIn).toHaveLength(4);
    });
    // Each persona is left out of exactly one refit.
    const leftOut = learned.flatMap((chat) =>
      personas
        .filter((q) => !chat.some((c) => c.source === "personas" && c.likes[0] === indexOf(q.likeIds[0]!)))
        .map((q) => q.id),
    );
    expect(leftOut.sort()).toEqual(personas.map((q) => q.id));
  }, 120_000);
});
