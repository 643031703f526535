import type { Chat, Document, Message, MessageEntity, Update, User } from "grammy/types";

/** Updates as Telegram builds them, for scripting conversations against the fake Bot API. */

export const person = (id: number, first_name: string): User => ({ id, is_bot: false, first_name });

export const privateChat = (user: User): Chat.PrivateChat => ({
  id: user.id,
  type: "private",
  first_name: user.first_name,
});

export const groupChat = (id: number): Chat.GroupChat => ({ id, type: "group", title: "Film club" });

/** The entities Telegram's server would attach: a leading /command, @mentions. */
export function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(text);
  if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
  for (const m of text.matchAll(/(?<![\w/])@[A-Za-z0-9_]{5,}/g)) {
    entities.push({ type: "mention", offset: m.index, length: m[0].length });
  }
  return entities;
}

export function textMessage(
  messageId: number,
  from: User,
  chat: Chat.PrivateChat | Chat.GroupChat,
  text: string,
  extra: Partial<Message> = {},
): Omit<Update, "update_id"> {
  const entities = entitiesOf(text);
  return {
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...extra,
    } as Update["message"],
  };
}

/** A file sent to a chat, with an optional caption (FakeBotApi.addFile makes the document). */
export function documentMessage(
  messageId: number,
  from: User,
  chat: Chat.PrivateChat | Chat.GroupChat,
  document: Document,
  caption?: string,
): Omit<Update, "update_id"> {
  return {
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      document,
      ...(caption ? { caption } : {}),
    } as Update["message"],
  };
}

export function buttonPress(
  id: string,
  from: User,
  message: Message,
  data: string,
): Omit<Update, "update_id"> {
  return { callback_query: { id, from, message, chat_instance: "ci-1", data } };
}

export function reaction(
  chat: Chat,
  messageId: number,
  user: User,
  now: string[],
  before: string[] = [],
): Omit<Update, "update_id"> {
  const emoji = (e: string) => ({ type: "emoji" as const, emoji: e }) as { type: "emoji"; emoji: "👍" };
  return {
    message_reaction: {
      chat,
      message_id: messageId,
      user,
      date: Math.floor(Date.now() / 1000),
      old_reaction: before.map(emoji),
      new_reaction: now.map(emoji),
    },
  };
}
