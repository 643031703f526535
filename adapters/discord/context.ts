import { type BaseMessageOptions, DiscordAPIError, HTTPError, type Message } from "discord.js";
import type { Speaker } from "../../core/events.ts";
import { translator } from "../../core/i18n/i18n.ts";
import type { Log } from "../../core/log.ts";
import type { Matinee } from "../../core/matinee.ts";
import type { OutgoingMessage } from "./render.ts";

export const PLATFORM = "discord";

/** What every handler needs. */
export interface BotContext {
  matinee: Matinee;
  log: Log;
  /** Answer an interaction directly if the core replies this fast; otherwise defer first, then edit. */
  deferAfterMs: number;
}

/** No reply may ping anyone: not @everyone, not roles, not users, not the person replied to. */
export const NO_PINGS = {
  parse: [],
  repliedUser: false,
} as const satisfies BaseMessageOptions["allowedMentions"];

export const SORRY = translator().t("notice-sorry");

/** An outgoing message as discord.js send options (without flags: each route sets its own). */
export function payloadOf(message: OutgoingMessage): BaseMessageOptions {
  return {
    content: message.content ?? "",
    embeds: message.embeds,
    components: message.components,
    allowedMentions: NO_PINGS,
    ...(message.poll
      ? {
          poll: {
            question: { text: message.poll.question },
            answers: message.poll.answers.map((text) => ({ text })),
            duration: message.poll.hours,
            allowMultiselect: false,
          },
        }
      : {}),
  };
}

/** "discord:<channel id>:<message id>": how the core's sent-card map names a message. */
export function messageRef(channelId: string, messageId: string): string {
  return `${PLATFORM}:${channelId}:${messageId}`;
}

/**
 * An error as it may be logged. discord.js's REST errors carry the request URL, and an
 * interaction's URL holds its token (which can post as the bot for 15 minutes): leave it out.
 */
export function loggable(error: unknown): object {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    return { name: error.name, message: error.message, status: error.status, method: error.method };
  }
  return error instanceof Error ? error : { error: String(error) };
}

/** After a card went out as its own message: remember it so reactions on it count. */
export async function noteCard(
  ctx: BotContext,
  speaker: Speaker,
  sent: Pick<Message, "id" | "channelId"> | undefined,
  movieId: number | undefined,
): Promise<void> {
  if (!sent || movieId === undefined) return;
  try {
    await ctx.matinee.cardSent({ ...speaker, messageRef: messageRef(sent.channelId, sent.id), movieId });
  } catch (error) {
    ctx.log.warn({ err: loggable(error) }, "could not remember a sent card; reactions on it will be ignored");
  }
}
