import type { Message } from "grammy/types";
import { describe, expect, test } from "vitest";
import { onboarding } from "../../adapters/telegram/help.ts";
import {
  addressedText,
  commandOutcome,
  MOVIE_NIGHT_IN_GROUPS,
  reactionEvents,
  recommendFilter,
  speakerOf,
  unknownCommand,
} from "../../adapters/telegram/updates.ts";
import { groupChat, person, privateChat, reaction, textMessage } from "./scripted.ts";

const me = { id: 900_001, username: "Matinee_Test_Bot" };
const ann = person(11, "Ann");
const msg = (update: ReturnType<typeof textMessage>) => update.message as Message;

describe("addressedText", () => {
  test("private chats: everything, trimmed", () => {
    expect(addressedText(msg(textMessage(1, ann, privateChat(ann), "  I love Heat ")), me)).toBe(
      "I love Heat",
    );
  });

  test("groups: only when mentioned (any case) or replied to; the mention is removed", () => {
    const group = groupChat(-100);
    expect(addressedText(msg(textMessage(1, ann, group, "I love Heat")), me)).toBeUndefined();
    expect(addressedText(msg(textMessage(1, ann, group, "@someone_else I love Heat")), me)).toBeUndefined();
    expect(addressedText(msg(textMessage(1, ann, group, "@matinee_test_bot I love Heat")), me)).toBe(
      "I love Heat",
    );
    expect(addressedText(msg(textMessage(1, ann, group, "I love 🎬 Heat, @matinee_test_bot!")), me)).toBe(
      "I love 🎬 Heat, !",
    );
    const botMessage = {
      message_id: 5,
      date: 0,
      chat: group,
      from: { id: me.id, is_bot: true, first_name: "M" },
    };
    const reply = msg(
      textMessage(2, ann, group, "more", { reply_to_message: botMessage as Message["reply_to_message"] }),
    );
    expect(addressedText(reply, me)).toBe("more");
  });
});

describe("unknownCommand", () => {
  test("any unknown command in private; in groups only ones addressed to this bot", () => {
    expect(unknownCommand(msg(textMessage(1, ann, privateChat(ann), "/frobnicate now")), me)).toBe(
      "frobnicate",
    );
    expect(unknownCommand(msg(textMessage(1, ann, groupChat(-1), "/frobnicate")), me)).toBeUndefined();
    expect(unknownCommand(msg(textMessage(1, ann, groupChat(-1), "/frob@other_bot")), me)).toBeUndefined();
    expect(unknownCommand(msg(textMessage(1, ann, groupChat(-1), "/frob@matinee_test_bot")), me)).toBe(
      "frob",
    );
    expect(unknownCommand(msg(textMessage(1, ann, privateChat(ann), "no command")), me)).toBeUndefined();
  });
});

describe("commands", () => {
  const speaker = speakerOf(person(11, "Ann"));

  test("speaker: platform telegram, id as a string, full name", () => {
    expect(speakerOf({ id: 42, is_bot: false, first_name: "Ann", last_name: "Lee" })).toEqual({
      platform: "telegram",
      userId: "42",
      name: "Ann Lee",
    });
  });

  test("/recommend splits a decade from the genre words", () => {
    expect(recommendFilter("")).toEqual({});
    expect(recommendFilter("crime 90s")).toEqual({ genre: "crime", decade: "90s" });
    expect(recommendFilter("1980s film noir")).toEqual({ genre: "film noir", decade: "1980s" });
    expect(recommendFilter("sci-fi")).toEqual({ genre: "sci-fi" });
  });

  test("each command's event or answer", () => {
    expect(commandOutcome("start", "", speaker, "private")).toEqual({ say: onboarding(false) });
    expect(commandOutcome("start", "", speaker, "group")).toMatchObject({
      say: expect.stringContaining("mention me"),
    });
    expect(commandOutcome("similar", "  ", speaker, "private")).toEqual({
      say: expect.stringContaining("/similar Heat"),
    });
    expect(commandOutcome("similar", "The Godfather", speaker, "private")).toEqual({
      event: { ...speaker, action: { type: "similarTo", query: "The Godfather" } },
    });
    expect(commandOutcome("forget", "", speaker, "private")).toEqual({
      event: { ...speaker, text: "forget" },
    });
    expect(commandOutcome("profile", "", speaker, "private")).toEqual({
      event: { ...speaker, action: { type: "profile" } },
    });
    expect(commandOutcome("help", "", speaker, "private")).toEqual({
      event: { ...speaker, action: { type: "help" } },
    });
    expect(commandOutcome("recommend", "horror", speaker, "private")).toEqual({
      event: { ...speaker, action: { type: "recommend", genre: "horror" } },
    });
    expect(commandOutcome("like", " Alien ", speaker, "private")).toEqual({
      event: { ...speaker, action: { type: "opinion", query: "Alien", signal: "like" } },
    });
    expect(commandOutcome("dislike", "Titanic", speaker, "group")).toEqual({
      event: { ...speaker, action: { type: "opinion", query: "Titanic", signal: "dislike" } },
    });
    expect(commandOutcome("like", "", speaker, "private")).toEqual({
      say: expect.stringContaining("/like Alien"),
    });
    expect(commandOutcome("region", "de", speaker, "private")).toEqual({
      event: { ...speaker, action: { type: "region", code: "de" } },
    });
    expect(commandOutcome("region", "", speaker, "private")).toEqual({
      say: expect.stringContaining("/region DE"),
    });
    expect(commandOutcome("movienight", "@ann", speaker, "private")).toEqual({ say: MOVIE_NIGHT_IN_GROUPS });
    const night = { event: { ...speaker, action: { type: "group" as const, members: ["5"] } } };
    expect(commandOutcome("movienight", "@ann", speaker, "group", night)).toBe(night);
  });

  test("/start payloads: similar, a group's movie night, inline and unknown ones onboard", () => {
    expect(commandOutcome("start", "similar_858", speaker, "private")).toEqual({
      event: { ...speaker, action: { type: "similar", movieId: 858 } },
    });
    expect(commandOutcome("start", "movienight_-100123", speaker, "private")).toEqual({
      event: { ...speaker, place: { id: "telegram:-100123", private: false }, action: { type: "joinNight" } },
    });
    for (const p of ["inline", "nonsense", "similar_x", "movienight_42", "a".repeat(65)])
      expect(commandOutcome("start", p, speaker, "private"), p).toEqual({ say: onboarding(false) });
  });
});

describe("reactionEvents", () => {
  test("only newly added emoji count, named by chat and message", () => {
    const update = reaction(privateChat(ann), 77, ann, ["👍", "🔥"], ["👍"]).message_reaction!;
    expect(reactionEvents(update)).toEqual([
      { ...speakerOf(ann), action: { type: "react", messageRef: "telegram:11:77", emoji: "🔥" } },
    ]);
  });

  test("removals, anonymous reactions and custom emoji are ignored", () => {
    expect(reactionEvents(reaction(privateChat(ann), 77, ann, [], ["👍"]).message_reaction!)).toEqual([]);
    const anonymous = { ...reaction(groupChat(-5), 77, ann, ["👍"]).message_reaction!, user: undefined };
    expect(reactionEvents(anonymous)).toEqual([]);
    const custom = {
      ...reaction(privateChat(ann), 77, ann, []).message_reaction!,
      new_reaction: [{ type: "custom_emoji" as const, custom_emoji_id: "123" }],
    };
    expect(reactionEvents(custom)).toEqual([]);
  });
});
