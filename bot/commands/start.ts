import type { Command } from "commander";
import { startDiscordBot } from "../../adapters/discord/client.ts";
import { startTelegramBot } from "../../adapters/telegram/index.ts";
import { loadConfig } from "../config.ts";
import { openServing } from "../serve.ts";
import { chatWith } from "./chat.ts";
import { discordCredentials } from "./discord.ts";
import { type CommonOptions, setupApp, withData } from "./shared.ts";

/**
 * Chat platforms send one message per card, and a phone screen fits about five; the terminal
 * shows ten as a compact list.
 */
const CHAT_PAGE_SIZE = 5;

export function registerStart(program: Command): void {
  withData(program.command("start"))
    .description(
      "run the bot: Discord if DISCORD_TOKEN is set, Telegram if TELEGRAM_TOKEN is set (both if both), " +
        "else the terminal chat",
    )
    .action(async (options: CommonOptions) => {
      const wanted = loadConfig(process.env, options.data ? { dataDir: options.data } : {});
      if (!wanted.discordToken && !wanted.telegramToken) {
        if (process.stdin.isTTY) process.stderr.write("Loading films…\n");
        const { app, config, log } = await setupApp(options, true);
        await chatWith(app, config, log);
        return;
      }
      // Check the Discord settings before the slow part, so a missing id fails at once.
      const discord = wanted.discordToken ? discordCredentials(wanted) : undefined;
      const { app, config, log } = await setupApp(options);
      const serving = await openServing(app, config, log);
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
            }),
          );
          log.info({ platform: "discord" }, "bot online");
        }
        if (config.telegramToken) {
          const telegram = await startTelegramBot({
            matinee: serving.matinee(CHAT_PAGE_SIZE),
            token: config.telegramToken,
            log,
            // Each update answered once, whichever instance (or a resend) brings it.
            claimUpdate: (id) => serving.store.claimUpdate(id),
            ...(config.telegramWebhook ? { webhook: config.telegramWebhook } : {}),
          });
          bots.push(telegram);
          failures.push(telegram.stopped);
          log.info(
            { platform: "telegram", mode: config.telegramWebhook ? "webhook" : "polling" },
            "bot online",
          );
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
      });
      // A bot that stopped by itself takes the process down with its reason (one line, exit 1):
      // half a bot serving on would hide that the other half is gone.
      const failed = await Promise.race([
        signalled,
        ...failures.map((f) => f.then((error) => error ?? new Promise<never>(() => {}))),
      ]);
      await stopAll();
      if (failed) throw failed;
    });
}
