import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { writeSynthetic } from "../../data/synth.ts";

const CHILD = fileURLToPath(new URL("./bench-load-child.js", import.meta.url));

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

function loadInChild(dataDir: string, cacheDir: string): Promise<z.infer<typeof ChildResult>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, cacheDir], { stdio: ["ignore", "pipe", "pipe"] });
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
      if (code !== 0) reject(new Error(`big bench load failed (exit ${code}): ${err.slice(-500)}`));
      else resolve(ChildResult.parse(JSON.parse(out.trim().split("\n").at(-1) ?? "")));
    });
  });
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/**
 * The `big` section: generated ML-32M-shaped data of `ratings` rows (1M by default, what CI
 * can afford), loaded from the CSV and then from the gold cache, each in a child process
 * whose peak RSS is the load's own. Everything is written to a temporary folder and removed.
 */
export async function benchBig(ratings = 1_000_000, seed = 1) {
  const root = mkdtempSync(join(tmpdir(), "matinee-bench-big-"));
  try {
    const shape = bigShape(ratings);
    const out = join(root, "data", "ml-32m");
    const synth = await writeSynthetic({ ...shape, seed, out });
    const cacheDir = join(root, "cache");
    const fromCsv = await loadInChild(join(root, "data"), cacheDir);
    const fromCache = await loadInChild(join(root, "data"), cacheDir);
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
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
