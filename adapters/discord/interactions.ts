import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  MessageFlags,
  type RepliableInteraction,
} from "discord.js";
import type { ActionEvent, ChatEvent, Speaker } from "../../core/events.ts";
import { matchLanguage, type Translator, translator } from "../../core/i18n/i18n.ts";
import { type Action, answersQuestion, decodeButton } from "../../core/reply/actions.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { downloadUpload } from "../download.ts";
import { MOVIE_NIGHT_SLOTS, TITLE_COMMANDS } from "./commands.ts";
import { type BotContext, loggable, NO_PINGS, noteCard, PLATFORM, payloadOf, SORRY } from "./context.ts";
import { afterPollMessage } from "./polls.ts";
import { type ButtonRow, markPressed, type OutgoingMessage, renderReplies } from "./render.ts";

const en = translator();
export const EXPIRED_BUTTON = en.t("notice-expired-button");
export const NOT_YOUR_QUESTION = en.t("notice-not-your-question");
export const NOT_YOUR_LIST = en.t("notice-not-your-list");

/**
 * The language of a notice the adapter says itself (no turn ran): the person's own choice
 * when the store has one, else their Discord client's locale.
 */
async function speech(ctx: BotContext, speaker: Speaker): Promise<Translator> {
  try {
    return translator(await ctx.matinee.language(speaker));
  } catch {
    return translator(matchLanguage(speaker.locale));
  }
}
/** Discord shows at most 25 autocomplete choices, each name at most 100 characters. */
const MAX_SUGGESTIONS = 25;

/** Who pressed or typed: their server nickname where they have one. */
function speakerOf(interaction: Interaction): Speaker {
  const member = interaction.member;
  const name =
    member && "displayName" in member ? member.displayName : (member?.nick ?? interaction.user.displayName);
  return {
    platform: PLATFORM,
    userId: interaction.user.id,
    name,
    // The Discord client's language ("ko", "en-US"): a new person's default language.
    locale: interaction.locale,
    ...(interaction.channelId
      ? { place: { id: `${PLATFORM}:${interaction.channelId}`, private: !interaction.inGuild() } }
      : {}),
  };
}

export async function onInteraction(ctx: BotContext, interaction: Interaction): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await autocomplete(ctx, interaction);
    else if (interaction.isChatInputCommand()) await slashCommand(ctx, interaction);
    else if (interaction.isButton()) await buttonPress(ctx, interaction);
  } catch (error) {
    ctx.log.error(
      { err: loggable(error), interaction: interaction.id },
      "could not answer a Discord interaction",
    );
    if (interaction.isRepliable())
      await sayPrivately(
        interaction,
        translator(matchLanguage(interaction.locale)).t("notice-sorry") || SORRY,
      ).catch(() => {});
    // An empty list reads better than Discord's "Loading options failed".
    else if (interaction.isAutocomplete() && !interaction.responded)
      await interaction.respond([]).catch(() => {});
  }
}

/** Titles as someone types them: answered at once from the in-memory index (Discord allows 3 s). */
async function autocomplete(ctx: BotContext, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (!TITLE_COMMANDS.has(interaction.commandName) || focused.name !== "title") {
    await interaction.respond([]);
    return;
  }
  const suggestions = ctx.matinee.complete(String(focused.value), MAX_SUGGESTIONS);
  // The value carries the id, so picking "It (1990)" can never resolve to It (2017).
  await interaction.respond(
    suggestions.map((s) => ({ name: s.label.slice(0, 100), value: `id:${s.movieId}` })),
  );
}

/**
 * A slash command as the core's event (or how to get it: /import downloads its file first),
 * and whether its answer is for the asker's eyes only.
 */
function commandEvent(
  interaction: ChatInputCommandInteraction,
  speaker: Speaker,
): { event: ChatEvent | (() => Promise<ChatEvent>); private: boolean } | undefined {
  const options = interaction.options;
  const act = (action: Action, isPrivate = false) => ({
    event: { ...speaker, action },
    private: isPrivate,
  });
  switch (interaction.commandName) {
    case "recommend": {
      const genre = options.getString("genre") ?? undefined;
      const decade = options.getString("decade") ?? undefined;
      return act({ type: "recommend", ...(genre ? { genre } : {}), ...(decade ? { decade } : {}) });
    }
    case "similar":
      return act({ type: "similarTo", query: options.getString("title", true) });
    case "like":
    case "dislike":
      return act({
        type: "opinion",
        query: options.getString("title", true),
        signal: interaction.commandName,
      });
    case "profile":
      return act({ type: "profile" }, true);
    case "forget":
      // As text, so the core asks "Are you sure?" before deleting anything.
      return { event: { ...speaker, text: "forget" }, private: true };
    case "movienight": {
      const members = new Set<string>();
      for (let i = 1; i <= MOVIE_NIGHT_SLOTS; i++) {
        const user = options.getUser(`user${i}`);
        if (user && !user.bot && user.id !== speaker.userId) members.add(user.id);
      }
      const everyone = options.getBoolean("everyone") ?? false;
      return act({ type: "group", members: [...members], ...(everyone ? { everyone } : {}) });
    }
    case "help":
      return act({ type: "help" });
    case "language": {
      // Someone's language is theirs alone: the answer is private in a server.
      const code = options.getString("language") ?? undefined;
      return act({ type: "language", ...(code ? { code } : {}) }, true);
    }
    case "import": {
      const file = options.getAttachment("file", true);
      const format = options.getString("format");
      // Someone's film history is theirs: the summary and first list are private in a server.
      return {
        event: async () => ({
          ...speaker,
          upload: await downloadUpload(file.url, {
            fileName: file.name,
            size: file.size,
            ...(format === "letterboxd" || format === "imdb" ? { format } : {}),
          }),
        }),
        private: true,
      };
    }
    default:
      return undefined;
  }
}

async function slashCommand(ctx: BotContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const speaker = speakerOf(interaction);
  const command = commandEvent(interaction, speaker);
  if (!command) {
    await sayPrivately(interaction, (await speech(ctx, speaker)).t("discord-stale-command"));
    return;
  }
  const { event } = command;
  await answer(
    ctx,
    interaction,
    speaker,
    async () => ctx.matinee.handle(typeof event === "function" ? await event() : event),
    command.private,
  );
}

async function buttonPress(ctx: BotContext, interaction: ButtonInteraction): Promise<void> {
  const decoded = decodeButton(interaction.customId);
  const speaker = speakerOf(interaction);
  if (!decoded) {
    await sayPrivately(interaction, (await speech(ctx, speaker)).t("notice-expired-button"));
    return;
  }
  const { action, owner } = decoded;
  // The button names whom its message answered (no process keeps that: any shard can judge).
  const someoneElse = owner !== undefined && owner !== interaction.user.id;
  if (someoneElse && answersQuestion(action)) {
    await sayPrivately(interaction, (await speech(ctx, speaker)).t("notice-not-your-question"));
    return;
  }
  if (someoneElse && action.type === "more") {
    await sayPrivately(interaction, (await speech(ctx, speaker)).t("notice-not-your-list"));
    return;
  }
  if (action.type === "feedback" && !someoneElse) {
    await feedbackInPlace(ctx, interaction, { ...speaker, action });
    return;
  }
  // 👍/👎/seen notes and the forget question concern only the one who pressed; so does
  // anything pressed on someone else's list (their 👍 is their own, privately).
  const isPrivate =
    action.type === "feedback" || action.type === "forget" || action.type === "language" || someoneElse;
  await answer(ctx, interaction, speaker, () => ctx.matinee.handle({ ...speaker, action }), isPrivate);
}

/**
 * The list's owner pressed 👍 👎 👀 on it: recorded, and the message itself shows it (the
 * button turns green with a tick) instead of a new "Noted" message. Slow cores get a deferred
 * update first (Discord's 3 s), then the edit.
 */
async function feedbackInPlace(
  ctx: BotContext,
  interaction: ButtonInteraction,
  event: ActionEvent,
): Promise<void> {
  const pending: Promise<Outcome> = ctx.matinee.handle(event).then(
    (replies) => ({ replies }),
    (error: unknown) => ({ error }),
  );
  let outcome = await withinDeferTime(ctx, pending);
  if (!outcome) {
    await interaction.deferUpdate();
    outcome = await pending;
  }
  const failed =
    "error" in outcome
      ? (await speech(ctx, event)).t("notice-sorry")
      : outcome.replies.find((r) => r.error)?.text;
  if ("error" in outcome)
    ctx.log.error(
      { err: loggable(outcome.error), interaction: interaction.id },
      "the core failed on a Discord interaction",
    );
  if (failed !== undefined) {
    await sayPrivately(interaction, failed);
    return;
  }
  const components = markPressed(
    interaction.message.components.map((row) => row.toJSON() as ButtonRow),
    interaction.customId,
  );
  if (interaction.deferred) await interaction.editReply({ components });
  else await interaction.update({ components });
}

/** The outcome if it comes within the defer time, else undefined (the caller defers). */
async function withinDeferTime(ctx: BotContext, pending: Promise<Outcome>): Promise<Outcome | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ctx.deferAfterMs);
  });
  const outcome = await Promise.race([pending, slow]);
  clearTimeout(timer);
  return outcome;
}

type Outcome = { replies: Reply[] } | { error: unknown };

/**
 * Runs the core and answers the interaction: directly when the core is quick, else it defers
 * first (Discord drops interactions not acknowledged within 3 s) and edits the answer in.
 */
async function answer(
  ctx: BotContext,
  interaction: RepliableInteraction,
  speaker: Speaker,
  work: () => Promise<Reply[]>,
  isPrivate: boolean,
): Promise<void> {
  const pending: Promise<Outcome> = work().then(
    (replies) => ({ replies }),
    (error: unknown) => ({ error }),
  );
  let outcome = await withinDeferTime(ctx, pending);
  if (!outcome) {
    await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
    outcome = await pending;
  }
  let replies: Reply[];
  if ("error" in outcome) {
    ctx.log.error(
      { err: loggable(outcome.error), interaction: interaction.id },
      "the core failed on a Discord interaction",
    );
    const tr = await speech(ctx, speaker);
    replies = [{ text: tr.t("notice-sorry"), error: true, ...(tr.lang !== "en" ? { lang: tr.lang } : {}) }];
  } else replies = outcome.replies;
  const messages = renderReplies(replies, { ephemeral: isPrivate, owner: speaker.userId });
  if (messages.length === 0) {
    if (interaction.deferred) await interaction.deleteReply();
    else await sayPrivately(interaction, (await speech(ctx, speaker)).t("notice-noted"));
    return;
  }
  for (const [i, message] of messages.entries()) {
    const sent = await sendOne(interaction, message, i === 0);
    if (!message.ephemeral) await noteCard(ctx, speaker, sent, message.movieId);
    await afterPollMessage(ctx, interaction.client, sent, message);
  }
}

async function sendOne(
  interaction: RepliableInteraction,
  message: OutgoingMessage,
  first: boolean,
): Promise<Message | undefined> {
  const payload = payloadOf(message);
  const flags = message.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
  if (!first) return interaction.followUp({ ...payload, ...flags });
  if (!interaction.deferred) {
    const response = await interaction.reply({ ...payload, ...flags, withResponse: true });
    return response.resource?.message ?? undefined;
  }
  if (message.ephemeral && !interaction.ephemeral) {
    // A public "thinking…" cannot become private: remove it and answer privately instead.
    await interaction.deleteReply();
    return interaction.followUp({ ...payload, ...flags });
  }
  return interaction.editReply(payload);
}

/** A short private notice, whatever state the interaction is in. */
async function sayPrivately(interaction: RepliableInteraction, text: string): Promise<void> {
  const notice = { content: text, allowedMentions: NO_PINGS, flags: MessageFlags.Ephemeral as const };
  if (interaction.deferred || interaction.replied) await interaction.followUp(notice);
  else await interaction.reply(notice);
}
