import { type Client, type Message, Routes } from "discord.js";
import { z } from "zod";
import { type BotContext, loggable, messageRef, PLATFORM, payloadOf } from "./context.ts";
import { inTurn } from "./messages.ts";
import { type OutgoingMessage, renderReplies } from "./render.ts";

/**
 * After a message went out: a vote on it is told to the core (so its close is understood,
 * after a restart too), and a vote the core ended is expired on Discord, whose finalized
 * results then arrive as a MESSAGE_UPDATE (`onPollUpdate`).
 */
export async function afterPollMessage(
  ctx: BotContext,
  client: Client,
  sent: Pick<Message, "id" | "channelId"> | undefined,
  out: OutgoingMessage,
): Promise<void> {
  if (sent && out.poll) {
    try {
      await ctx.matinee.pollSent({
        platform: PLATFORM,
        place: `${PLATFORM}:${sent.channelId}`,
        pollId: out.poll.id,
        messageRef: messageRef(sent.channelId, sent.id),
      });
    } catch (error) {
      ctx.log.warn({ err: loggable(error) }, "could not remember a sent poll; its result will be ignored");
    }
  }
  if (out.endPoll) await expirePoll(ctx, client, out.endPoll);
}

/** Ends a poll now (POST /channels/{channel}/polls/{message}/expire); one already over is no error. */
async function expirePoll(ctx: BotContext, client: Client, ref: string): Promise<void> {
  const [platform, channelId, messageId] = ref.split(":");
  if (platform !== PLATFORM || !channelId || !messageId) return;
  try {
    await client.rest.post(Routes.expirePoll(channelId, messageId));
  } catch (error) {
    ctx.log.warn({ err: loggable(error), poll: ref }, "could not end a Discord poll");
  }
}

/** The gateway's MESSAGE_UPDATE for a poll, the fields we use. Answers without votes have no count. */
const PollUpdate = z.object({
  id: z.string(),
  channel_id: z.string(),
  author: z.object({ id: z.string() }).optional(),
  poll: z.object({
    answers: z.array(z.object({ answer_id: z.number().int() })).max(10),
    results: z
      .object({
        is_finalized: z.boolean(),
        answer_counts: z.array(z.object({ id: z.number().int(), count: z.number().int().nonnegative() })),
      })
      .optional(),
  }),
});

/**
 * A poll's results were finalized (its time ran out, or the bot expired it). Read from the raw
 * gateway event, as reactions are: discord.js drops the update of a message it has not
 * cached (any poll sent before a restart). Only the bot's own polls are the core's business.
 */
export function onPollUpdate(ctx: BotContext, client: Client, data: unknown): Promise<void> {
  const parsed = PollUpdate.safeParse(data);
  if (!parsed.success || !parsed.data.poll.results?.is_finalized) return Promise.resolve();
  const update = parsed.data;
  if (update.author && update.author.id !== client.user?.id) return Promise.resolve();
  // In the channel's turn order: the announcement never lands in the middle of another answer.
  return inTurn(update.channel_id, () => announce(ctx, client, update));
}

async function announce(ctx: BotContext, client: Client, update: z.infer<typeof PollUpdate>): Promise<void> {
  try {
    const counts = update.poll.answers.map(
      (a) => update.poll.results?.answer_counts.find((c) => c.id === a.answer_id)?.count ?? 0,
    );
    const replies = await ctx.matinee.pollClosed({
      platform: PLATFORM,
      place: `${PLATFORM}:${update.channel_id}`,
      messageRef: messageRef(update.channel_id, update.id),
      counts,
    });
    const messages = renderReplies(replies);
    if (messages.length === 0) return;
    const channel = await client.channels.fetch(update.channel_id);
    if (!channel?.isSendable()) return;
    for (const [i, out] of messages.entries()) {
      const payload = payloadOf(out);
      // The announcement answers the poll itself, so the channel sees which vote it settles.
      await channel.send(
        i === 0 ? { ...payload, reply: { messageReference: update.id, failIfNotExists: false } } : payload,
      );
    }
  } catch (error) {
    ctx.log.error({ err: loggable(error), message: update.id }, "could not announce a Discord poll's result");
  }
}
