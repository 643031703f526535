import type { InlineKeyboardMarkup, Message, Update, User } from "grammy/types";
import { Memory } from "lowdb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTelegramBot, type TelegramBot } from "../../adapters/telegram/bot.ts";
import { helpText } from "../../adapters/telegram/help.ts";
import { EXPIRED_BUTTON, NOT_YOUR_QUESTION } from "../../adapters/telegram/updates.ts";
import { UserFacingError } from "../../core/errors.ts";
import { silentLog } from "../../core/log.ts";
import { createMatinee } from "../../core/matinee.ts";
import { displayName } from "../../core/movie.ts";
import { decodeAction } from "../../core/reply/actions.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { userKey } from "../../core/store/store.ts";
import { sharedApp } from "../helpers/app.ts";
import { lineText, recordingLog } from "../helpers/recording-log.ts";
import { startBotOnFake, stopBotOnFake } from "./bot-on-fake.ts";
import type { Call, FakeBotApi } from "./fake-bot-api.ts";
import { buttonPress, groupChat, person, privateChat, reaction, textMessage } from "./scripted.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

const app = await sharedApp();

let fake: FakeBotApi;
let store: LowdbStore;
let running: TelegramBot;
const recorded = recordingLog();
const { log } = recorded;
/** Everything the adapter logged, a string a line: the token must never appear in it. */
const logged = () => recorded.lines.map(lineText);

beforeAll(async () => {
  ({ fake, store, running } = await startBotOnFake({ log }));
});

afterAll(() => stopBotOnFake({ fake, store, running }));

let nextPerson = 1000;
const newPerson = (name: string): User => person(nextPerson++, name);
type Chat = ReturnType<typeof privateChat> | ReturnType<typeof groupChat>;

const SIMILAR_USAGE = "Which film? For example: /similar Heat";
const isReplyIn = (chat: Chat) => (c: Call) =>
  (c.method === "sendMessage" || c.method === "sendPhoto") && c.payload.chat_id === chat.id;

/**
 * Feeds updates through getUpdates and returns the Bot API calls they caused. Updates of one
 * chat are handled in order (sequentialize), so a harmless "/similar" sent after them marks
 * the end: once its answer arrives, everything before it in that chat is done.
 */
async function turn(chat: Chat, ...updates: Omit<Update, "update_id">[]): Promise<Call[]> {
  const from = fake.calls.length;
  for (const u of updates) fake.push(u);
  const marker = newPerson("Marker");
  fake.push(
    textMessage(
      fake.messageId(),
      marker,
      chat,
      chat.type === "private" ? "/similar" : "/similar@matinee_test_bot",
    ),
  );
  const end = await fake.waitFor((c) => isReplyIn(chat)(c) && c.payload.text === SIMILAR_USAGE, { from });
  return fake.calls.slice(from, fake.calls.indexOf(end)).filter((c) => c.method !== "sendChatAction");
}

const say = (user: User, text: string, chat: Chat = privateChat(user), extra: Partial<Message> = {}) =>
  turn(chat, textMessage(fake.messageId(), user, chat, text, extra));

let pressId = 0;
const press = (user: User, message: Message, data: string) =>
  turn(message.chat as Chat, buttonPress(`q${pressId++}`, user, message, data));

const sent = (calls: Call[]) => calls.filter((c) => c.method === "sendMessage" || c.method === "sendPhoto");
const textOf = (c: Call) => String(c.method === "sendPhoto" ? c.payload.caption : c.payload.text);
const messageOf = (c: Call) => c.result as Message;
const keyboardOf = (c: Call) =>
  (c.payload.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
const dataOf = (c: Call) =>
  keyboardOf(c).flatMap((row) => row.map((b) => ("callback_data" in b ? b.callback_data : "")));
/** Card messages: the ones with a 👍 button; and the film each shows. */
const cards = (calls: Call[]) =>
  sent(calls).flatMap((c) => {
    const like = dataOf(c)
      .map(decodeAction)
      .find((a) => a?.type === "feedback" && a.signal === "like");
    return like?.type === "feedback" ? [{ call: c, movieId: like.movieId, message: messageOf(c) }] : [];
  });
const profileOf = async (user: User) => (await store.get(userKey("telegram", String(user.id))))?.profile;

describe("start-up", () => {
  test("checks the token, registers the command menu, drops any webhook, polls for reactions too", async () => {
    await fake.waitFor((c) => c.method === "getUpdates");
    expect(fake.callsOf("getMe")).toHaveLength(1);
    const menus = fake.callsOf("setMyCommands");
    // One menu per scope, each the table's commands for that kind of chat (onboarding.test.ts has the detail).
    expect(menus.map((m) => [m.status, (m.payload.scope as { type: string }).type])).toEqual([
      [200, "all_private_chats"],
      [200, "all_group_chats"],
    ]);
    for (const menu of menus) {
      const commands = menu.payload.commands as { command: string; description: string }[];
      for (const c of commands) expect(c.description.length).toBeGreaterThan(5);
    }
    expect(fake.callsOf("deleteWebhook")).toHaveLength(1);
    expect(fake.callsOf("getUpdates")[0]!.payload.allowed_updates).toEqual([
      "message",
      "callback_query",
      "message_reaction",
      "inline_query",
    ]);
  });

  test("a token Telegram rejects stops start-up with a clear message that doesn't contain it", async () => {
    const badToken = "999:not-the-right-token";
    const matinee = createMatinee({ ...app, store: new LowdbStore(new Memory<StoreData>()) });
    const attempt = startTelegramBot({ matinee, token: badToken, log: silentLog, apiRoot: fake.apiRoot });
    await expect(attempt).rejects.toThrow(UserFacingError);
    await expect(attempt).rejects.toThrow(/TELEGRAM_TOKEN/);
    await attempt.catch((e: Error) => expect(e.message).not.toContain(badToken));
  });
});

describe("a private conversation", () => {
  test("onboarding: /start, three films, cards with buttons, a 👍 press, more picks, /profile", async () => {
    const ann = newPerson("Ann");
    const chat = privateChat(ann);

    const [welcome] = sent(await say(ann, "/start"));
    expect(welcome!.payload.text).toContain("Tell me three films you love");

    const first = await say(ann, "I love The Godfather, Heat and Alien");
    const replies = sent(first);
    expect(replies[0]!.payload.text).toBe("Got it: 👍 The Godfather (1972), 👍 Heat (1995), 👍 Alien (1979)");
    const shown = cards(first);
    expect(shown).toHaveLength(10);
    expect(new Set(shown.map((c) => c.movieId)).size).toBe(10);
    for (const id of [858, 6, 1214]) expect(shown.map((c) => c.movieId)).not.toContain(id);
    // Bundle labels come as their own messages before their cards.
    expect(String(replies[1]!.payload.text)).toContain("Here are some films you might like:");
    for (const c of shown) {
      const html = textOf(c.call);
      expect(c.call.payload.parse_mode).toBe("HTML");
      expect(html.length).toBeLessThanOrEqual(c.call.method === "sendPhoto" ? 1024 : 4096);
      expect(parseTelegramHtml(html)).not.toHaveProperty("error");
      const title = app.catalogue.byId(c.movieId)!.title;
      expect(parseTelegramHtml(html)).toMatchObject({ text: expect.stringContaining(title) });
      expect(keyboardOf(c.call).map((row) => row.map((b) => b.text))[0]).toEqual(["👍", "👎", "👀 Seen"]);
      for (const data of dataOf(c.call)) {
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        expect(decodeAction(data)).toBeDefined();
      }
      // Each card message is remembered in the Store, so reactions on it can be understood.
      expect(await store.recallCard(`telegram:${chat.id}:${c.message.message_id}`)).toMatchObject({
        movieId: c.movieId,
        key: `telegram:${ann.id}`,
      });
    }
    expect(sent(first).some((c) => c.method === "sendPhoto")).toBe(true);
    expect(dataOf(sent(first).at(-1)!)).toContain("m");

    const pick = shown[3]!;
    const pressed = await press(ann, pick.message, `f:l:${pick.movieId}`);
    const [answer] = pressed.filter((c) => c.method === "answerCallbackQuery");
    expect(answer!.payload.text).toBe(`Noted: 👍 ${displayName(app.catalogue.byId(pick.movieId)!)}`);
    const [edit] = pressed.filter((c) => c.method === "editMessageReplyMarkup");
    expect(keyboardOf(edit!)[0]!.map((b) => b.text)).toEqual(["👍 ✓", "👎", "👀 Seen"]);
    expect(sent(pressed)).toHaveLength(0);
    expect((await profileOf(ann))!.liked.map((e) => e.movieId)).toContain(pick.movieId);

    const more = await press(ann, messageOf(sent(first).at(-1)!), "m");
    expect(more.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    const page2 = cards(more).map((c) => c.movieId);
    expect(page2.length).toBeGreaterThan(0);
    for (const id of page2) expect(shown.map((c) => c.movieId)).not.toContain(id);

    const [profile] = sent(await say(ann, "/profile"));
    expect(profile!.payload.text).toContain("👍 Liked: The Godfather (1972), Heat (1995), Alien (1979)");
    expect(profile!.payload.text).toContain(app.catalogue.byId(pick.movieId)!.title);
    expect(fake.refused()).toEqual([]);
  });

  test("a film panned in words is echoed as disliked", async () => {
    const dee = newPerson("Dee");
    const chat = privateChat(dee);
    const calls = await turn(
      chat,
      textMessage(
        fake.messageId(),
        dee,
        chat,
        "couldn't finish batman v superman, turned it off after an hour",
      ),
    );
    expect(sent(calls).map(textOf)[0]?.split("\n")[0]).toBe(
      "Got it: 👎 Batman v Superman: Dawn of Justice (2016)",
    );
  });

  test("updates of one chat are handled in order, even when they arrive together", async () => {
    const bob = newPerson("Bob");
    const chat = privateChat(bob);
    const calls = await turn(
      chat,
      textMessage(fake.messageId(), bob, chat, "I loved Heat"),
      textMessage(fake.messageId(), bob, chat, "/profile"),
    );
    const texts = sent(calls).map(textOf);
    expect(texts[0]).toBe("Got it: 👍 Heat (1995)");
    expect(texts.at(-1)).toBe("👍 Liked: Heat (1995)\n👎 Disliked: none yet");
  });

  test("user and data strings are escaped in what the bot sends", async () => {
    const cy = newPerson("Cy");
    const [reply] = sent(await say(cy, "/similar <b>Qqq & Zzz</b>"));
    expect(reply!.payload.text).toBe(
      "I couldn't find &quot;&lt;b&gt;Qqq &amp; Zzz&lt;/b&gt;&quot; in my catalogue.",
    );
    expect(parseTelegramHtml(String(reply!.payload.text))).toEqual({
      text: `I couldn't find "<b>Qqq & Zzz</b>" in my catalogue.`,
    });
    expect(fake.refused()).toEqual([]);
  });

  test("an ambiguous title asks with buttons; a press picks the version and removes the question's buttons", async () => {
    const di = newPerson("Di");
    const first = await say(di, "I loved Solaris");
    const question = sent(first)[0]!;
    expect(question.payload.text).toContain("did you mean Solaris (2002) or Solaris (1972)?");
    expect(
      keyboardOf(question)
        .flat()
        .map((b) => b.text),
    ).toEqual(["Solaris (2002)", "Solaris (1972)"]);
    expect(dataOf(question)).toContain("c:3503:5881");

    const chosen = await press(di, messageOf(question), "c:3503:5881");
    expect(chosen.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    const [edit] = chosen.filter((c) => c.method === "editMessageReplyMarkup");
    expect(edit!.payload.reply_markup).toEqual({ inline_keyboard: [] });
    expect(sent(chosen)[0]!.payload.text).toContain("Solaris (1972)");
    const liked = (await profileOf(di))!.liked.map((e) => e.movieId);
    expect(liked).toContain(3503);
    expect(liked).not.toContain(5881);
  });

  test("an expired or forged button is answered with a notice, and nothing else happens", async () => {
    const ed = newPerson("Ed");
    const [help] = sent(await say(ed, "/help"));
    expect(parseTelegramHtml(String(help!.payload.text))).toEqual({ text: helpText().replace(/`/g, "") });
    for (const data of ["f:l:abc", "zzz", "x:maybe", "f:l:1:2"]) {
      const calls = await press(ed, messageOf(help!), data);
      expect(calls.map((c) => [c.method, c.payload.text])).toEqual([["answerCallbackQuery", EXPIRED_BUTTON]]);
    }
    expect(await profileOf(ed)).toBeUndefined();
  });

  test("unknown commands get a pointer to /help", async () => {
    const fi = newPerson("Fi");
    const [reply] = sent(await say(fi, "/frobnicate"));
    expect(reply!.payload.text).toBe("I don't know /frobnicate. Try /help.");
  });
});

describe("reactions", () => {
  test("an emoji reaction on a card changes the profile in the Store", async () => {
    const gil = newPerson("Gil");
    const chat = privateChat(gil);
    const shown = cards(await say(gil, "I love Heat"));
    const [a, b, c] = shown;

    const disliked = await turn(chat, reaction(chat, a!.message.message_id, gil, ["👎"]));
    expect((await profileOf(gil))!.disliked.map((e) => e.movieId)).toEqual([a!.movieId]);
    // In a private chat the bot confirms, quoting the card.
    const [noted] = sent(disliked);
    expect(noted!.payload.text).toContain("Noted: 👎");
    expect(noted!.payload.reply_parameters).toMatchObject({ message_id: a!.message.message_id });

    await turn(chat, reaction(chat, b!.message.message_id, gil, ["🔖"]));
    expect((await profileOf(gil))!.watchlist.map((e) => e.movieId)).toEqual([b!.movieId]);

    // Only what was added counts; emoji the core doesn't understand change nothing and get no answer.
    const before = await profileOf(gil);
    const ignored = await turn(
      chat,
      reaction(chat, c!.message.message_id, gil, ["🤔"]),
      reaction(chat, b!.message.message_id, gil, [], ["🔖"]),
    );
    expect(sent(ignored)).toEqual([]);
    expect(await profileOf(gil)).toEqual(before);
  });

  test("in a group a reaction counts for whoever reacted (once they use the bot), silently", async () => {
    const group = groupChat(-4242);
    const hal = newPerson("Hal");
    const ivy = newPerson("Ivy");
    const zoe = newPerson("Zoe");
    await say(ivy, "I love Heat");
    const shown = cards(await say(hal, "@matinee_test_bot I love Alien", group));
    const calls = await turn(
      group,
      reaction(group, shown[0]!.message.message_id, ivy, ["❤"]),
      // Zoe never used the bot: her reaction on Hal's card stores and says nothing.
      reaction(group, shown[0]!.message.message_id, zoe, ["❤"]),
    );
    expect(sent(calls)).toEqual([]);
    expect((await profileOf(ivy))!.liked.map((e) => e.movieId)).toEqual([6, shown[0]!.movieId]);
    expect(await profileOf(zoe)).toBeUndefined();
  });
});

describe("groups", () => {
  test("the bot answers only when mentioned, replied to, or commanded by its own name", async () => {
    const group = groupChat(-777);
    const jo = newPerson("Jo");
    expect(sent(await say(jo, "I love Heat", group))).toEqual([]);
    expect(sent(await say(jo, "/profile@some_other_bot", group))).toEqual([]);
    expect(await profileOf(jo)).toBeUndefined();

    const mentioned = sent(await say(jo, "@matinee_test_bot I love Heat", group));
    expect(mentioned[0]!.payload.text).toBe("Got it: 👍 Heat (1995)");
    expect(mentioned[0]!.payload.reply_parameters).toMatchObject({ allow_sending_without_reply: true });

    const replyTo = messageOf(mentioned.at(-1)!);
    const replied = sent(
      await say(jo, "profile", group, { reply_to_message: replyTo as Message["reply_to_message"] }),
    );
    expect(replied[0]!.payload.text).toContain("👍 Liked: Heat (1995)");

    const commanded = sent(await say(jo, "/profile@matinee_test_bot", group));
    expect(commanded[0]!.payload.text).toContain("👍 Liked: Heat (1995)");
    const [start] = sent(await say(jo, "/start", group));
    expect(start!.payload.text).toContain("mention me or reply to one of my messages");

    // Jo's "Are you sure?" is Jo's to answer: someone else's press changes nothing.
    const [question] = sent(await say(jo, "/forget@matinee_test_bot", group));
    expect(messageOf(question!).reply_to_message?.from?.id).toBe(jo.id);
    const other = newPerson("Other");
    await say(other, "@matinee_test_bot I love Alien", group);
    const meddled = await press(other, messageOf(question!), "x:y");
    expect(meddled.map((c) => [c.method, c.payload.text])).toEqual([
      ["answerCallbackQuery", NOT_YOUR_QUESTION],
    ]);
    expect(await profileOf(other)).toBeDefined();
    expect(await profileOf(jo)).toBeDefined();
    const own = await press(jo, messageOf(question!), "x:y");
    expect(sent(own)[0]!.payload.text).toBe("Done: I've forgotten everything about you.");
    expect(await profileOf(jo)).toBeUndefined();
    expect(fake.refused()).toEqual([]);
  });
});

describe("/forget", () => {
  test("asks with buttons; Cancel keeps everything; Yes removes the person and their card map", async () => {
    const kim = newPerson("Kim");
    const chat = privateChat(kim);
    const shown = cards(await say(kim, "I love Heat and Alien"));
    const refs = shown.map((c) => `telegram:${chat.id}:${c.message.message_id}`);
    for (const ref of refs) expect(await store.recallCard(ref)).toBeDefined();

    const ask = async () => {
      const [question] = sent(await say(kim, "/forget"));
      expect(question!.payload.text).toContain("Are you sure?");
      expect(keyboardOf(question!).map((row) => row.map((b) => b.text))).toEqual([
        ["Yes, forget me", "Cancel"],
      ]);
      return messageOf(question!);
    };

    const cancelled = await press(kim, await ask(), "x:n");
    expect(sent(cancelled)[0]!.payload.text).toBe("Kept everything. Nothing was deleted.");
    expect(cancelled.find((c) => c.method === "editMessageReplyMarkup")!.payload.reply_markup).toEqual({
      inline_keyboard: [],
    });
    expect((await profileOf(kim))!.liked).toHaveLength(2);

    const confirmed = await press(kim, await ask(), "x:y");
    expect(confirmed.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
    expect(sent(confirmed)[0]!.payload.text).toBe("Done: I've forgotten everything about you.");
    expect(await store.get(userKey("telegram", String(kim.id)))).toBeUndefined();
    for (const ref of refs) expect(await store.recallCard(ref)).toBeUndefined();

    // A reaction on an old card of theirs no longer finds the film, and creates nothing.
    await turn(chat, reaction(chat, shown[0]!.message.message_id, kim, ["👍"]));
    expect(await profileOf(kim)).toBeUndefined();
  });
});

describe("Telegram refusing things", () => {
  test("a 429 is waited out (retry_after) and the message still goes", async () => {
    const lu = newPerson("Lu");
    fake.failNext("sendMessage", {
      code: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    const calls = (await say(lu, "/start")).filter((c) => c.method === "sendMessage");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.payload).toEqual(calls[0]!.payload);
  });

  test("a dropped connection is retried, and the log says so without the token", async () => {
    const ned = newPerson("Ned");
    fake.failNext("sendMessage", { code: 0, description: "hang up" });
    const calls = (await say(ned, "/start")).filter((c) => c.method === "sendMessage");
    expect(calls.map((c) => c.status)).toEqual([0, 200]);
    const warning = logged().find((l) => l.includes("Telegram API call failed"));
    expect(warning).toContain("sendMessage");
    expect(warning).toContain("<token>");
    expect(logged().join("\n")).not.toContain(fake.token);
  });

  test("a poster Telegram can't fetch becomes a text card, still remembered for reactions", async () => {
    const mo = newPerson("Mo");
    fake.rejectPhoto = () => true;
    try {
      const calls = await say(mo, "I love Alien");
      const photos = calls.filter((c) => c.method === "sendPhoto");
      expect(photos.length).toBeGreaterThan(0);
      expect(photos.every((c) => c.status === 400)).toBe(true);
      const shown = cards(calls).filter((c) => c.call.status === 200);
      expect(shown).toHaveLength(10);
      expect(shown.every((c) => c.call.method === "sendMessage" && textOf(c.call).startsWith("🎬 <b>"))).toBe(
        true,
      );
      for (const c of shown) {
        expect(await store.recallCard(`telegram:${mo.id}:${c.message.message_id}`)).toMatchObject({
          movieId: c.movieId,
        });
      }
    } finally {
      fake.rejectPhoto = () => false;
    }
  });
});
