import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { JSONFile } from "lowdb/node";
import { beforeAll, describe, expect, test } from "vitest";
import { registryFor } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { childEnv, runRetrainJob } from "../../bot/jobs/retrain-job.ts";
import type { Log } from "../../core/log.ts";
import { applyOpinions } from "../../core/profile/profile.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import type { Recommender } from "../../models/recommender.ts";
import { recordingLog } from "../helpers/recording-log.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { writeTinyDataset } from "./tiny-dataset.ts";

/** Writes chat users into the store as the bot does: each likes/dislikes films in this order, a minute apart. */
async function addChatUsers(
  storePath: string,
  prefix: string,
  histories: { like?: number; dislike?: number }[][],
) {
  mkdirSync(dirname(storePath), { recursive: true });
  const store = new LowdbStore(new JSONFile<StoreData>(storePath));
  let at = Date.UTC(2025, 5, 1);
  for (const [u, history] of histories.entries()) {
    await store.update(`${prefix}:${u}`, (s) => {
      let profile = s.profile;
      for (const step of history) {
        at += 60_000;
        if (step.like) profile = applyOpinions(profile, [{ movieId: step.like, opinion: "like" }], at);
        if (step.dislike)
          profile = applyOpinions(profile, [{ movieId: step.dislike, opinion: "dislike" }], at);
      }
      return { ...s, profile };
    });
  }
  await store.close();
}

const dummy = (name: string): Recommender => ({
  name,
  nItems: 0,
  score: () => new Float32Array(0),
  explain: () => [],
  similar: () => [],
  toArtifact: () => ({ model: name, config: {}, arrays: {} }),
});

describe("the scheduled retrain on a tiny generated dataset", () => {
  const root = tempDir("matinee-retrain-");
  const data = writeTinyDataset(join(root, "data"));
  const config = loadConfig({
    MATINEE_DATA_DIR: data.dataDir,
    MATINEE_CACHE_DIR: join(root, "cache"),
    MATINEE_STORE_PATH: join(root, "state", "store.json"),
    MATINEE_DOWNLOAD_URL: "http://127.0.0.1:9/never",
  });
  const serving: ServingModels = { popularity: dummy("popularity"), ranker: dummy("blend") };
  const registry = registryFor(config);
  const run = (log: Log) =>
    runRetrainJob(config, { log, models: ["popularity"], serving: { models: serving, registry } });
  let first: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    first = await run(recordingLog().log);
  }, 60_000);

  test("the first run has no feedback, and promotes (nothing served yet)", () => {
    expect(first.feedback).toEqual({ users: 0, ratings: 0 });
    expect(first.models).toHaveLength(1);
    expect(first.models[0]).toMatchObject({
      name: "popularity",
      promoted: true,
      reason: "no model served yet",
    });
    expect(first.models[0]!.metrics["ndcg@10"]).toBeGreaterThan(0);
  });

  test("feedback that lowers validation NDCG is kept out; feedback that raises it is promoted and served", async () => {
    const served = serving.popularity;
    const baseline = first.models[0]!.metrics["ndcg@10"]!;
    const [top, second] = data.byPopularity;
    const [r1, r2, r3] = data.unrated;

    // Chat users whose next film is one nobody else rated: popularity can't guess it.
    await addChatUsers(
      config.storePath,
      "telegram",
      Array.from({ length: 25 }, () => [{ like: r1 }, { dislike: r2 }, { like: r3 }]),
    );
    const { log, lines } = recordingLog();
    const worse = await run(log);
    expect(worse.feedback).toEqual({ users: 25, ratings: 75 });
    expect(worse.dataset).toBe("ml-latest-small+feedback");
    const w = worse.models[0]!;
    expect(w.metrics["ndcg@10"]).toBeLessThan(baseline);
    expect(w.promoted).toBe(false);
    expect(w.reason).toMatch(/does not beat/);
    expect(serving.popularity).toBe(served);
    expect((await registry.promoted("popularity"))?.version).toBe(first.models[0]!.version);
    // The child's progress reached the parent's log, tagged with the job.
    expect(lines.some((l) => l.msg === "retraining with the bot's feedback" && l.obj.job === "retrain")).toBe(
      true,
    );
    expect(lines.some((l) => l.msg === "model trained" && l.obj.promoted === false)).toBe(true);
    expect(lines.at(-1)?.msg).toBe("retrain finished");
    // Training ran in its own process: the bot's event loop was free meanwhile.
    const started = lines.find((l) => l.msg === "retrain started");
    expect(started?.obj.pid).toEqual(expect.any(Number));
    expect(started?.obj.pid).not.toBe(process.pid);

    // Many more chat users whose next film is the most popular one: easy to guess.
    await addChatUsers(
      config.storePath,
      "discord",
      Array.from({ length: 120 }, () => [{ like: second }, { dislike: r2 }, { like: top }, { like: r1 }]),
    );
    const better = await run(recordingLog().log);
    expect(better.feedback).toEqual({ users: 145, ratings: 75 + 480 });
    const b = better.models[0]!;
    expect(b.metrics["ndcg@10"]).toBeGreaterThan(baseline);
    expect(b.promoted).toBe(true);
    expect((await registry.promoted("popularity"))?.version).toBe(b.version);
    // The running bot now serves the new version, loaded from the registry.
    expect(serving.popularity).not.toBe(served);
    expect(serving.popularity.name).toBe("popularity");
    expect(serving.ranker.nItems).toBe(0);
  }, 60_000);

  test("a failing retrain is reported with the child's reason", async () => {
    const { log } = recordingLog();
    await expect(runRetrainJob(config, { log, models: ["no-such-model"] })).rejects.toThrow(
      /retrain failed \(exit code 1\): matinee: Unknown model "no-such-model"/,
    );
  }, 30_000);
});

test("the child gets the resolved settings and none of the bot's secrets", () => {
  const config = loadConfig({
    MATINEE_CACHE_DIR: "/c",
    MATINEE_STORE_PATH: "/s.json",
    MATINEE_DATA_DIR: "/d",
  });
  const env = childEnv(config, {
    PATH: "/bin",
    DISCORD_TOKEN: "d-secret",
    TELEGRAM_TOKEN: "t-secret",
    TELEGRAM_WEBHOOK_SECRET: "w-secret",
    TMDB_API_KEY: "k-secret",
    MATINEE_RETRAIN_CRON: "0 4 * * *",
  });
  expect(env).toEqual({
    PATH: "/bin",
    MATINEE_DATA_DIR: "/d",
    MATINEE_DATASET: "ml-latest-small",
    MATINEE_CACHE_DIR: "/c",
    MATINEE_STORE_PATH: "/s.json",
    MATINEE_DOWNLOAD_URL: config.downloadUrl,
    MATINEE_LOG_LEVEL: "info",
  });
});
