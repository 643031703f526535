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
import { type BotContext, loggable, NO_PINGS } from "./context.ts";
import { onInteraction } from "./interactions.ts";
import { onMessage, onReaction } from "./messages.ts";

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
  });
  client.on(Events.Error, (error) => log.error({ err: loggable(error) }, "Discord client error"));
  client.on(Events.ShardDisconnect, (event, shard) =>
    log.warn({ code: event.code, shard }, "Discord shard closed"),
  );

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(options.token);
    await ready;
  } catch (error) {
    await client.destroy();
    if (error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) {
      throw new UserFacingError(
        "Discord rejected DISCORD_TOKEN: copy the bot token again from the Developer Portal.",
      );
    }
    throw error;
  }
  const online = client as Client<true>;
  if (online.application.id !== options.applicationId) {
    log.warn(
      { applicationId: online.application.id, configured: options.applicationId },
      "DISCORD_APP_ID is not this bot's application: slash commands registered there won't reach it",
    );
  }
  log.info({ bot: online.user.tag, servers: online.guilds.cache.size }, "Discord bot online");
  return {
    client: online,
    stop: () => client.destroy(),
  };
}
