import { loadGold } from "../../data/pipeline.ts";
import { buildGoldArgs } from "./bench-big.ts";

// One load of the gold layer (from the CSV or the cache), then its figures as one JSON line.
const args = buildGoldArgs(process.argv.slice(2));
const loaded = await loadGold({ ...args, download: false });
process.stdout.write(
  `${JSON.stringify({
    fromCache: loaded.fromCache,
    seconds: Math.round(loaded.seconds * 100) / 100,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    stats: loaded.gold.stats,
  })}\n`,
);
