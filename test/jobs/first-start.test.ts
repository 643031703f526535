import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Memory } from "lowdb";
import { describe, expect, test } from "vitest";
import { loadServingApp } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { phaseLine } from "../../bot/jobs/first-blend.ts";
import { openServing } from "../../bot/serve.ts";
import { createMatinee } from "../../core/matinee.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { recordingLog } from "../helpers/recording-log.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { writeTinyDataset } from "./tiny-dataset.ts";

describe("a first start with a fresh cache", () => {
  const root = tempDir("matinee-first-start-");
  const data = writeTinyDataset(join(root, "data"));
  const config = loadConfig({
    MATINEE_DATA_DIR: data.dataDir,
    MATINEE_CACHE_DIR: join(root, "cache"),
    MATINEE_STORE_PATH: join(root, "state", "store.json"),
    MATINEE_DOWNLOAD_URL: "http://127.0.0.1:9/never",
  });
  const [a, b, c] = data.byPopularity;
  const message = (...ids: number[]) =>
    `I loved ${ids.map((id) => `Film ${id} (${1970 + id})`).join(" and ")}`;

  test("answers at once with item-knn, then serves the blend trained in the background; the next start loads it", async () => {
    const { log, lines } = recordingLog();
    const app = await loadServingApp(config, { log, background: true });
    // Nothing trained the blend yet: the app is ready to answer with the quick stand-in.
    expect(app.blendPending).toBe(true);
    expect(app.models.ranker.name).toBe("item-knn");
    expect(await app.registry.promoted("blend")).toBeUndefined();
    const store = new LowdbStore(new Memory<StoreData>());
    const quick = createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });
    const before = await quick.handle({ platform: "test", userId: "1", text: message(a!, b!) });
    expect(before.some((r) => (r.cards?.length ?? 0) > 0)).toBe(true);
    expect(app.models.ranker.name).toBe("item-knn");

    // Serving starts the blend's training in a child process and swaps it in when promoted.
    const notices: string[] = [];
    const serving = await openServing(app, config, log, { notice: (l) => notices.push(l) });
    try {
      expect(serving.firstBlend).toBeDefined();
      const during = await serving.matinee().handle({ platform: "test", userId: "2", text: message(c!) });
      expect(during.length).toBeGreaterThan(0);
      expect(await serving.firstBlend!.done).toBe(true);
      expect(serving.firstBlend!.state()).toBe("ready");
      expect(app.models.ranker.name).toBe("blend");
      expect(app.blendPending).toBe(false);
      const promoted = await app.registry.promoted("blend");
      expect(promoted?.dataHash).toBe(app.gold.dataHash);
      const after = await serving.matinee().handle({ platform: "test", userId: "1", text: message(c!) });
      expect(after.some((r) => (r.cards?.length ?? 0) > 0)).toBe(true);
    } finally {
      await serving.close();
    }
    // The person at the terminal was told, in order: quick picks now, training, ready.
    expect(notices[0]).toMatch(/answering now with quick picks/);
    expect(notices.some((n) => /training its \d+ members/.test(n))).toBe(true);
    expect(notices.at(-1)).toMatch(/^Full recommender ready after \d+ s: now serving the blend\.$/);
    // Training ran in its own process (the bot's event loop stayed free), its progress in our log.
    const started = lines.find((l) => l.msg === "retrain started");
    expect(started?.obj.pid).not.toBe(process.pid);
    expect(lines.some((l) => l.msg === "training progress" && l.obj.model === "blend")).toBe(true);

    // A second start loads the promoted blend and trains nothing, and never reads the ratings:
    // a damaged ratings file goes unnoticed (no warning, no rebuild) and none are in memory.
    const goldDir = join(root, "cache", "gold");
    const ratingsFile = readdirSync(goldDir).find((f) => f.includes(".ratings."))!;
    writeFileSync(join(goldDir, ratingsFile), "damaged: a serving start must not read this");
    const secondLog = recordingLog();
    const again = await loadServingApp(config, { log: secondLog.log, background: true });
    expect(secondLog.lines.filter((l) => l.level === "warn")).toEqual([]);
    expect("interactions" in again.gold).toBe(false);
    expect(again.blendPending).toBeUndefined();
    expect(again.models.ranker.name).toBe("blend");
    const second = await openServing(again, config, secondLog.log);
    expect(second.firstBlend).toBeUndefined();
    await second.close();
  }, 120_000);
});

test("the blend's progress becomes one terminal line per phase", () => {
  expect(phaseLine({ model: "blend", stage: "members: ease", step: 1, steps: 10 })).toEqual({
    phase: "members",
    line: "training its 10 members",
  });
  expect(phaseLine({ model: "blend", stage: "members: ease lambda", step: 3, steps: 5 })).toBeUndefined();
  expect(phaseLine({ model: "blend", stage: "weights: bucket 4", step: 1, steps: 5 })?.phase).toBe("weights");
  expect(phaseLine({ model: "blend", stage: "refit: content", step: 9, steps: 10 })?.line).toBe(
    "retraining 10 members on all the ratings",
  );
});
