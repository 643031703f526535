import { Memory } from "lowdb";
import { startTelegramBot, type TelegramBot, type TelegramBotOptions } from "../../adapters/telegram/bot.ts";
import { createMatinee } from "../../core/matinee.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { sharedApp } from "../helpers/app.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import type { FloodWindow } from "./flood-control.ts";

/**
 * Telegram's 20 messages a group, in a window of a second instead of a minute: a suite's bursts
 * still meet the 429 (and the bot's auto-retry), but wait a second, not up to a minute.
 */
export const SUITE_GROUP_MESSAGES: FloodWindow = { limit: 20, windowMs: 1000 };

/** One test file's bot: the fake Bot API on 127.0.0.1, a fresh in-memory store, Matinee over the shared app. */
export interface BotOnFake {
  fake: FakeBotApi;
  store: LowdbStore;
  running: TelegramBot;
}

/** Starts the real adapter against a fake Bot API; the options are the adapter's own (log, webhook, …). */
export async function startBotOnFake(
  options: Omit<TelegramBotOptions, "matinee" | "token" | "apiRoot">,
): Promise<BotOnFake> {
  const app = await sharedApp();
  const fake = await FakeBotApi.start({ groupMessages: SUITE_GROUP_MESSAGES });
  const store = new LowdbStore(new Memory<StoreData>());
  // The bot's own page size (bot/commands/start.ts): a list is 5 cards, one Telegram message.
  const matinee = createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    pageSize: 5,
  });
  const running = await startTelegramBot({ ...options, matinee, token: fake.token, apiRoot: fake.apiRoot });
  return { fake, store, running };
}

/** Stops what `startBotOnFake` started (any part that did start, if it failed half way). */
export async function stopBotOnFake(run: Partial<BotOnFake>): Promise<void> {
  await run.running?.stop();
  await run.fake?.close();
  await run.store?.close();
}
