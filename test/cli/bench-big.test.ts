import { expect, test } from "vitest";
import { benchBig, bigShape } from "../../bot/commands/bench-big.ts";

test("the big shape keeps ML-32M's ratios", () => {
  expect(bigShape(32_000_000)).toEqual({ ratings: 32_000_000, films: 87_585, users: 200_948 });
  expect(bigShape(1_000_000)).toMatchObject({ films: 2_737, users: 6_280 });
});

test("the big bench generates, loads from the CSV, then from the gold cache (small size)", async () => {
  const big = await benchBig(20_000);
  expect(big.stats).toMatchObject({ ratings: 20_000, items: 2_000, users: 126, skippedRatings: 0 });
  expect(big.loadFromCsv.fromCache).toBe(false);
  expect(big.loadFromCache.fromCache).toBe(true);
  expect(big.loadFromCsv.peakRssMB).toBeGreaterThan(0);
  expect(big.loadFromCache.peakRssMB).toBeGreaterThan(0);
}, 60_000);
