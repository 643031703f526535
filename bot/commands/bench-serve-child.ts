import { z } from "zod";
import { silentLog } from "../../core/log.ts";
import { loadData, loadServingApp, registryFor } from "../app.ts";
import { loadConfig } from "../config.ts";
import { servingTurns, trainBigServing } from "./bench-serving.ts";

// The big bench's serving child: "train" registers the served models for the generated data,
// "serve" starts from the cache as `matinee start` does and times chat turns; each in its own
// process, so its peak RSS is its own.
const [mode, dataDir, cacheDir, turns] = z
  .tuple([z.enum(["train", "serve"]), z.string(), z.string(), z.coerce.number().int().positive()])
  .parse(process.argv.slice(2));
const config = loadConfig({
  MATINEE_DATA_DIR: dataDir,
  MATINEE_CACHE_DIR: cacheDir,
  MATINEE_DATASET: "ml-32m",
});
const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
let result: Record<string, unknown>;
if (mode === "train") {
  const { gold } = await loadData(config, { log: silentLog });
  result = await trainBigServing(gold, registryFor(config));
} else {
  const started = performance.now();
  const app = await loadServingApp(config, { log: silentLog });
  const startSeconds = Math.round((performance.now() - started) / 10) / 100;
  const startRssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
  result = {
    startSeconds,
    startRssMB,
    ranker: app.models.ranker.name,
    catalogueSize: app.catalogue.size,
    ...(await servingTurns(app, turns)),
  };
}
process.stdout.write(`${JSON.stringify({ ...result, peakRssMB: peakRssMB() })}\n`);
