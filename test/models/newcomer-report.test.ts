import { join } from "node:path";
import { describe, expect, test, vi } from "vitest";
import { loadData } from "../../bot/app.ts";
import { newcomerReport } from "../../bot/commands/eval-newcomer.ts";
import { groupedFolds, personasOutOfFold, zeroShotOutOfFold } from "../../bot/commands/eval-zero-shot.ts";
import { loadConfig } from "../../bot/config.ts";
import { Catalogue } from "../../core/catalogue.ts";
import { silentLog } from "../../core/log.ts";
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

describe("zero-shot out of fold", () => {
  test("refits the blend per fold and scores each case once, by the cases it never learned from", async () => {
    const app = await tinyApp();
    const served = popularity.fit({ nItems: app.gold.movies.length, interactions: app.gold.interactions });
    const cases = Array.from({ length: 40 }, (_, k) => ({
      id: `c${k}`,
      likeIds: [1 + (k % 5), 6 + (k % 7)],
      targetIds: [12 + (k % 9)],
    }));
    const r = await zeroShotOutOfFold({ ...app, models: { popularity: served, ranker: served } }, cases, {
      folds: 3,
      seed: 1,
      skip: SKIP,
    });
    expect(r.outOfFold).toBe(true);
    expect(r.cases).toBe(40);
    expect(r.folds).toBe(3);
    expect(groupedFolds(cases, 3, 1).flat()).toHaveLength(40);
    expect(r["recall@50"]).toBeGreaterThanOrEqual(r["recall@10"]);
  }, 120_000);

  test("personas out of fold: each fold's blend learns from every persona but the fold's own, and the dialogues", async () => {
    const app = await tinyApp();
    const served = popularity.fit({ nItems: app.gold.movies.length, interactions: app.gold.interactions });
    const personas = Array.from({ length: 6 }, (_, k) => ({
      id: `p${k}`,
      likeIds: [1 + k],
      goodIds: [10 + k, 11 + k],
    }));
    const dialogue = { likes: [0], targets: [2] };
    const fit = vi.spyOn(MODEL_KINDS.blend!, "fit");
    const p = await personasOutOfFold({ ...app, models: { popularity: served, ranker: served } }, personas, {
      folds: 3,
      seed: 1,
      skip: SKIP,
      alsoLearnFrom: [dialogue],
    });
    const learned = fit.mock.calls.map(([data]) => (data as TrainingData).chatCases ?? []);
    fit.mockRestore();
    expect(learned).toHaveLength(3);
    const indexOf = (id: number) => app.catalogue.indexOf(id);
    const leftOut = learned.map((cases) =>
      personas.filter(
        (q) => !cases.some((c) => c.source === "personas" && c.likes[0] === indexOf(q.likeIds[0]!)),
      ),
    );
    // Two personas per fold left out, each persona left out exactly once; the dialogue always in.
    for (const l of leftOut) expect(l).toHaveLength(2);
    expect(
      leftOut
        .flat()
        .map((q) => q.id)
        .sort(),
    ).toEqual(personas.map((q) => q.id));
    for (const cases of learned) expect(cases).toContainEqual(dialogue);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  }, 120_000);
});
