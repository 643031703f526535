import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { DiscordAPIError, REST, Routes, type Shard, ShardingManager } from "discord.js";
import { z } from "zod";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import type { Config } from "../config.ts";
import { storeKind } from "../store/open-store.ts";
import { relayPromoted } from "./shard-models.ts";

/** The `matinee` command itself: each shard process runs `matinee start` as a shard. */
export const MATINEE_BIN = fileURLToPath(new URL("../bin.js", import.meta.url));

/** Discord's own guidance tops out in the thousands; a typo like 10000 is refused, not spawned. */
const MAX_SHARDS = 1024;
/** IDENTIFY is limited to max_concurrency per 5 s; the extra half second is discord.js's margin. */
const IDENTIFY_WINDOW_MS = 5_500;
/** A shard's first start may train models (minutes) before it connects. */
const SHARD_READY_MS = 15 * 60_000;
/** A shard process asked to stop gets this long to finish its turns before it is killed. */
const SHARD_STOP_MS = 15_000;

const ShardsOption = z.union([z.literal("auto"), z.coerce.number().int().min(1).max(MAX_SHARDS)]);

/** `--shards auto|N`, or one line saying what it takes. */
export function parseShards(value: string): "auto" | number {
  const parsed = ShardsOption.safeParse(value.trim().toLowerCase());
  if (!parsed.success)
    throw new UserFacingError(
      `--shards takes "auto" or a number of shards from 1 to ${MAX_SHARDS}, got "${value}".`,
    );
  return parsed.data;
}

/** What a discord.js ShardingManager puts in a shard process's environment. */
const ShardEnv = z.object({
  SHARDING_MANAGER: z.literal("true"),
  // "0" from a ShardingManager; discord.js also reads a JSON list, "[0,1]".
  SHARDS: z.preprocess(
    (s) => {
      try {
        const value: unknown = JSON.parse(String(s));
        return typeof value === "number" ? [value] : value;
      } catch {
        return s;
      }
    },
    z.array(z.number().int().min(0)).min(1),
  ),
  SHARD_COUNT: z.coerce.number().int().min(1),
});

/** The shards this process runs when a ShardingManager started it; undefined otherwise. */
export function shardOfEnv(env: NodeJS.ProcessEnv): { ids: number[]; count: number } | undefined {
  if (env.SHARDING_MANAGER === undefined || env.SHARDS === undefined) return undefined;
  const parsed = ShardEnv.safeParse(env);
  if (!parsed.success || parsed.data.SHARDS.some((id) => id >= parsed.data.SHARD_COUNT))
    throw new UserFacingError(
      `This process was started as a Discord shard with unusable settings (SHARDS=${env.SHARDS}, SHARD_COUNT=${env.SHARD_COUNT}).`,
    );
  return { ids: parsed.data.SHARDS, count: parsed.data.SHARD_COUNT };
}

/** GET /gateway/bot, the fields used: how many shards Discord recommends, IDENTIFYs per 5 s. */
const GatewayBot = z.object({
  shards: z.number().int().min(1),
  session_start_limit: z.object({ max_concurrency: z.number().int().min(1) }),
});

export interface GatewayAdvice {
  /** Shards Discord recommends for this bot (what `auto` runs). */
  shards: number;
  maxConcurrency: number;
}

/**
 * Asks Discord (at DISCORD_API_URL when set: discord.js's own `auto` always asks discord.com)
 * how many shards the bot needs. Also checks the token before any process is spawned.
 */
export async function gatewayAdvice(token: string, api?: string): Promise<GatewayAdvice> {
  const rest = new REST({ version: "10", ...(api ? { api } : {}) }).setToken(token);
  try {
    const parsed = GatewayBot.safeParse(await rest.get(Routes.gatewayBot()));
    if (!parsed.success)
      throw new UserFacingError(
        `Discord's /gateway/bot answer is not what Matinee expects: ${parsed.error.issues[0]!.message}`,
      );
    return {
      shards: parsed.data.shards,
      maxConcurrency: parsed.data.session_start_limit.max_concurrency,
    };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401)
      throw new UserFacingError("Discord rejected DISCORD_TOKEN (401 Unauthorized).");
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError(`Cannot ask Discord how many shards to run: ${(error as Error).message}`);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/**
 * Time between shard starts so IDENTIFYs stay within Discord's limit. A shard is spawned
 * only once the one before it is online, so this is a floor, not the whole gap.
 */
export function identifyDelayMs(maxConcurrency: number): number {
  return Math.ceil(IDENTIFY_WINDOW_MS / maxConcurrency);
}

/** Why the configuration cannot run as shards, or undefined when it can. */
export function shardingProblem(config: Config, count: number): string | undefined {
  if (!config.discordToken)
    return "--shards runs the Discord bot in several processes: set DISCORD_TOKEN and DISCORD_APP_ID.";
  if (config.telegramToken)
    return (
      "--shards is for Discord only: run Telegram as an instance of its own (without --shards; " +
      "several behind one URL in webhook mode), and leave TELEGRAM_TOKEN unset for this one."
    );
  if (storeKind(config) === "lowdb")
    return (
      `--shards needs a store every shard process can open: ${config.storePath} is a one-process JSON store. ` +
      "Use a .db path (SQLite) or MATINEE_DATABASE_URL (PostgreSQL)."
    );
  if (config.metricsPort && config.metricsPort + count - 1 > 65535)
    return `MATINEE_METRICS_PORT ${config.metricsPort} leaves no port for shard ${count - 1} (shard i serves metrics on the port + i).`;
  return undefined;
}

/**
 * The manager: one process per shard, each `matinee start` with discord.js's SHARDS and
 * SHARD_COUNT in its environment; a shard that dies is started again.
 */
export function shardingManagerFor(count: number, token: string, dataDir?: string): ShardingManager {
  return new ShardingManager(MATINEE_BIN, {
    totalShards: count,
    mode: "process",
    respawn: true,
    token,
    shardArgs: ["start", ...(dataDir ? ["--data", dataDir] : [])],
    // bin.js registers tsx itself; the manager's own flags (a debugger, say) are not the shards'.
    execArgv: [],
  });
}

/** Stops every shard process (no respawn), each given time to finish its turns. */
async function stopShards(manager: ShardingManager): Promise<void> {
  await Promise.all(
    [...manager.shards.values()].map(async (shard: Shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      shard.kill();
      const timer = setTimeout(() => child.kill("SIGKILL"), SHARD_STOP_MS);
      await exited;
      clearTimeout(timer);
    }),
  );
}

export interface ShardRun {
  requested: "auto" | number;
  config: Config;
  log: Log;
  dataDir?: string;
}

/** `matinee start --shards`: spawns the shard processes, serves until a signal, stops them. */
export async function runShardManager(run: ShardRun): Promise<void> {
  const { config, log } = run;
  const advice = await gatewayAdvice(config.discordToken ?? "", config.discordApiUrl);
  const count = run.requested === "auto" ? advice.shards : run.requested;
  const problem = shardingProblem(config, count);
  if (problem) throw new UserFacingError(problem);
  if (count < advice.shards)
    log.warn(
      { shards: count, recommended: advice.shards },
      "fewer shards than Discord recommends: it may refuse them (4011); --shards auto runs what it asks for",
    );
  const manager = shardingManagerFor(count, config.discordToken!, run.dataDir);
  manager.on("shardCreate", (shard) => {
    log.info({ shard: shard.id, of: count }, "starting shard process");
    relayPromoted(shard, () => manager.shards.values(), log);
    shard.on("ready", () => log.info({ shard: shard.id, pid: shard.process?.pid }, "shard online"));
    shard.on("death", (child) =>
      log.warn(
        { shard: shard.id, code: "exitCode" in child ? child.exitCode : undefined },
        "shard process exited; starting it again",
      ),
    );
  });
  const signalled = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  const spawned = manager
    .spawn({ amount: count, delay: identifyDelayMs(advice.maxConcurrency), timeout: SHARD_READY_MS })
    .then(
      () => undefined,
      (error: unknown) =>
        new UserFacingError(`A Discord shard did not come online: ${(error as Error).message}`),
    );
  const first = await Promise.race([signalled, spawned]);
  if (first instanceof UserFacingError) {
    await stopShards(manager);
    throw first;
  }
  if (first === undefined) {
    log.info({ shards: count }, "all shards online");
    const signal = await signalled;
    log.info({ signal }, "shutting down the shards");
  } else log.info({ signal: first }, "shutting down the shards");
  await stopShards(manager);
}
