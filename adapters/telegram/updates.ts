import type { Message, MessageEntity, MessageReactionUpdated, User } from "grammy/types";
import type { ChatEvent, Speaker } from "../../core/events.ts";
import { type Translator, translator } from "../../core/i18n/i18n.ts";
import type { CommandName } from "./commands.ts";
import { onboarding } from "./help.ts";
import { parseStartPayload } from "./start-payload.ts";

export const PLATFORM = "telegram";

/** The bot as Telegram knows it (from getMe): how people address it in groups. */
export interface BotIdentity {
  id: number;
  username: string;
}

const en = translator();
// The English wording, as tests quote it; each is said in the person's language (tr.t of its id).
export const EXPIRED_BUTTON = en.t("tg-expired-button");
export const NOT_YOUR_QUESTION = en.t("notice-not-your-question");
export const NOT_YOUR_LIST = en.t("tg-not-your-list");
export const SORRY = en.t("notice-sorry");
export const MOVIE_NIGHT_IN_GROUPS = en.t("tg-movie-night-in-groups");

/**
 * Who is talking: their Telegram id, their name for movie-night replies, and their app's
 * language (`language_code`, a new person's default language).
 */
export function speakerOf(user: User): Speaker {
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ");
  return {
    platform: PLATFORM,
    userId: String(user.id),
    ...(name ? { name } : {}),
    ...(user.language_code ? { locale: user.language_code } : {}),
  };
}

/** "telegram:<chat id>:<message id>": how the core's sent-card map names a message. */
export function messageRef(chatId: number, messageId: number): string {
  return `${PLATFORM}:${chatId}:${messageId}`;
}

function entityText(text: string, e: MessageEntity): string {
  // Entity offsets count UTF-16 units, as JavaScript strings do.
  return text.slice(e.offset, e.offset + e.length);
}

function mentionsBot(text: string, e: MessageEntity, me: BotIdentity): boolean {
  if (e.type === "mention") return entityText(text, e).toLowerCase() === `@${me.username.toLowerCase()}`;
  return e.type === "text_mention" && e.user.id === me.id;
}

/**
 * What a text message says to the bot, without the mention that addressed it; undefined when
 * it isn't for the bot. Private chats: everything. Groups: only messages that mention the bot
 * or reply to one of its messages, so it never butts into other conversations.
 */
export function addressedText(message: Message, me: BotIdentity): string | undefined {
  const text = message.text ?? "";
  if (message.chat.type === "private") return text.trim();
  const mentions = (message.entities ?? []).filter((e) => mentionsBot(text, e, me));
  const repliedToBot = message.reply_to_message?.from?.id === me.id;
  if (mentions.length === 0 && !repliedToBot) return undefined;
  let stripped = text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) {
    stripped = `${stripped.slice(0, e.offset)} ${stripped.slice(e.offset + e.length)}`;
  }
  return stripped.replace(/\s+/g, " ").trim();
}

/**
 * A command the bot doesn't have, when it's meant for this bot (any command in a private
 * chat, "/x@thisbot" in a group): the command's name, for a "try /help" answer.
 */
export function unknownCommand(message: Message, me: BotIdentity): string | undefined {
  const text = message.text ?? "";
  const first = message.entities?.[0];
  if (first?.type !== "bot_command" || first.offset !== 0) return undefined;
  const [name, target] = entityText(text, first).slice(1).split("@");
  if (target ? target.toLowerCase() !== me.username.toLowerCase() : message.chat.type !== "private")
    return undefined;
  return name;
}

const DECADE = /^(?:'?\d0s|(?:19|20)\d0s?)$/i;

/** "/recommend crime 90s" → genre "crime", decade "90s" (the core checks both and says what it knows). */
export function recommendFilter(args: string): { genre?: string; decade?: string } {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const decade = words.find((w) => DECADE.test(w));
  const genre = words.filter((w) => w !== decade).join(" ");
  return { ...(genre ? { genre } : {}), ...(decade ? { decade } : {}) };
}

/** What a command asks of the core, or a line the adapter answers itself. */
export type CommandOutcome = { event: ChatEvent } | { say: string };

/**
 * A command as the core's event, or a line to say. `night` is /movienight's outcome in a
 * group, found from the message's mentions and reply (movie-night.ts).
 */
export function commandOutcome(
  command: CommandName,
  args: string,
  speaker: Speaker,
  chatType: Message["chat"]["type"],
  night?: CommandOutcome,
  tr: Translator = translator(),
): CommandOutcome {
  const say = (id: string) => ({ say: tr.t(id) });
  const act = (action: Extract<ChatEvent, { action: unknown }>["action"]) => ({
    event: { ...speaker, action },
  });
  const query = args.trim();
  switch (command) {
    case "start": {
      const payload = parseStartPayload(args);
      if (payload.kind === "similar") return act({ type: "similar", movieId: payload.movieId });
      // Opened from a group's link: the opt-in is for that group, wherever the link was opened.
      if (payload.kind === "movienight")
        return {
          event: {
            ...speaker,
            place: { id: `${PLATFORM}:${payload.chatId}`, private: false },
            action: { type: "joinNight" },
          },
        };
      return { say: onboarding(chatType !== "private", tr) };
    }
    case "like":
    case "dislike":
      return query
        ? act({ type: "opinion", query, signal: command })
        : say(command === "like" ? "tg-like-usage" : "tg-dislike-usage");
    case "region":
      return query ? act({ type: "region", code: query }) : say("tg-region-usage");
    case "language":
      // Without a language: the core asks which, with a button for each.
      return act({ type: "language", ...(query ? { code: query } : {}) });
    case "movienight":
      if (chatType === "private") return say("tg-movie-night-in-groups");
      return night ?? act({ type: "group", members: [] });
    case "recommend":
      return act({ type: "recommend", ...recommendFilter(args) });
    case "similar":
      return query ? act({ type: "similarTo", query }) : say("tg-similar-usage");
    case "profile":
      return act({ type: "profile" });
    case "import":
      // As text: the core says how to send the export (the file itself comes as a document).
      return { event: { ...speaker, text: "import" } };
    case "forget":
      // As text, so the core asks "Are you sure?" (with buttons) before deleting anything.
      return { event: { ...speaker, text: "forget" } };
    case "help":
      return act({ type: "help" });
  }
}

/**
 * Emoji newly put on a message, as the core's reactions. Only what was added counts (Telegram
 * sends the whole new set); custom and paid reactions and anonymous admins carry no meaning.
 */
export function reactionEvents(update: MessageReactionUpdated): ChatEvent[] {
  const user = update.user;
  if (!user || user.is_bot) return [];
  const before = new Set(update.old_reaction.flatMap((r) => (r.type === "emoji" ? [r.emoji] : [])));
  const speaker = speakerOf(user);
  return update.new_reaction.flatMap((r) =>
    r.type === "emoji" && !before.has(r.emoji)
      ? [
          {
            ...speaker,
            action: {
              type: "react" as const,
              messageRef: messageRef(update.chat.id, update.message_id),
              emoji: r.emoji,
            },
          },
        ]
      : [],
  );
}
