import type { Client, Message } from "discord.js";
import { z } from "zod";
import type { ChatEvent, Speaker } from "../../core/events.ts";
import { translator } from "../../core/i18n/i18n.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { downloadUpload, formatNamed, meantAsImport } from "../download.ts";
import { type BotContext, loggable, noteCard, PLATFORM, payloadOf, SORRY } from "./context.ts";
import { afterPollMessage } from "./polls.ts";
import { renderReplies } from "./render.ts";

/**
 * What was said to the bot, without the mention that addressed it. Other people's mentions
 * become "@<id>", so "movie night with @Ann and @Bob" names them by their Discord ids.
 */
export function textOf(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, "g"), " ")
    .replace(/<@!?(\d+)>/g, "@$1")
    .replace(/\s+/g, " ")
    .trim();
}

async function runCore(ctx: BotContext, event: ChatEvent): Promise<Reply[]> {
  try {
    return await ctx.matinee.handle(event);
  } catch (error) {
    ctx.log.error({ err: loggable(error) }, "the core failed on a Discord message");
    // The person's own language when the store can say it; English otherwise.
    const lang = await ctx.matinee.language(event).catch(() => "en");
    return [
      {
        text: lang === "en" ? SORRY : translator(lang).t("notice-sorry"),
        error: true,
        ...(lang !== "en" ? { lang } : {}),
      },
    ];
  }
}

const turns = new Map<string, Promise<void>>();

/**
 * Runs turns in one channel one after another, so two quick messages get their answers (a
 * text and its cards each) in order instead of interleaved.
 */
export function inTurn(channelId: string, turn: () => Promise<void>): Promise<void> {
  const next = (turns.get(channelId) ?? Promise.resolve()).then(turn);
  turns.set(channelId, next);
  return next.finally(() => {
    if (turns.get(channelId) === next) turns.delete(channelId);
  });
}

/** A DM, or a channel message that mentions the bot: free text, understood as in the terminal chat. */
export function onMessage(ctx: BotContext, message: Message, botId: string): Promise<void> {
  return inTurn(message.channelId, () => answerMessage(ctx, message, botId));
}

async function answerMessage(ctx: BotContext, message: Message, botId: string): Promise<void> {
  try {
    if (message.author.bot || message.system) return;
    const inGuild = message.inGuild();
    if (inGuild && !message.mentions.users.has(botId)) return;
    const channel = message.channel;
    if (!channel.isSendable()) return;
    const speaker: Speaker = {
      platform: PLATFORM,
      userId: message.author.id,
      name: message.member?.displayName ?? message.author.displayName,
      place: { id: `${PLATFORM}:${message.channelId}`, private: !inGuild },
      // A message carries no locale of its sender: the server's own language is the best hint
      // for someone new (their stored language, from any slash command, wins).
      ...(inGuild && message.guild?.preferredLocale ? { locale: message.guild.preferredLocale } : {}),
    };
    const text = textOf(message.content, botId);
    // With several files attached, the export among them (a CSV or a zip) is the one imported.
    const file = message.attachments.find((a) => /\.(csv|zip)$/i.test(a.name)) ?? message.attachments.first();
    const format = formatNamed(text);
    channel.sendTyping().catch(() => {});
    // A file sent to the bot is a history to import (Discord states its size, checked before fetching).
    const event: ChatEvent =
      file && meantAsImport(file.name, file.contentType ?? undefined, text)
        ? {
            ...speaker,
            upload: await downloadUpload(file.url, {
              fileName: file.name,
              size: file.size,
              ...(format ? { format } : {}),
            }),
          }
        : // A bare mention is a greeting: answer with what the bot can do.
          text
          ? { ...speaker, text }
          : { ...speaker, action: { type: "help" } };
    const messages = renderReplies(await runCore(ctx, event), { owner: speaker.userId });
    for (const [i, out] of messages.entries()) {
      const payload = payloadOf(out);
      // In a busy channel the first answer quotes the question (without pinging its author).
      const sent =
        i === 0 && inGuild
          ? await message.reply({ ...payload, failIfNotExists: false })
          : await channel.send(payload);
      await noteCard(ctx, speaker, sent, out.movieId);
      await afterPollMessage(ctx, message.client, sent, out);
    }
  } catch (error) {
    ctx.log.error({ err: loggable(error), message: message.id }, "could not answer a Discord message");
  }
}

/** The gateway's MESSAGE_REACTION_ADD payload, the fields we use. */
const ReactionAdd = z.object({
  user_id: z.string(),
  channel_id: z.string(),
  message_id: z.string(),
  guild_id: z.string().optional(),
  emoji: z.object({ id: z.string().nullish(), name: z.string().nullish() }),
  member: z
    .object({
      nick: z.string().nullish(),
      user: z.object({
        username: z.string(),
        global_name: z.string().nullish(),
        bot: z.boolean().optional(),
      }),
    })
    .optional(),
});

/**
 * An emoji on one of the bot's cards. Read from the raw gateway event rather than discord.js's
 * messageReactionAdd: that one is dropped when the channel isn't cached (a DM after a
 * restart), while the raw payload always names the user, channel, message and emoji.
 */
export function onReaction(ctx: BotContext, client: Client, data: unknown): Promise<void> {
  const parsed = ReactionAdd.safeParse(data);
  if (!parsed.success) return Promise.resolve();
  const r = parsed.data;
  return inTurn(r.channel_id, () => answerReaction(ctx, client, r));
}

async function answerReaction(
  ctx: BotContext,
  client: Client,
  r: z.infer<typeof ReactionAdd>,
): Promise<void> {
  try {
    // Custom server emoji (with an id) carry no meaning for the core; neither do the bot's own reactions.
    if (!r.emoji.name || r.emoji.id || r.user_id === client.user?.id || r.member?.user.bot) return;
    const name = r.member
      ? (r.member.nick ?? r.member.user.global_name ?? r.member.user.username)
      : undefined;
    const speaker: Speaker = {
      platform: PLATFORM,
      userId: r.user_id,
      ...(name ? { name } : {}),
      place: { id: `${PLATFORM}:${r.channel_id}`, private: r.guild_id === undefined },
    };
    const replies = await runCore(ctx, {
      ...speaker,
      action: {
        type: "react",
        messageRef: `${PLATFORM}:${r.channel_id}:${r.message_id}`,
        emoji: r.emoji.name,
      },
    });
    // Feedback in a server channel is never a public post (ten emoji would be ten "Noted…"
    // lines for everyone): the reaction itself shows it landed. In a DM the bot confirms.
    if (r.guild_id !== undefined) return;
    const messages = renderReplies(replies, { owner: speaker.userId });
    if (messages.length === 0) return;
    const channel = await client.channels.fetch(r.channel_id);
    if (!channel?.isSendable()) return;
    for (const [i, out] of messages.entries()) {
      const payload = payloadOf(out);
      const sent = await channel.send(
        i === 0 ? { ...payload, reply: { messageReference: r.message_id, failIfNotExists: false } } : payload,
      );
      await noteCard(ctx, speaker, sent, out.movieId);
    }
  } catch (error) {
    ctx.log.error({ err: loggable(error) }, "could not answer a Discord reaction");
  }
}
