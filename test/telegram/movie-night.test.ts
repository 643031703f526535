import type { Message, MessageEntity, User } from "grammy/types";
import { describe, expect, test } from "vitest";
import { movieNightMembers, unknownMembersText } from "../../adapters/telegram/movie-night.ts";
import { SeenUsers } from "../../adapters/telegram/seen-users.ts";
import { groupChat, person, textMessage } from "./scripted.ts";

const me = { id: 900_001, username: "matinee_test_bot" };
const chat = groupChat(-42);
const withName = (u: User, username: string): User => ({ ...u, username });
const ann = withName(person(11, "Ann"), "ann_films");
const bob = withName(person(12, "Bob"), "bobby_b");
const cat = person(13, "Cat"); // no username: Telegram sends a text_mention with her id
const msg = (text: string, extra: Partial<Message> = {}) =>
  textMessage(1, ann, chat, text, extra).message as Message;

describe("movieNightMembers", () => {
  test("@usernames seen in this chat, text_mentions and the replied-to author; never the asker or the bot", () => {
    const seen = new SeenUsers();
    seen.note(chat.id, bob);
    seen.note(chat.id, ann);
    const text = "/movienight @bobby_b and Cat @matinee_test_bot @ann_films";
    const entities: MessageEntity[] = [
      ...(msg(text).entities ?? []),
      { type: "text_mention", offset: text.indexOf("Cat"), length: 3, user: cat },
    ];
    const dee = person(14, "Dee");
    const found = movieNightMembers(
      msg(text, { entities, reply_to_message: { ...msg("hi"), from: dee } as Message["reply_to_message"] }),
      me,
      seen,
    );
    expect(found).toEqual({ members: ["12", "13", "14"], unknown: [] });
  });

  test("a username seen only in another chat, or a bare name, is unknown", () => {
    const seen = new SeenUsers();
    seen.note(-99, bob);
    expect(movieNightMembers(msg("/movienight with @bobby_b and Eve"), me, seen)).toEqual({
      members: [],
      unknown: ["@bobby_b", "Eve"],
    });
    const text = unknownMembersText(["@bobby_b", "Eve"], chat.id, me.username);
    expect(text).toContain("I can't tell who @bobby_b and Eve are");
    expect(text).toContain(`https://t.me/matinee_test_bot?start=movienight_${chat.id}`);
    expect(text).toContain("reply to one of their messages with /movienight");
  });

  test("the map of usernames is bounded, forgetting the least recently seen first", () => {
    const seen = new SeenUsers(2);
    seen.note(1, ann);
    seen.note(1, bob);
    seen.note(1, ann); // seen again: now the newest
    seen.note(1, withName(person(15, "Eve"), "eve_e"));
    expect(seen.size).toBe(2);
    expect(seen.idOf(1, "@ANN_films")).toBe(11);
    expect(seen.idOf(1, "bobby_b")).toBeUndefined();
    seen.note(1, { ...withName(person(16, "Bot"), "some_bot"), is_bot: true });
    expect(seen.idOf(1, "some_bot")).toBeUndefined();
  });
});
