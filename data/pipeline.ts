import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { deserialize, serialize } from "node:v8";
import { z } from "zod";
import { UserFacingError } from "../core/errors.ts";
import { type Log, silentLog } from "../core/log.ts";
import { decodeArrays, encodeArrays } from "./array-file.ts";
import { DATASETS, type DatasetName } from "./datasets.ts";
import { type DownloadOptions, datasetPresent, downloadDataset } from "./download.ts";
import {
  buildInteractions,
  buildItemFeatures,
  buildPopularity,
  type Gold,
  type GoldCatalogue,
  type Interactions,
  userCount,
} from "./gold.ts";
import type { ReadProgress } from "./raw.ts";
import { buildSilverMovies } from "./silver.ts";
import { readTmdb, tmdbSourceFiles } from "./tmdb.ts";
import { writeFileAtomic } from "./write-atomic.ts";

/** Bump when silver or gold change shape or meaning: old caches are then rebuilt. */
// 3: ratings of the same second ordered by a seeded hash of (user, movie), not by movieId.
const PIPELINE_VERSION = 4;

export interface DataOptions {
  /** Folder holding dataset folders (ml-latest-small/ …), or a dataset folder itself. */
  dataDir: string;
  dataset: DatasetName;
  /** Folder with TMDB exports; defaults to `<dataDir>/tmdb` or `<dataDir>/../tmdb`. */
  tmdbDir?: string;
  cacheDir: string;
  /** How to fetch the dataset when it is not on disk; `false` never downloads. */
  download: DownloadOptions | false;
  log?: Log;
  /** How far the CSV read is (bytes of ratings.csv): a first load of ML-32M reads 877 MB. */
  onProgress?: ReadProgress;
}

export interface LoadedData {
  gold: Gold;
  fromCache: boolean;
  seconds: number;
  datasetDir: string;
}

export function resolveDatasetDir(dataDir: string, dataset: DatasetName): string {
  const spec = DATASETS[dataset];
  const direct = resolve(dataDir);
  if (datasetPresent(direct, spec.requiredFiles) && !existsSync(join(direct, dataset))) return direct;
  return join(direct, dataset);
}

export function resolveTmdbDir(options: Pick<DataOptions, "dataDir" | "tmdbDir">): string | undefined {
  if (options.tmdbDir) return options.tmdbDir;
  const root = resolve(options.dataDir);
  return [join(root, "tmdb"), join(dirname(root), "tmdb")].find((d) => existsSync(d));
}

/** Cheap identity of the inputs (path, size, mtime), so a warm start never reads the CSVs. */
function fingerprint(files: string[]): string {
  const h = createHash("sha256").update(`pipeline:${PIPELINE_VERSION}`);
  for (const f of files) {
    const s = statSync(f);
    h.update(`${resolve(f)}:${s.size}:${s.mtimeMs}`);
  }
  return h.digest("hex").slice(0, 16);
}

async function contentHash(files: string[]): Promise<string> {
  const h = createHash("sha256");
  for (const f of [...files].sort()) {
    for await (const chunk of createReadStream(f)) h.update(chunk as Buffer);
  }
  return h.digest("hex");
}

function sourceFiles(dir: string, dataset: DatasetName): string[] {
  return DATASETS[dataset].sourceFiles.map((f) => join(dir, f)).filter((f) => existsSync(f));
}

async function ensureDataset(options: DataOptions, log: Log): Promise<string> {
  const spec = DATASETS[options.dataset];
  const dir = resolveDatasetDir(options.dataDir, options.dataset);
  if (datasetPresent(dir, spec.requiredFiles)) return dir;
  if (!options.download) {
    throw new UserFacingError(
      `No ${options.dataset} data in ${resolve(options.dataDir)} (looked for ${spec.requiredFiles.join(", ")}).\n` +
        `Set MATINEE_DATA_DIR (or pass --data DIR) to a folder that contains ${options.dataset}/.`,
    );
  }
  log.info({ dataset: options.dataset, dataDir: options.dataDir }, "dataset not found locally; downloading");
  const manifest = await downloadDataset(options.dataset, resolve(options.dataDir), options.download);
  log.info({ ...manifest }, "dataset downloaded and verified");
  const unpacked = join(resolve(options.dataDir), options.dataset);
  if (!datasetPresent(unpacked, spec.requiredFiles)) {
    throw new UserFacingError(
      `The ${options.dataset} download did not contain ${spec.requiredFiles.join(", ")}.`,
    );
  }
  return unpacked;
}

/** Silver and gold from the raw files: the slow path, run once per data change. */
export async function buildGold(
  datasetDir: string,
  dataset: DatasetName,
  tmdbDir?: string,
  onProgress?: ReadProgress,
): Promise<Gold> {
  const raw = await DATASETS[dataset].read(datasetDir, onProgress);
  const tmdb = tmdbDir ? await readTmdb(tmdbDir) : undefined;
  const movies = buildSilverMovies(raw, tmdb);
  const indexById = new Map(movies.map((m, i) => [m.movieId, i]));
  const { interactions, skipped } = buildInteractions(raw.ratings, (id) => indexById.get(id));
  return {
    dataset,
    dataHash: await contentHash([...raw.files, ...(tmdb?.files ?? [])]),
    movies,
    interactions,
    popularity: buildPopularity(interactions, movies.length),
    itemFeatures: buildItemFeatures(movies),
    stats: {
      users: userCount(interactions),
      items: movies.length,
      ratings: interactions.items.length,
      skippedRatings: skipped,
    },
  };
}

/** The gold cache's two files: the catalogue part (everything but the ratings), and the ratings. */
function cacheFiles(options: DataOptions, inputs: string[]) {
  const stem = join(options.cacheDir, "gold", `${options.dataset}-${fingerprint(inputs)}`);
  return { catalogue: `${stem}.catalogue.v8`, ratings: `${stem}.ratings.bin` };
}

const RatingsMeta = z.object({ kind: z.literal("interactions") });

/** The ratings as an array file: they load as views into the one buffer read (no copy). */
function encodeRatings(x: Interactions): Uint8Array[] {
  const { userIds, offsets, items, ratings, timestamps } = x;
  return encodeArrays({ kind: "interactions" }, { userIds, offsets, items, ratings, timestamps });
}

function decodeRatings(bytes: Uint8Array): Interactions {
  const { meta, arrays } = decodeArrays(bytes);
  const { userIds, offsets, items, ratings, timestamps } = arrays;
  if (
    !RatingsMeta.safeParse(meta).success ||
    !(userIds instanceof Int32Array && offsets instanceof Int32Array && items instanceof Int32Array) ||
    !(ratings instanceof Float32Array && timestamps instanceof Float64Array) ||
    offsets.length !== userIds.length + 1 ||
    offsets[offsets.length - 1] !== items.length ||
    ratings.length !== items.length ||
    timestamps.length !== items.length
  )
    throw new Error("not a ratings file of the expected shape");
  return { userIds, offsets, items, ratings, timestamps };
}

/** The gold layer without its ratings, and a way to read them when they are wanted. */
export interface LoadedCatalogue {
  gold: GoldCatalogue;
  /** The ratings (read from the cache, or those just built); the first call reads them. */
  ratings: () => Promise<Interactions>;
  fromCache: boolean;
  seconds: number;
  datasetDir: string;
}

/**
 * The gold layer without the ratings: what serving needs once its models are trained (a bot
 * keeps no 32M rows in memory, ~512 MB at ML-32M, to answer chats). From the cache when the
 * sources are unchanged, else built from the files like `loadGold`, and cached.
 */
export async function loadCatalogue(options: DataOptions): Promise<LoadedCatalogue> {
  const log = options.log ?? silentLog;
  const started = performance.now();
  const datasetDir = await ensureDataset(options, log);
  const inputs = goldInputs(options, datasetDir);
  const files = cacheFiles(options, inputs);
  const unreadable = (file: string, error: unknown) =>
    log.warn({ cacheFile: file, err: (error as Error).message }, "gold cache unreadable; rebuilding");
  if (existsSync(files.catalogue) && existsSync(files.ratings)) {
    try {
      const gold = deserialize(await readFile(files.catalogue)) as GoldCatalogue;
      const seconds = (performance.now() - started) / 1000;
      log.debug({ cacheFile: files.catalogue, seconds }, "gold catalogue loaded from cache");
      let read: Promise<Interactions> | undefined;
      // A damaged ratings file is rebuilt from the sources, as a damaged catalogue file is.
      const ratings = () => {
        read ??= readFile(files.ratings)
          .then(decodeRatings)
          .catch(async (error: unknown) => {
            unreadable(files.ratings, error);
            return (await buildAndCache(options, datasetDir, inputs, log)).interactions;
          });
        return read;
      };
      return { gold, ratings, fromCache: true, seconds, datasetDir };
    } catch (error) {
      unreadable(files.catalogue, error);
    }
  }
  const { interactions, ...gold } = await buildAndCache(options, datasetDir, inputs, log);
  const seconds = (performance.now() - started) / 1000;
  return { gold, ratings: async () => interactions, fromCache: false, seconds, datasetDir };
}

/**
 * The gold layer for a dataset: from the on-disk cache when the sources are unchanged,
 * else built from the files (downloading them first if allowed) and cached.
 */
export async function loadGold(options: DataOptions): Promise<LoadedData> {
  const started = performance.now();
  const { gold, ratings, fromCache, datasetDir } = await loadCatalogue(options);
  const full: Gold = { ...gold, interactions: await ratings() };
  return { gold: full, fromCache, seconds: (performance.now() - started) / 1000, datasetDir };
}

function goldInputs(options: DataOptions, datasetDir: string): string[] {
  const tmdbDir = resolveTmdbDir(options);
  return [...sourceFiles(datasetDir, options.dataset), ...(tmdbDir ? tmdbSourceFiles(tmdbDir) : [])];
}

/** The slow path: gold from the files, written to the cache (older caches of the dataset removed). */
async function buildAndCache(options: DataOptions, datasetDir: string, inputs: string[], log: Log) {
  const started = performance.now();
  const gold = await buildGold(datasetDir, options.dataset, resolveTmdbDir(options), options.onProgress);
  const files = cacheFiles(options, inputs);
  const cacheDir = dirname(files.catalogue);
  await mkdir(cacheDir, { recursive: true });
  const { interactions, ...catalogue } = gold;
  // Ratings first: the catalogue file is what a start looks for, so it names a complete cache.
  await writeFileAtomic(files.ratings, encodeRatings(interactions));
  await writeFileAtomic(files.catalogue, serialize(catalogue));
  const kept = new Set([files.catalogue, files.ratings]);
  for (const old of await readdir(cacheDir)) {
    const cached = old.endsWith(".v8") || old.endsWith(".bin");
    if (old.startsWith(`${options.dataset}-`) && cached && !kept.has(join(cacheDir, old))) {
      await rm(join(cacheDir, old), { force: true });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  log.info({ dataset: options.dataset, ...gold.stats, seconds }, "gold data built from source files");
  return gold;
}
