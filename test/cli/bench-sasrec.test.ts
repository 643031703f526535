import { expect, test } from "vitest";
import type { App } from "../../bot/app.ts";
import { benchSasrec } from "../../bot/commands/bench-sasrec.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import { interactionsOf } from "../models/fixtures.ts";

/** Users walking the same 12-film loop from different starts. */
const users = Array.from({ length: 40 }, (_, u) => ({
  items: Array.from({ length: 10 }, (_, i) => (u + i) % 12),
}));
const data = { nItems: 12, interactions: interactionsOf(users) };

function appServing(ranker: App["models"]["ranker"]): App {
  return {
    registry: { promoted: async () => undefined },
    gold: { interactions: data.interactions, dataHash: "test" },
    models: { ranker, popularity: ranker },
  } as unknown as App;
}

test("bench reports the served blend's sasrec member when no sasrec is promoted on its own", async () => {
  const blend = await MODEL_KINDS.blend!.fit(data, {
    terms: ["sasrec", "popularity"],
    memberConfigs: { sasrec: { dim: 8, blocks: 1, maxLen: 4, epochs: 2, batchSize: 16, dropout: 0 } },
    bounds: [5, 100],
  });
  const report = (await benchSasrec(appServing(blend))) as {
    source?: string;
    training?: { backend: string; epochs: number; threads: number; trainSeconds: number; loss: string };
    scoreUser?: { n: number; p50Ms: number; p99Ms: number };
  };
  expect(report.source).toBe("the served blend's member");
  expect(["tensorflow", "wasm", "cpu"]).toContain(report.training?.backend);
  expect(report.training?.epochs).toBeGreaterThan(0);
  expect(report.training?.threads).toBe(2);
  expect(report.training?.loss).toBe(
    "full softmax over the films rated 3+ times, 0.6 of each target from a cross-fitted seq-knn teacher, each user's positions weighted n^-0.5",
  );
  expect(report.training?.trainSeconds).toBeGreaterThan(0);
  expect(report.scoreUser?.n).toBe(users.length);
  expect(report.scoreUser?.p99Ms).toBeGreaterThanOrEqual(report.scoreUser?.p50Ms ?? Number.NaN);

  // Above fullSoftmaxUpTo films the member trains with the sampled softmax, and says so.
  const sampled = await MODEL_KINDS.blend!.fit(data, {
    terms: ["sasrec", "popularity"],
    memberConfigs: {
      sasrec: {
        dim: 8,
        blocks: 1,
        maxLen: 4,
        epochs: 1,
        batchSize: 16,
        dropout: 0,
        fullSoftmaxUpTo: 0,
        negatives: 5,
      },
    },
    bounds: [5, 100],
  });
  const sampledTraining = ((await benchSasrec(appServing(sampled))) as { training?: Record<string, unknown> })
    .training;
  expect(sampledTraining?.loss).toBe(
    "sampled softmax: the batch's next films + 5 shared negatives, logQ-corrected, each user's positions weighted n^-0.5",
  );
  // The member learns from a part of each history (the blend holds some back): 2 windows or fewer a user.
  expect(sampledTraining?.windows).toBeGreaterThanOrEqual(users.length);
  expect(sampledTraining?.windows).toBeLessThanOrEqual(2 * users.length);
  expect(sampledTraining?.windowsPerUser).toBe(200);

  const withoutSasrec = await MODEL_KINDS.blend!.fit(data, { terms: ["popularity"], bounds: [5, 100] });
  expect(await benchSasrec(appServing(withoutSasrec))).toEqual({
    promoted: false,
    note: expect.stringContaining("run `matinee train`"),
  });
}, 120_000);
