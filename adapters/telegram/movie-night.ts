import type { Message, MessageEntity } from "grammy/types";
import type { Speaker } from "../../core/events.ts";
import { listedIn, type Translator, translator } from "../../core/i18n/i18n.ts";
import type { SeenUsers } from "./seen-users.ts";
import { movieNightPayload, startLink } from "./start-payload.ts";
import type { CommandOutcome } from "./updates.ts";

/** Who the bot is, to leave it out of the people named. */
interface Me {
  id: number;
  username: string;
}

export interface MovieNightMembers {
  /** Telegram user ids of the others watching (the asker and bots left out). */
  members: string[];
  /** What named someone the bot cannot identify: "@name", or a plain word. */
  unknown: string[];
}

/** Words that join names in "/movienight with @ann and @bob". */
const FILLER = /^(?:with|and|&|\+|,|for|me|plus)$/i;

/**
 * The people of a /movienight, from what Telegram tells about them: text_mention entities
 * (people without a username, with their id), the author of the message replied to, and
 * @usernames of people seen in this chat. Anything else that names someone is unknown.
 */
export function movieNightMembers(message: Message, me: Me, seen: SeenUsers): MovieNightMembers {
  const text = message.text ?? "";
  const asker = message.from?.id;
  const ids = new Set<number>();
  const unknown: string[] = [];
  const add = (id: number, isBot: boolean) => {
    if (!isBot && id !== asker && id !== me.id) ids.add(id);
  };
  const named: MessageEntity[] = [];
  for (const e of message.entities ?? []) {
    if (e.type === "text_mention") {
      add(e.user.id, e.user.is_bot);
      named.push(e);
    } else if (e.type === "mention") {
      named.push(e);
      const username = text.slice(e.offset + 1, e.offset + e.length);
      if (username.toLowerCase() === me.username.toLowerCase()) continue;
      const id = seen.idOf(message.chat.id, username);
      if (id === undefined) unknown.push(`@${username}`);
      else add(id, false);
    } else if (e.type === "bot_command") named.push(e);
  }
  const replied = message.reply_to_message?.from;
  if (replied) add(replied.id, replied.is_bot);
  // What is left once the command and the entities are cut out: plain names, which identify no one.
  let rest = text;
  for (const e of [...named].sort((a, b) => b.offset - a.offset))
    rest = `${rest.slice(0, e.offset)} ${rest.slice(e.offset + e.length)}`;
  for (const word of rest.split(/[\s,]+/)) if (word && !FILLER.test(word)) unknown.push(word);
  return { members: [...ids].map(String), unknown };
}

/** Why some people could not be found, and how to fix it. */
export function unknownMembersText(
  unknown: readonly string[],
  chatId: number,
  botUsername: string,
  tr: Translator = translator(),
): string {
  const count = unknown.length;
  const link = startLink(botUsername, movieNightPayload(chatId));
  return [
    tr.t("tg-unknown-members", { who: listedIn(tr, unknown), count }),
    tr.t("tg-unknown-members-ask", { link, count }),
    tr.t("tg-unknown-members-reply"),
  ].join("\n");
}

/** /movienight in a group: the core's movie night for everyone found, or who could not be found. */
export function movieNightOutcome(
  message: Message,
  me: Me,
  seen: SeenUsers,
  speaker: Speaker,
  tr: Translator = translator(),
): CommandOutcome {
  const { members, unknown } = movieNightMembers(message, me, seen);
  if (unknown.length > 0) return { say: unknownMembersText(unknown, message.chat.id, me.username, tr) };
  return { event: { ...speaker, action: { type: "group", members } } };
}
