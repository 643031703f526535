import type { Command } from "commander";
import { startDiscordBot } from "../../adapters/discord/client.ts";
import { startTelegramBot } from "../../adapters/telegram/index.ts";
import { UserFacingError } from "../../core/errors.ts";
import { loadConfig } from "../config.ts";
import type { PromotedModel } from "../jobs/retrain-job.ts";
import { openServing } from "../serve.ts";
import { chatWith } from "./chat.ts";
import { discordCredentials } from "./discord.ts";
import { startWeb } from "./serve-web.ts";
import { followPromoted, promotedMessage } from "./shard-models.ts";
import { parseShards, runShardManager, shardingProblem, shardOfEnv } from "./shards.ts";
import { type CommonOptions, setup, setupApp, withData } from "./shared.ts";

/**
 * Chat platforms send one message per card, and a phone screen fits about five; the terminal
 * shows ten as a compact list.
 */
const CHAT_PAGE_SIZE = 5;

interface StartOptions extends CommonOptions {
  shards?: "auto" | number;
}

export function registerStart(program: Command): void {
  withData(program.command("start"))
    .description(
      "run the bot: Discord if DISCORD_TOKEN is set, Telegram if TELEGRAM_TOKEN is set (both if both), " +
        "the web app if MATINEE_HTTP_PORT is set, else the terminal chat",
    )
    .option(
      "--shards <auto|N>",
      "Discord only: run the bot as N shard processes (auto: as many as Discord recommends), " +
        "sharing the store (SQLite file or MATINEE_DATABASE_URL)",
      parseShards,
    )
    .addHelpText(
      "after",
      [
        "",
        "Several instances (README, Running at scale):",
        "  Discord   --shards auto|N: one process per shard, all on one store",
        "  Telegram  webhook mode (TELEGRAM_WEBHOOK_URL) behind one URL: each update answered once;",
        "            long polling is one instance (a second poller stops the first)",
        "  Several machines share MATINEE_DATABASE_URL (PostgreSQL).",
      ].join("\n"),
    )
    .action(async (options: StartOptions) => {
      // A process a ShardingManager spawned: one Discord shard, whatever the options say.
      const shard = shardOfEnv(process.env);
      if (shard) return runBots(options, shard);
      if (options.shards !== undefined) {
        const { config, log } = setup(options);
        discordCredentials(config);
        // Checked before asking Discord: a wrong platform or store fails without the network.
        const problem = shardingProblem(config, options.shards === "auto" ? 1 : options.shards);
        if (problem) throw new UserFacingError(problem);
        return runShardManager({
          requested: options.shards,
          config,
          log,
          ...(options.data ? { dataDir: options.data } : {}),
        });
      }
      const wanted = loadConfig(process.env, options.data ? { dataDir: options.data } : {});
      if (!wanted.discordToken && !wanted.telegramToken && !wanted.httpPort) {
        if (process.stdin.isTTY) process.stderr.write("Loading films…\n");
        const { app, config, log } = await setupApp(options, true, { background: true });
        await chatWith(app, config, log);
        return;
      }
      return runBots(options);
    });
}

/**
 * The bots the configuration names, in this process, until a signal (or, for a shard, until
 * its manager goes away). A shard runs Discord alone; shard i serves metrics on the port + i,
 * and only the process with shard 0 runs the scheduled jobs (one retrain, not one per shard).
 */
async function runBots(options: CommonOptions, shard?: { ids: number[]; count: number }): Promise<void> {
  const wanted = loadConfig(process.env, options.data ? { dataDir: options.data } : {});
  // Check the Discord settings before the slow part, so a missing id fails at once.
  const discord = wanted.discordToken ? discordCredentials(wanted) : undefined;
  const loaded = await setupApp(options, false, { background: true });
  const { app } = loaded;
  const first = shard?.ids[0] ?? 0;
  const config = shard
    ? {
        ...loaded.config,
        ...(loaded.config.metricsPort ? { metricsPort: loaded.config.metricsPort + first } : {}),
      }
    : loaded.config;
  const log = shard ? loaded.log.child({ shard: shard.ids }) : loaded.log;
  const runsJobs = !shard || shard.ids.includes(0);
  // With shards, shard 0 retrains and the manager passes what it promoted on to the others.
  const toManager = shard && process.send ? process.send.bind(process) : undefined;
  const serving = await openServing(app, config, log, {
    jobs: runsJobs,
    ...(toManager ? { onPromoted: (models: PromotedModel[]) => toManager(promotedMessage(models)) } : {}),
  });
  if (shard) process.on("message", followPromoted({ models: app.models, registry: app.registry }, log));
  const bots: { stop(): Promise<void> }[] = [];
  // Settles with a reason when a bot stopped on its own (Telegram's 409: another poller).
  const failures: Promise<Error | undefined>[] = [];
  const stopAll = async () => {
    await Promise.allSettled(bots.map((b) => b.stop()));
    await serving.close();
  };
  try {
    if (discord) {
      bots.push(
        await startDiscordBot({
          matinee: serving.matinee(CHAT_PAGE_SIZE),
          ...discord,
          log,
          ...(config.discordApiUrl ? { restApi: config.discordApiUrl } : {}),
          ...(shard ? { shards: shard } : {}),
        }),
      );
      log.info({ platform: "discord" }, "bot online");
    }
    if (config.telegramToken && !shard) {
      const telegram = await startTelegramBot({
        matinee: serving.matinee(CHAT_PAGE_SIZE),
        token: config.telegramToken,
        log,
        // Each update answered once, whichever instance (or a resend) brings it.
        claimUpdate: (id) => serving.store.claimUpdate(id),
        startRetry: config.telegramStart,
        ...(config.telegramApiRoot ? { apiRoot: config.telegramApiRoot } : {}),
        ...(config.telegramWebhook ? { webhook: config.telegramWebhook } : {}),
      });
      bots.push(telegram);
      failures.push(telegram.stopped);
      log.info({ platform: "telegram", mode: config.telegramWebhook ? "webhook" : "polling" }, "bot online");
    }
    // MATINEE_HTTP_PORT: the web app too, on the same store (one process, not one per shard).
    if (config.httpPort && !shard) {
      const web = await startWeb(app, serving, config, log, config.httpPort);
      bots.push({ stop: () => web.close() });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  if (serving.jobs.names.length > 0) log.info({ jobs: serving.jobs.names }, "scheduled jobs on");
  const signalled = new Promise<undefined>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, "shutting down");
      resolve(undefined);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
    // A shard whose manager died (its IPC channel closed) stops instead of serving orphaned.
    if (shard) process.once("disconnect", () => stop("manager gone"));
  });
  // A bot that stopped by itself takes the process down with its reason (one line, exit 1):
  // half a bot serving on would hide that the other half is gone.
  const failed = await Promise.race([
    signalled,
    ...failures.map((f) => f.then((error) => error ?? new Promise<never>(() => {}))),
  ]);
  await stopAll();
  // The IPC channel to the manager would keep a stopped shard's process alive.
  if (shard && process.connected) process.disconnect();
  if (failed) throw failed;
}
