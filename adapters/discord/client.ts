import { once } from "node:events";
import {
  Client,
  DiscordjsError,
  DiscordjsErrorCodes,
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  Partials,
} from "discord.js";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import type { Matinee } from "../../core/matinee.ts";
import { networkCode } from "../network-error.ts";
import { type BotContext, loggable, NO_PINGS } from "./context.ts";
import { onInteraction } from "./interactions.ts";
import { onMessage, onReaction } from "./messages.ts";
import { onPollUpdate } from "./polls.ts";

export interface DiscordBotOptions {
  matinee: Matinee;
  /** The bot token (Developer Portal → Bot → Reset Token). */
  token: string;
  /** The application id its slash commands are registered under (a mismatch is logged). */
  applicationId: string;
  log: Log;
  /** Discord's REST base, "https://discord.com/api" by default; tests point it at a fake. */
  restApi?: string;
  /** Defer an interaction when the core takes longer than this (ms); Discord's limit is 3 s. */
  deferAfterMs?: number;
  /**
   * How long start-up may take (ms) before it gives up with one line saying why; discord.js
   * alone would wait out a global rate limit, or retry an unreachable network, silently.
   */
  startTimeoutMs?: number;
  /**
   * Which shards this process runs, of how many: Discord sends each server's events to one
   * shard ((guild id >> 22) % count) and DMs to shard 0. Unset: one shard, or what a
   * discord.js ShardingManager set in the environment (SHARDS, SHARD_COUNT).
   */
  shards?: { ids: number[]; count: number };
}

export interface DiscordBot {
  client: Client<true>;
  stop(): Promise<void>;
}

/**
 * Intents the bot asks for. None is privileged: Discord sends the content of DMs and of
 * messages that mention the bot without the Message Content intent, and the bot reads no other.
 */
export const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.DirectMessageReactions,
];

const DEFAULT_DEFER_AFTER_MS = 1200;
const DEFAULT_START_TIMEOUT_MS = 60_000;

class StartTimeout extends Error {}

/**
 * The gateway's refusals of a session's shard settings (close codes 4011 and 4010), as
 * @discordjs/ws words them, with what the operator should do instead.
 */
function shardRefusal(error: unknown): UserFacingError | undefined {
  const message = error instanceof Error ? error.message : "";
  if (message === "Sharding is required")
    return new UserFacingError(
      "Discord requires this bot to run in shards (4011: too many servers for one connection): " +
        "start it with `matinee start --shards auto`.",
    );
  if (message === "Invalid shard")
    return new UserFacingError(
      "Discord refused this process's shard (4010 Invalid shard): start it with `matinee start --shards auto`.",
    );
  return undefined;
}

/** Connects to Discord and serves until `stop()`; resolves once the bot is online. */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { log } = options;
  const client = new Client({
    intents: INTENTS,
    // DMs arrive on channels discord.js hasn't cached; without this partial it drops them.
    // Reactions need no partials: they are read from the raw gateway event (see onReaction).
    partials: [Partials.Channel],
    allowedMentions: NO_PINGS,
    ...(options.restApi ? { rest: { api: options.restApi } } : {}),
    ...(options.shards ? { shards: options.shards.ids, shardCount: options.shards.count } : {}),
  });
  const ctx: BotContext = {
    matinee: options.matinee,
    log,
    deferAfterMs: options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
  };
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(ctx, interaction));
  client.on(Events.MessageCreate, (message) => {
    if (client.user) void onMessage(ctx, message, client.user.id);
  });
  client.on(Events.Raw, (packet: { t?: string; d?: unknown }) => {
    if (packet.t === GatewayDispatchEvents.MessageReactionAdd) void onReaction(ctx, client, packet.d);
    if (packet.t === GatewayDispatchEvents.MessageUpdate) void onPollUpdate(ctx, client, packet.d);
  });
  client.on(Events.Error, (error) => log.error({ err: loggable(error) }, "Discord client error"));
  client.on(Events.ShardDisconnect, (event, shard) =>
    log.warn({ code: event.code, shard }, "Discord shard closed"),
  );

  // Rate limited while starting: one line for the operator, with how long Discord asked for.
  let limited: { global: boolean; retryAfterMs: number } | undefined;
  // (Only while starting: once online, discord.js waits out the ordinary per-route limits itself.)
  const onRateLimited = (info: { global: boolean; retryAfter: number; route: string }) => {
    limited = { global: info.global, retryAfterMs: info.retryAfter };
    log.warn(
      { global: info.global, retryAfterMs: info.retryAfter, route: info.route },
      "Discord is rate limiting this bot: waiting before retrying",
    );
  };
  client.rest.on("rateLimited", onRateLimited);
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const ready = once(client, Events.ClientReady);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartTimeout()), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await client.login(options.token);
        await ready;
      })(),
      deadline,
    ]);
  } catch (error) {
    await client.destroy();
    if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) {
      throw new UserFacingError(
        "Discord rejected DISCORD_TOKEN: copy the bot token again from the Developer Portal.",
      );
    }
    const refused = shardRefusal(error);
    if (refused) throw refused;
    const code = networkCode(error);
    if (code)
      throw new UserFacingError(
        `Cannot reach Discord (${code}): check this machine's network and DNS${options.restApi ? ` and DISCORD_API_URL (${options.restApi})` : ""}.`,
      );
    if (error instanceof StartTimeout) {
      const seconds = Math.round(timeoutMs / 1000);
      throw new UserFacingError(
        limited
          ? `Discord is rate limiting this bot${limited.global ? " (a global limit)" : ""} and asked it to wait ${Math.ceil(limited.retryAfterMs / 1000)} s; gave up after ${seconds} s. Wait a while before starting again (restarting in a loop makes it longer).`
          : `Discord did not let the bot connect within ${seconds} s: check the network, then start again.`,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    client.rest.off("rateLimited", onRateLimited);
  }
  const online = client as Client<true>;
  if (online.application.id !== options.applicationId) {
    log.warn(
      { applicationId: online.application.id, configured: options.applicationId },
      "DISCORD_APP_ID is not this bot's application: slash commands registered there won't reach it",
    );
  }
  log.info(
    {
      bot: online.user.tag,
      servers: online.guilds.cache.size,
      shards: online.options.shards,
      shardCount: online.options.shardCount,
    },
    "Discord bot online",
  );
  return {
    client: online,
    stop: () => client.destroy(),
  };
}
