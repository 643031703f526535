import { expect, test } from "vitest";
import { benchBig, bigShape } from "../../bot/commands/bench-big.ts";

test("the big shape keeps ML-32M's ratios", () => {
  expect(bigShape(32_000_000)).toEqual({ ratings: 32_000_000, films: 87_585, users: 200_948 });
  expect(bigShape(1_000_000)).toMatchObject({ films: 2_737, users: 6_280 });
});

test("the big bench generates, loads from the CSV, then from the gold cache, then serves chat turns (small size)", async () => {
  const big = await benchBig(20_000, { turns: 40 });
  expect(big.stats).toMatchObject({ ratings: 20_000, items: 2_000, users: 126, skippedRatings: 0 });
  expect(big.loadFromCsv.fromCache).toBe(false);
  expect(big.loadFromCache.fromCache).toBe(true);
  expect(big.loadFromCsv.peakRssMB).toBeGreaterThan(0);
  expect(big.loadFromCache.peakRssMB).toBeGreaterThan(0);
  const serving = big.serving;
  // Served from the registry the training child filled: the blend of the quick members.
  expect(serving.ranker).toBe("blend");
  expect(serving.members).toEqual(expect.arrayContaining(["item-knn", "ials", "content", "popularity"]));
  expect(serving.catalogueSize).toBe(2_000);
  expect(serving.weightUsers).toBe(126);
  for (const latency of [serving.suggest, serving.chatTurn]) {
    expect(latency.n).toBe(40);
    expect(latency.p50Ms).toBeGreaterThan(0);
    expect(latency.p99Ms).toBeGreaterThanOrEqual(latency.p50Ms);
  }
  expect(serving.peakRssMB).toBeGreaterThan(0);
  expect(serving.rssAfterStartMB).toBeGreaterThan(0);
  expect(serving.startFromCacheSeconds).toBeGreaterThan(0);
  expect(Object.keys(serving.trainSeconds)).toEqual(expect.arrayContaining(["blendWeights", "ials"]));
}, 180_000);
