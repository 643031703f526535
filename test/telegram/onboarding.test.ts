import type { Message, MessageEntity, Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TelegramBot } from "../../adapters/telegram/bot.ts";
import {
  COMMANDS,
  commandsFor,
  descriptionOf,
  type TelegramCommand,
  usageOf,
} from "../../adapters/telegram/commands.ts";
import { helpText, onboarding } from "../../adapters/telegram/help.ts";
import { silentLog } from "../../core/log.ts";
import type { LowdbStore } from "../../core/store/lowdb-store.ts";
import { userKey } from "../../core/store/store.ts";
import { startBotOnFake, stopBotOnFake } from "./bot-on-fake.ts";
import type { Call, FakeBotApi } from "./fake-bot-api.ts";
import { buttonPress, groupChat, person, privateChat, textMessage } from "./scripted.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

let fake: FakeBotApi;
let store: LowdbStore;
let running: TelegramBot;
beforeAll(async () => {
  ({ fake, store, running } = await startBotOnFake({ log: silentLog }));
});
afterAll(() => stopBotOnFake({ fake, store, running }));

const TABLE: readonly TelegramCommand[] = COMMANDS;
const BOT = "@matinee_test_bot";
let nextPerson = 5000;
const newPerson = (name: string, username?: string): User => ({
  ...person(nextPerson++, name),
  ...(username ? { username } : {}),
});
type Chat = ReturnType<typeof privateChat> | ReturnType<typeof groupChat>;
const SIMILAR_USAGE = "Which film? For example: /similar Heat";
/** Messages delivered: a send the group's flood limit held back (429) is sent again, and counts then. */
const sent = (calls: Call[]) =>
  calls.filter((c) => (c.method === "sendMessage" || c.method === "sendPhoto") && c.status === 200);
const textOf = (c: Call) => String(c.method === "sendPhoto" ? c.payload.caption : c.payload.text);
/** What the person reads: the HTML as Telegram shows it. */
const shown = (c: Call) => {
  const parsed = parseTelegramHtml(textOf(c));
  return "text" in parsed ? parsed.text : "";
};
const isCard = (c: Call) => JSON.stringify(c.payload.reply_markup ?? {}).includes('"f:l:');
/** A list's pager, as it reads ("1 / 5"); undefined on a message without one. */
const pagerOf = (c: Call) =>
  ((c.payload.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? [])
    .flat()
    .map((b) => b.text)
    .find((t) => /^\d+ \/ \d+$/.test(t));
/** The one message a list is: its first card, paged in place (the suite's lists are 5 cards). */
const listOf = (calls: Call[]) => {
  const lists = calls.filter(isCard);
  expect(lists).toHaveLength(1);
  expect(pagerOf(lists[0]!)).toBe("1 / 5");
  return lists[0]!;
};
/** A heading and what follows it: the first card of a list, or the list's text. */
const headed = (heading: string) => (t: string) => t === heading || t.startsWith(`${heading}\n`);

/** Feeds updates and returns the calls they caused; a "/similar" from someone else marks the end (as in bot.test.ts). */
async function turn(chat: Chat, ...updates: Omit<Update, "update_id">[]): Promise<Call[]> {
  const from = fake.calls.length;
  for (const u of updates) fake.push(u);
  const marker = person(nextPerson++, "Marker");
  fake.push(
    textMessage(fake.messageId(), marker, chat, chat.type === "private" ? "/similar" : `/similar${BOT}`),
  );
  const end = await fake.waitFor(
    (c) => sent([c]).length === 1 && c.payload.chat_id === chat.id && c.payload.text === SIMILAR_USAGE,
    { from },
  );
  return sent(fake.calls.slice(from, fake.calls.indexOf(end)));
}

const said = (user: User, text: string, chat: Chat, extra: Partial<Message> = {}) =>
  textMessage(fake.messageId(), user, chat, text, extra);
const say = (user: User, text: string, chat: Chat = privateChat(user), extra: Partial<Message> = {}) =>
  turn(chat, said(user, text, chat, extra));
const stateOf = (user: User) => store.get(userKey("telegram", String(user.id)));

describe("the command table", () => {
  test("setMyCommands: one menu for private chats and one for groups, each every command valid there", async () => {
    await fake.waitFor((c) => c.method === "getUpdates");
    const menus = fake.callsOf("setMyCommands");
    const byScope = new Map(
      menus.map((m) => [
        (m.payload.scope as { type: string }).type,
        (m.payload.commands as { command: string }[]).map((c) => c.command),
      ]),
    );
    expect(menus.every((m) => m.status === 200)).toBe(true);
    expect([...byScope.keys()]).toEqual(["all_private_chats", "all_group_chats"]);
    expect(byScope.get("all_private_chats")).toEqual(commandsFor("private").map((c) => c.command));
    expect(byScope.get("all_group_chats")).toEqual(commandsFor("group").map((c) => c.command));
    // Every command is offered somewhere; movie nights only where there are others, imports only in private.
    const offered = new Set([...byScope.values()].flat());
    expect(TABLE.filter((c) => !offered.has(c.command))).toEqual([]);
    expect(byScope.get("all_private_chats")).not.toContain("movienight");
    expect(byScope.get("all_group_chats")).toContain("movienight");
    expect(byScope.get("all_group_chats")).not.toContain("import");
    for (const name of ["like", "dislike", "region"])
      for (const list of byScope.values()) expect(list).toContain(name);
  });

  test("setMyCommands again per scope with language_code ko: the same commands, described in Korean", async () => {
    await fake.waitFor((c) => c.method === "getUpdates");
    const menus = fake.callsOf("setMyCommands");
    const key = (m: (typeof menus)[number]) => (m.payload.scope as { type: string }).type;
    const english = menus.filter((m) => m.payload.language_code === undefined);
    const korean = menus.filter((m) => m.payload.language_code === "ko");
    expect(korean.map(key)).toEqual(english.map(key));
    for (const ko of korean) {
      expect(ko.status).toBe(200);
      const en = english.find((m) => key(m) === key(ko))!;
      const entries = ko.payload.commands as { command: string; description: string }[];
      const enEntries = en.payload.commands as { command: string; description: string }[];
      expect(entries.map((c) => c.command)).toEqual(enEntries.map((c) => c.command));
      for (const c of entries) {
        expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(c.description.length).toBeGreaterThan(0);
        expect(c.description.length).toBeLessThanOrEqual(256);
        expect(c.description, c.command).toMatch(/\p{Script=Hangul}/u);
      }
    }
  });

  test("the fake refuses a language_code Telegram would refuse", async () => {
    const api = running.bot.api;
    for (const language_code of ["KO", "kor", "ko-KR"])
      await expect(
        api.setMyCommands([{ command: "ok", description: "d" }], {
          language_code: language_code as "ko",
        }),
      ).rejects.toThrow(/LANG_CODE_INVALID/);
    await expect(
      api.setMyCommands([{ command: "ok", description: "d" }], { language_code: "ko" }),
    ).resolves.toBe(true);
  });

  test("the fake refuses a menu Telegram would refuse", async () => {
    const api = running.bot.api;
    await expect(api.setMyCommands([{ command: "Bad-Name", description: "x" }])).rejects.toThrow(
      /BOT_COMMAND_INVALID/,
    );
    await expect(api.setMyCommands([{ command: "ok", description: "" }])).rejects.toThrow(
      /DESCRIPTION_INVALID/,
    );
    await expect(api.setMyCommands([{ command: "ok", description: "d".repeat(257) }])).rejects.toThrow(
      /DESCRIPTION_INVALID/,
    );
    const many = Array.from({ length: 101 }, (_, i) => ({ command: `c${i}`, description: "d" }));
    await expect(api.setMyCommands(many)).rejects.toThrow(/TOO_MUCH/);
    await expect(
      api.setMyCommands([{ command: "ok", description: "d" }], {
        scope: { type: "everywhere" } as unknown as { type: "default" },
      }),
    ).rejects.toThrow(/scope/);
  });

  test("/help lists every command of the table, in a private chat and in a group", async () => {
    const ann = newPerson("Ann");
    const group = groupChat(-7001);
    for (const [chat, command] of [
      [privateChat(ann), "/help"],
      [group, `/help${BOT}`],
    ] as const) {
      const [help, ...rest] = await say(ann, command, chat);
      expect(rest).toHaveLength(0);
      const text = shown(help!);
      expect(text).toBe(helpText().replace(/`/g, ""));
      for (const c of TABLE) expect(text, c.command).toContain(`${usageOf(c)} — ${descriptionOf(c)}`);
      expect(text).toContain("not endorsed or certified by TMDB");
    }
  });
});

describe("first contact", () => {
  test('a first "hi" gets the welcome with an example, not "couldn\'t find a film"', async () => {
    for (const greeting of ["hi", "hello", "what can you do?", "안녕"]) {
      const kim = newPerson("Kim");
      const [welcome, ...rest] = await say(kim, greeting);
      expect(rest).toHaveLength(0);
      expect(shown(welcome!), greeting).toBe(onboarding(false));
      expect(shown(welcome!)).toContain("“I love The Godfather, Heat and Alien”");
      expect(await stateOf(kim)).toBeUndefined();
    }
    const lee = newPerson("Lee");
    const answer = await say(lee, "Hello, Dolly!");
    expect(shown(answer[0]!)).toContain("Hello, Dolly! (1969)");
  });
});

describe("/like, /dislike, /region", () => {
  test("each changes the profile as the core's action does", async () => {
    const mo = newPerson("Mo");
    // The acknowledgement heads the list that follows it: one message.
    const liked = await say(mo, "/like Heat");
    expect(liked).toHaveLength(1);
    expect(listOf(liked)).toBe(liked[0]);
    expect(shown(liked[0]!)).toMatch(/^Got it: 👍 Heat \(1995\)\nHere are some films you might like:\n\n/);
    const disliked = await say(mo, "/dislike Titanic (1997)");
    expect(shown(disliked[0]!)).toSatisfy(headed("Got it: 👎 Titanic (1997)"));
    const state = await stateOf(mo);
    expect(state!.profile.liked.map((e) => e.movieId)).toEqual([6]);
    expect(state!.profile.disliked.map((e) => e.movieId)).toEqual([1721]);
    const [region] = await say(mo, "/region de");
    expect(shown(region!)).toContain("Saved DE");
    expect((await stateOf(mo))!.region).toBe("DE");
    const [bad] = await say(mo, "/region Germany");
    expect(shown(bad!)).toContain("isn't a country code");
    const [usage] = await say(mo, "/like");
    expect(shown(usage!)).toBe("Which film? For example: /like Alien");
  });
});

describe("/movienight members", () => {
  const group = groupChat(-7002);
  const ann = newPerson("Ann", "ann_in_club");
  const bob = newPerson("Bob", "bob_in_club");
  const cat = newPerson("Cat"); // no username: the client sends a text_mention with her id
  const dee = newPerson("Dee", "dee_in_club");
  let deeMessage: Message;

  beforeAll(async () => {
    for (const [who, films] of [
      [ann, "I love Heat and Alien"],
      [bob, "I love The Godfather and Goodfellas"],
      [cat, "I love Toy Story and Up"],
    ] as const)
      await say(who, `${BOT} ${films}`, group);
    const update = said(dee, `${BOT} I love Jaws and Rocky`, group);
    deeMessage = update.message as Message;
    await turn(group, update);
  });

  const invited = (calls: Call[]) =>
    calls.map(shown).find((t) => t.includes("asked for a movie night with you"));

  test("an @username seen in the group is found; once they're in, the night is for both", async () => {
    const asked = await say(ann, "/movienight @bob_in_club", group);
    expect(invited(asked)).toMatch(/^Bob: Ann asked for a movie night with you/);
    const invitation = asked.find((c) => JSON.stringify(c.payload.reply_markup ?? {}).includes("n:j"))!;
    await turn(group, buttonPress(`join-${bob.id}`, bob, invitation.result as Message, "n:j"));
    // The heading tops the first card (a movie night's cards are one message each, then the vote).
    const night = await say(ann, "/movienight with @bob_in_club", group);
    const cards = night.filter(isCard);
    expect(cards.length).toBeGreaterThan(0);
    expect(shown(cards[0]!)).toMatch(
      /^Movie night for you and Bob: films every one of you should enjoy\.\n\n.+\n[\s\S]*• Bob: because you liked/,
    );
  });

  test("a text_mention (no username) and a reply name people by their ids", async () => {
    const text = "/movienight Cat";
    const entities: MessageEntity[] = [
      { type: "bot_command", offset: 0, length: "/movienight".length },
      { type: "text_mention", offset: text.indexOf("Cat"), length: 3, user: cat },
    ];
    const byMention = await say(ann, text, group, { entities });
    expect(invited(byMention)).toMatch(/^Cat: Ann asked/);
    const byReply = await say(ann, "/movienight", group, {
      reply_to_message: deeMessage as Message["reply_to_message"],
    });
    expect(invited(byReply)).toMatch(/^Dee: Ann asked/);
  });

  test("an @username never seen here gets who and how, and no movie night", async () => {
    const [answer, ...rest] = await say(ann, "/movienight @bob_in_club @nobody_here", group);
    expect(rest).toHaveLength(0);
    const text = shown(answer!);
    expect(text).toContain("I can't tell who @nobody_here is");
    expect(text).toContain("Ask them to send a message here once");
    expect(text).toContain(`https://t.me/matinee_test_bot?start=movienight_${group.id}`);
    expect(text).toContain("reply to one of their messages with /movienight");
  });

  test("in a private chat /movienight says it's for groups", async () => {
    const [answer] = await say(ann, "/movienight @bob_in_club");
    expect(shown(answer!)).toContain("Movie nights are for groups");
  });
});

describe("/start payloads", () => {
  test("similar_<movieId>: films like that film", async () => {
    const nia = newPerson("Nia");
    const answer = await say(nia, "/start similar_858");
    expect(answer).toHaveLength(1);
    expect(listOf(answer)).toBe(answer[0]);
    expect(shown(answer[0]!)).toMatch(/^Films like The Godfather \(1972\):\n\n/);
  });

  test("inline, unknown and malformed payloads get the onboarding", async () => {
    for (const payload of ["inline", "whatever", "similar_abc", "movienight_123"]) {
      const [answer, ...rest] = await say(newPerson("Oz"), `/start ${payload}`);
      expect(rest, payload).toHaveLength(0);
      expect(shown(answer!), payload).toBe(onboarding(false));
    }
  });

  test("movienight_<group>: opts in for that group from a private chat, and @name finds them there", async () => {
    const group = groupChat(-7003);
    const host = newPerson("Host", "host_user");
    const pia = newPerson("Pia", "pia_private");
    await say(host, `${BOT} I love Heat and Alien`, group);
    // Pia has never written in the group; she tells films privately, then opens the group's link.
    const [none] = await say(pia, `/start movienight_${group.id}`);
    expect(shown(none!)).toContain("Tell me a few films you love first");
    await say(pia, "I love Amélie and Before Sunrise");
    const [joined] = await say(pia, `/start movienight_${group.id}`);
    expect(shown(joined!)).toContain("you're in for movie nights");
    expect((await stateOf(pia))!.movieNightIn).toEqual([`telegram:${group.id}`]);
    const night = await say(host, "/movienight @pia_private", group);
    expect(night.map(shown)).toContainEqual(
      expect.stringMatching(/^Movie night for you and Pia: films every one of you should enjoy\.\n\n/),
    );
    expect(shown(night.find(isCard)!)).toMatch(/^Movie night for you and Pia: /);
  });
});
