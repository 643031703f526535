import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { writeSynthetic } from "../../data/synth.ts";

const CHILD = fileURLToPath(new URL("./bench-load-child.js", import.meta.url));
const SERVE_CHILD = fileURLToPath(new URL("./bench-serve-child.js", import.meta.url));

/** ML-32M's shape: 32M ratings by 200,948 users of 87,585 films; smaller sizes keep the ratios. */
export function bigShape(ratings: number): { ratings: number; films: number; users: number } {
  return {
    ratings,
    films: Math.max(2_000, Math.round((ratings * 87_585) / 32_000_000)),
    users: Math.max(100, Math.round((ratings * 200_948) / 32_000_000)),
  };
}

const ChildArgs = z.tuple([z.string(), z.string()]);

/** The loading child's arguments: the folder holding ml-32m/, and the cache folder. */
export function buildGoldArgs(argv: string[]) {
  const [dataDir, cacheDir] = ChildArgs.parse(argv);
  return { dataDir, cacheDir, dataset: "ml-32m" as const };
}

const ChildResult = z.object({
  fromCache: z.boolean(),
  seconds: z.number(),
  peakRssMB: z.number(),
  stats: z.object({ users: z.number(), items: z.number(), ratings: z.number() }).passthrough(),
});

const Latency = z.object({ n: z.number(), p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() });

const TrainResult = z.object({
  trainSeconds: z.record(z.string(), z.number()),
  members: z.array(z.string()),
  weightUsers: z.number(),
  peakRssMB: z.number(),
});

const ServeResult = z.object({
  startSeconds: z.number(),
  startRssMB: z.number(),
  ranker: z.string(),
  catalogueSize: z.number(),
  suggest: Latency,
  chatTurn: Latency,
  peakRssMB: z.number(),
});

/** Runs a child script and parses the JSON line it ends with. */
function inChild<T>(script: string, args: string[], schema: z.ZodType<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`big bench child failed (exit ${code}): ${err.slice(-500)}`));
      else resolve(schema.parse(JSON.parse(out.trim().split("\n").at(-1) ?? "")));
    });
  });
}

const loadInChild = (dataDir: string, cacheDir: string) => inChild(CHILD, [dataDir, cacheDir], ChildResult);

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Bytes of every file under a folder. */
async function folderBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).reduce((s, e) => s + statSync(join(e.parentPath, e.name)).size, 0);
}

/**
 * The `big` section: generated ML-32M-shaped data of `ratings` rows (1M by default, what CI
 * can afford), loaded from the CSV and then from the gold cache, each in a child process
 * whose peak RSS is the load's own; then the served models are trained and registered (a
 * child), and a start from the cache times `turns` chat turns (another child: its peak RSS is
 * serving's). `films` / `users` override the shape (e.g. ML-32M's 87,585 films with fewer
 * ratings). Everything is written to a temporary folder and removed.
 */
export async function benchBig(
  ratings = 1_000_000,
  options: { seed?: number; films?: number; users?: number; turns?: number } = {},
) {
  const seed = options.seed ?? 1;
  const root = mkdtempSync(join(tmpdir(), "matinee-bench-big-"));
  try {
    const shape = {
      ...bigShape(ratings),
      ...(options.films ? { films: options.films } : {}),
      ...(options.users ? { users: options.users } : {}),
    };
    const out = join(root, "data", "ml-32m");
    const synth = await writeSynthetic({ ...shape, seed, out });
    const cacheDir = join(root, "cache");
    const fromCsv = await loadInChild(join(root, "data"), cacheDir);
    const fromCache = await loadInChild(join(root, "data"), cacheDir);
    const turns = String(options.turns ?? 500);
    const trained = await inChild(SERVE_CHILD, ["train", join(root, "data"), cacheDir, turns], TrainResult);
    const served = await inChild(SERVE_CHILD, ["serve", join(root, "data"), cacheDir, turns], ServeResult);
    const goldDir = join(cacheDir, "gold");
    const goldFiles = await readdir(goldDir);
    return {
      shape: { ...shape, seed },
      synthSeconds: Math.round(synth.seconds * 10) / 10,
      ratingsCsvMB: mb(statSync(join(out, "ratings.csv")).size),
      goldCacheMB: mb(goldFiles.reduce((s, f) => s + statSync(join(goldDir, f)).size, 0)),
      loadFromCsv: { seconds: fromCsv.seconds, peakRssMB: fromCsv.peakRssMB, fromCache: fromCsv.fromCache },
      loadFromCache: {
        seconds: fromCache.seconds,
        peakRssMB: fromCache.peakRssMB,
        fromCache: fromCache.fromCache,
      },
      stats: fromCsv.stats,
      serving: {
        members: trained.members,
        weightUsers: trained.weightUsers,
        trainSeconds: trained.trainSeconds,
        trainPeakRssMB: trained.peakRssMB,
        modelsMB: mb(await folderBytes(join(cacheDir, "models"))),
        startFromCacheSeconds: served.startSeconds,
        rssAfterStartMB: served.startRssMB,
        peakRssMB: served.peakRssMB,
        ranker: served.ranker,
        catalogueSize: served.catalogueSize,
        suggest: served.suggest,
        chatTurn: served.chatTurn,
      },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
