import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Log } from "../../core/log.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import { warmedUp } from "../../models/recommender.ts";
import type { ModelRegistry } from "../../models/registry/registry.ts";
import type { Config } from "../config.ts";
import type { RetrainSummary } from "./retrain.ts";

const BIN = fileURLToPath(new URL("../bin.js", import.meta.url));

/** Which served slot each trained model fills (as bot/app.ts loads them). */
const SERVING_SLOT: Record<string, keyof ServingModels> = { popularity: "popularity", blend: "ranker" };

/** pino's numeric levels → our log's methods. */
function levelOf(n: unknown): keyof Log {
  if (typeof n !== "number") return "info";
  return n >= 50 ? "error" : n >= 40 ? "warn" : n >= 30 ? "info" : "debug";
}

/**
 * The child's environment: the parent's settings as resolved (so a test's or the CLI's
 * overrides hold), and none of the bot's secrets: training needs no token or key.
 */
export function childEnv(config: Config, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept = Object.fromEntries(
    Object.entries(env).filter(([k]) => !/^(DISCORD|TELEGRAM|TMDB)_/.test(k) && !k.startsWith("MATINEE_")),
  );
  return {
    ...kept,
    MATINEE_DATA_DIR: config.dataDir,
    MATINEE_DATASET: config.dataset,
    MATINEE_CACHE_DIR: config.cacheDir,
    MATINEE_STORE_PATH: config.storePath,
    ...(config.databaseUrl ? { MATINEE_DATABASE_URL: config.databaseUrl } : {}),
    MATINEE_DOWNLOAD_URL: config.downloadUrl,
    ...(config.tmdbDir ? { MATINEE_TMDB_DIR: config.tmdbDir } : {}),
    // Progress lines are what the parent relays to its log, filtered there by its own level.
    MATINEE_LOG_LEVEL: "info",
  };
}

export interface RetrainJobOptions {
  log: Log;
  /** Models to retrain; default: the serving ones. */
  models?: readonly string[];
  /** Served models to swap in place when a retrain promotes a new version (the running bot's). */
  serving?: { models: ServingModels; registry: ModelRegistry };
  /** Gives up (and kills the child) after this long. */
  timeoutMs?: number;
  /** Told the running child, so stopping the scheduler can stop it. */
  onChild?: (child: ChildProcess | undefined) => void;
  /** Told the versions just promoted and swapped in (a shard tells the other shards). */
  onPromoted?: (models: PromotedModel[]) => void;
  /** Trains as a first start does (`retrain --first-start`): no validation pass. */
  firstStart?: boolean;
  /** Told each training progress line the child logs (for a progress line on the terminal). */
  onProgress?: (progress: TrainingProgress) => void;
}

/** One "training progress" line of the child's log. */
export interface TrainingProgress {
  model: string;
  stage: string;
  step: number;
  steps: number;
}

function progressOf(fields: Record<string, unknown>, msg: unknown): TrainingProgress | undefined {
  const { model, stage, step, steps } = fields;
  if (msg !== "training progress" || typeof model !== "string" || typeof stage !== "string") return undefined;
  if (typeof step !== "number" || typeof steps !== "number") return undefined;
  return { model, stage, step, steps };
}

/** A model version the registry promoted. */
export interface PromotedModel {
  name: string;
  version: string;
}

/**
 * Runs `matinee retrain --json` in a child process (training is CPU-bound for minutes: in
 * the bot's own process it would stall every reply), relays its log lines, and, when a
 * model was promoted, loads the new version into the running bot.
 */
export async function runRetrainJob(config: Config, options: RetrainJobOptions): Promise<RetrainSummary> {
  const { log } = options;
  const started = performance.now();
  const args = [
    BIN,
    "retrain",
    "--json",
    ...(options.firstStart ? ["--first-start"] : []),
    ...(options.models?.length ? ["--model", ...options.models] : []),
  ];
  const child = spawn(process.execPath, args, { env: childEnv(config), stdio: ["ignore", "pipe", "pipe"] });
  options.onChild?.(child);
  log.info({ job: "retrain", pid: child.pid, models: options.models ?? "serving" }, "retrain started");
  let stdout = "";
  const stderrTail: string[] = [];
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  createInterface({ input: child.stderr }).on("line", (line) => {
    let entry: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === "object" && parsed !== null) entry = parsed as Record<string, unknown>;
    } catch {
      // A plain line (a notice): relayed as it is.
    }
    if (!entry) {
      stderrTail.push(line);
      stderrTail.splice(0, stderrTail.length - 5);
      log.info({ job: "retrain" }, line);
      return;
    }
    const { level, msg, time: _t, pid: _p, hostname: _h, app: _a, ...fields } = entry;
    const progress = options.onProgress ? progressOf(fields, msg) : undefined;
    if (progress) options.onProgress?.(progress);
    log[levelOf(level)]({ job: "retrain", ...fields }, typeof msg === "string" ? msg : "");
  });
  const timer = setTimeout(
    () => {
      log.error({ job: "retrain", timeoutMs: options.timeoutMs }, "retrain took too long; stopping it");
      child.kill("SIGTERM");
    },
    options.timeoutMs ?? 6 * 3600_000,
  );
  timer.unref();
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c, s) => resolve([c, s]));
  }).finally(() => {
    clearTimeout(timer);
    options.onChild?.(undefined);
  });
  if (code !== 0) {
    const why = signal ? `stopped by ${signal}` : `exit code ${code}`;
    throw new Error(`retrain failed (${why})${stderrTail.length ? `: ${stderrTail.join(" | ")}` : ""}`);
  }
  const summary = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as RetrainSummary;
  if (options.serving) await swapPromoted(summary, options.serving, log);
  const promoted = summary.models
    .filter((m) => m.promoted)
    .map((m) => ({ name: m.name, version: m.version }));
  if (promoted.length > 0) options.onPromoted?.(promoted);
  log.info(
    {
      job: "retrain",
      seconds: Math.round((performance.now() - started) / 100) / 10,
      feedback: summary.feedback,
      models: summary.models.map((m) => ({ name: m.name, promoted: m.promoted, ndcg: m.metrics["ndcg@10"] })),
    },
    "retrain finished",
  );
  return summary;
}

/** Loads each newly promoted serving model and swaps it in: the next reply uses it. */
async function swapPromoted(
  summary: RetrainSummary,
  serving: { models: ServingModels; registry: ModelRegistry },
  log: Log,
): Promise<void> {
  for (const m of summary.models) if (m.promoted) await servePromoted(m, serving, log);
}

/**
 * Swaps one promoted version into the served models, if it is one the bot serves; false
 * for a model no slot serves (it is trained for evaluation only).
 */
export async function servePromoted(
  model: PromotedModel,
  serving: { models: ServingModels; registry: ModelRegistry },
  log: Log,
): Promise<boolean> {
  const slot = SERVING_SLOT[model.name];
  if (!slot) return false;
  serving.models[slot] = warmedUp(await serving.registry.load(model.name, model.version));
  log.info({ job: "retrain", model: model.name, version: model.version }, "now serving the retrained model");
  return true;
}
