import type { InlineKeyboardMarkup, Message, Update, User } from "grammy/types";
import { Memory } from "lowdb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTelegramBot, type TelegramBot } from "../../adapters/telegram/bot.ts";
import { helpText } from "../../adapters/telegram/help.ts";
import { decodePage } from "../../adapters/telegram/render.ts";
import { EXPIRED_BUTTON, NOT_YOUR_LIST, NOT_YOUR_QUESTION } from "../../adapters/telegram/updates.ts";
import { UserFacingError } from "../../core/errors.ts";
import { silentLog } from "../../core/log.ts";
import { createMatinee } from "../../core/matinee.ts";
import { displayName } from "../../core/movie.ts";
import { type Action, decodeButton } from "../../core/reply/actions.ts";
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
  // Delivered (200): a marker the group's flood limit held back (429) is sent again, and ends the turn then.
  const end = await fake.waitFor(
    (c) => isReplyIn(chat)(c) && c.status === 200 && c.payload.text === SIMILAR_USAGE,
    { from },
  );
  return fake.calls.slice(from, fake.calls.indexOf(end)).filter((c) => c.method !== "sendChatAction");
}

const say = (user: User, text: string, chat: Chat = privateChat(user), extra: Partial<Message> = {}) =>
  turn(chat, textMessage(fake.messageId(), user, chat, text, extra));

let pressId = 0;
const press = (user: User, message: Message, data: string) =>
  turn(message.chat as Chat, buttonPress(`q${pressId++}`, user, message, data));

/** Messages sent, and those refused (400…) as well; not a send the flood limit held back (429): it is sent again. */
const sent = (calls: Call[]) =>
  calls.filter((c) => (c.method === "sendMessage" || c.method === "sendPhoto") && c.status !== 429);
const textOf = (c: Call) => String(c.method === "sendPhoto" ? c.payload.caption : c.payload.text);
const messageOf = (c: Call) => c.result as Message;
const keyboardOf = (c: Call) =>
  (c.payload.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
const dataOf = (c: Call) =>
  keyboardOf(c).flatMap((row) => row.map((b) => ("callback_data" in b ? b.callback_data : "")));
/** Card messages: the ones with a 👍 button; and the film each shows (a list's: the card shown). */
const cards = (calls: Call[]) =>
  sent(calls).flatMap((c) => {
    const like = dataOf(c)
      .map((d) => decodeButton(d)?.action)
      .find((a) => a?.type === "feedback" && a.signal === "like");
    return like?.type === "feedback" ? [{ call: c, movieId: like.movieId, message: messageOf(c) }] : [];
  });
/** The button on a keyboard whose payload passes `test`. */
const buttonOn = (markup: InlineKeyboardMarkup | undefined, test: (data: string) => boolean) =>
  (markup?.inline_keyboard ?? [])
    .flat()
    .flatMap((b) => ("callback_data" in b && test(b.callback_data) ? [b.callback_data] : []))[0]!;
const isAction = (test: (a: Action) => boolean) => (data: string) => {
  const a = decodeButton(data)?.action;
  return a !== undefined && test(a);
};
/** A message as it stands now on the fake (after the bot's edits). */
const current = (m: Message) => fake.messages.get(`${m.chat.id}:${m.message_id}`)!;
const rowTexts = (markup: InlineKeyboardMarkup | undefined) =>
  (markup?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));
const profileOf = async (user: User) => (await store.get(userKey("telegram", String(user.id))))?.profile;

describe("start-up", () => {
  test("checks the token, registers the command menu, drops any webhook, polls for reactions too", async () => {
    await fake.waitFor((c) => c.method === "getUpdates");
    expect(fake.callsOf("getMe")).toHaveLength(1);
    const menus = fake.callsOf("setMyCommands");
    // One menu per scope, each the table's commands for that kind of chat (onboarding.test.ts has the detail).
    // …then the same two in Korean, for people whose Telegram app is in Korean.
    expect(
      menus.map((m) => [m.status, (m.payload.scope as { type: string }).type, m.payload.language_code]),
    ).toEqual([
      [200, "all_private_chats", undefined],
      [200, "all_group_chats", undefined],
      [200, "all_private_chats", "ko"],
      [200, "all_group_chats", "ko"],
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
  test("onboarding: /start, three films, the list as one message; 👍 edits it, ◀ ▶ page it, More picks, /profile", async () => {
    const ann = newPerson("Ann");
    const chat = privateChat(ann);
    const owner = `@${ann.id}`;

    const [welcome] = sent(await say(ann, "/start"));
    expect(welcome!.payload.text).toContain("Tell me three films you love");

    const first = await say(ann, "I love The Godfather, Heat and Alien");
    // One message for the whole answer: the acknowledgement, the list's heading, its first card.
    const replies = sent(first);
    expect(replies).toHaveLength(1);
    const listCall = replies[0]!;
    const list = messageOf(listCall);
    const html = textOf(listCall);
    expect(listCall.payload.parse_mode).toBe("HTML");
    expect(html.length).toBeLessThanOrEqual(listCall.method === "sendPhoto" ? 1024 : 4096);
    const text = (parseTelegramHtml(html) as { text: string }).text;
    expect(text).toContain(
      "Got it: 👍 The Godfather (1972), 👍 Heat (1995), 👍 Alien (1979)\nHere are some films you might like:",
    );
    const state = (await store.get(userKey("telegram", String(ann.id))))!;
    const listIds = state.conversation.lists!.at(-1)!.cards.map((c) => c.movieId);
    expect(listIds).toHaveLength(5);
    for (const id of [858, 6, 1214]) expect(listIds).not.toContain(id);
    expect(text).toContain(app.catalogue.byId(listIds[0]!)!.title);
    expect(rowTexts(list.reply_markup)).toEqual([
      ["👍", "👎", "👀 Seen"],
      ["More like this"],
      ["◀", "1 / 5", "▶"],
      ["More picks"],
    ]);
    for (const data of dataOf(listCall)) {
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeButton(data) ?? decodePage(data)).toBeDefined();
      expect(data.endsWith(owner)).toBe(true);
    }
    // The list's message is remembered with the card it shows, so reactions on it can be understood.
    const ref = `telegram:${chat.id}:${list.message_id}`;
    expect(await store.recallCard(ref)).toMatchObject({ movieId: listIds[0], key: `telegram:${ann.id}` });

    // 👍 on the card shown: a notification, and the message's keyboard shows it; no new message.
    const like = buttonOn(
      list.reply_markup,
      isAction((a) => a.type === "feedback" && a.signal === "like"),
    );
    const pressed = await press(ann, current(list), like);
    const [answer] = pressed.filter((c) => c.method === "answerCallbackQuery");
    expect(answer!.payload.text).toBe(`Noted: 👍 ${displayName(app.catalogue.byId(listIds[0]!)!)}`);
    const [edit] = pressed.filter((c) => c.method === "editMessageReplyMarkup");
    expect(edit!.payload.message_id).toBe(list.message_id);
    expect(rowTexts(edit!.payload.reply_markup as InlineKeyboardMarkup)[0]).toEqual([
      "👍 ✓",
      "👎",
      "👀 Seen",
    ]);
    expect(sent(pressed)).toHaveLength(0);
    expect((await profileOf(ann))!.liked.map((e) => e.movieId)).toContain(listIds[0]);
    // The same press again changes nothing on screen, so nothing is edited (Telegram refuses
    // an edit that changes nothing: "message is not modified").
    const again = await press(ann, current(list), like);
    expect(again.map((c) => c.method)).toEqual(["answerCallbackQuery"]);

    // ▶ shows the second card in the same message: photo, caption and keyboard in one edit.
    const forward = buttonOn(current(list).reply_markup, (d) => decodePage(d)?.index === 1);
    const paged = await press(ann, current(list), forward);
    expect(sent(paged)).toHaveLength(0);
    const [turned] = paged.filter((c) => c.method === "editMessageMedia" || c.method === "editMessageText");
    expect(turned!.payload.message_id).toBe(list.message_id);
    expect(turned!.method).toBe(list.photo ? "editMessageMedia" : "editMessageText");
    const now = current(list);
    expect(rowTexts(now.reply_markup)[2]).toEqual(["◀", "2 / 5", "▶"]);
    expect(rowTexts(now.reply_markup)[0]).toEqual(["👍", "👎", "👀 Seen"]);
    const caption = String("caption" in now ? now.caption : "") + String("text" in now ? now.text : "");
    expect(caption).toContain(app.catalogue.byId(listIds[1]!)!.title);
    // Reactions on the message now mean the card it shows.
    expect(await store.recallCard(ref)).toMatchObject({ movieId: listIds[1] });

    // ◀ goes back; the first card still shows the 👍 given to it.
    const backward = buttonOn(
      current(list).reply_markup,
      (d) => decodePage(d)?.index === 0 && !/\d \/ /.test(d),
    );
    await press(ann, current(list), backward);
    expect(rowTexts(current(list).reply_markup)[0]).toEqual(["👍 ✓", "👎", "👀 Seen"]);
    expect(rowTexts(current(list).reply_markup)[2]).toEqual(["◀", "1 / 5", "▶"]);
    // The page counter is the page shown: pressing it edits nothing.
    const counter = (current(list).reply_markup!.inline_keyboard[2]![1] as { callback_data: string })
      .callback_data;
    expect((await press(ann, current(list), counter)).map((c) => c.method)).toEqual(["answerCallbackQuery"]);

    // More picks: the next list, as one new message.
    const moreData = buttonOn(
      current(list).reply_markup,
      isAction((a) => a.type === "more"),
    );
    const more = await press(ann, current(list), moreData);
    expect(sent(more)).toHaveLength(1);
    const nextIds = (await store.get(userKey("telegram", String(ann.id))))!.conversation
      .lists!.at(-1)!
      .cards.map((c) => c.movieId);
    expect(nextIds.length).toBeGreaterThan(0);
    for (const id of nextIds) expect(listIds).not.toContain(id);

    // The first list's More picks again: that list is over, and the newer one is not paged on.
    const stale = await press(ann, current(list), moreData);
    expect(sent(stale)).toHaveLength(1);
    expect(textOf(sent(stale)[0]!)).toMatch(/^That list is finished/);
    expect(cards(stale)).toEqual([]);
    const offered = decodeButton(dataOf(sent(stale)[0]!)[0]!)!.action;
    expect(offered).toEqual({
      type: "more",
      listId: (await store.get(userKey("telegram", String(ann.id))))!.conversation.listId,
    });
    expect(
      (await store.get(userKey("telegram", String(ann.id))))!.conversation
        .lists!.at(-1)!
        .cards.map((c) => c.movieId),
    ).toEqual(nextIds);

    const [profile] = sent(await say(ann, "/profile"));
    expect(profile!.payload.text).toContain("👍 Liked: The Godfather (1972), Heat (1995), Alien (1979)");
    expect(profile!.payload.text).toContain(app.catalogue.byId(listIds[0]!)!.title);
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
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^Got it: 👍 Heat \(1995\)\nHere are some films you might like:/);
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
    expect(dataOf(question)).toContain(`c:3503:5881@${di.id}`);

    const chosen = await press(di, messageOf(question), `c:3503:5881@${di.id}`);
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
  test("an emoji reaction on a list's message means the card it shows, also after paging", async () => {
    const gil = newPerson("Gil");
    const chat = privateChat(gil);
    const [shown] = cards(await say(gil, "I love Heat"));
    const list = shown!.message;

    const disliked = await turn(chat, reaction(chat, list.message_id, gil, ["👎"]));
    expect((await profileOf(gil))!.disliked.map((e) => e.movieId)).toEqual([shown!.movieId]);
    // In a private chat the bot confirms, quoting the list.
    const [noted] = sent(disliked);
    expect(noted!.payload.text).toContain("Noted: 👎");
    expect(noted!.payload.reply_parameters).toMatchObject({ message_id: list.message_id });

    await press(
      gil,
      current(list),
      buttonOn(current(list).reply_markup, (d) => decodePage(d)?.index === 1),
    );
    const second = (await store.get(userKey("telegram", String(gil.id))))!.conversation.lists!.at(-1)!
      .cards[1]!;
    await turn(chat, reaction(chat, list.message_id, gil, ["🔖"], ["👎"]));
    expect((await profileOf(gil))!.watchlist.map((e) => e.movieId)).toEqual([second.movieId]);

    // Only what was added counts; emoji the core doesn't understand change nothing and get no answer.
    const before = await profileOf(gil);
    const ignored = await turn(
      chat,
      reaction(chat, list.message_id, gil, ["🔖", "🤔"], ["🔖"]),
      reaction(chat, list.message_id, gil, [], ["🔖"]),
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
    expect(mentioned).toHaveLength(1);
    expect(textOf(mentioned[0]!)).toMatch(/^Got it: 👍 Heat \(1995\)\n/);
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

    const other = newPerson("Other");
    await say(other, "@matinee_test_bot I love Alien", group);
    // On Jo's list, Other's 👍 is Other's own like, said privately; Jo's message is untouched.
    const list = messageOf(mentioned[0]!);
    const jos = current(list);
    const like = buttonOn(
      jos.reply_markup,
      isAction((a) => a.type === "feedback" && a.signal === "like"),
    );
    const theirs = await press(other, jos, like);
    expect(theirs.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    expect(String(theirs[0]!.payload.text)).toMatch(/^Noted: 👍 /);
    const film = decodeButton(like)!.action as { movieId: number };
    expect((await profileOf(other))!.liked.map((e) => e.movieId)).toContain(film.movieId);
    expect((await profileOf(jo))!.liked.map((e) => e.movieId)).not.toContain(film.movieId);
    expect(current(list)).toEqual(jos);
    // Nor can Other page Jo's list or take its More picks.
    for (const data of [
      buttonOn(jos.reply_markup, (d) => decodePage(d)?.index === 1),
      buttonOn(
        jos.reply_markup,
        isAction((a) => a.type === "more"),
      ),
    ]) {
      const refused = await press(other, jos, data);
      expect(refused.map((c) => [c.method, c.payload.text])).toEqual([
        ["answerCallbackQuery", NOT_YOUR_LIST],
      ]);
    }
    // Jo's own 👍 in the group ticks the button on Jo's message.
    const ticked = await press(jo, jos, like);
    expect(ticked.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageReplyMarkup"]);
    expect(rowTexts(current(list).reply_markup)[0]).toEqual(["👍 ✓", "👎", "👀 Seen"]);

    // Jo's "Are you sure?" is Jo's to answer: someone else's press changes nothing.
    const [question] = sent(await say(jo, "/forget@matinee_test_bot", group));
    expect(messageOf(question!).reply_to_message?.from?.id).toBe(jo.id);
    const yes = buttonOn(
      messageOf(question!).reply_markup,
      isAction((a) => a.type === "forget" && a.confirmed),
    );
    expect(yes).toBe(`x:y@${jo.id}`);
    const meddled = await press(other, messageOf(question!), yes);
    expect(meddled.map((c) => [c.method, c.payload.text])).toEqual([
      ["answerCallbackQuery", NOT_YOUR_QUESTION],
    ]);
    expect(await profileOf(other)).toBeDefined();
    expect(await profileOf(jo)).toBeDefined();

    const own = await press(jo, messageOf(question!), yes);
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

    const answer = (m: Message, confirmed: boolean) =>
      buttonOn(
        m.reply_markup,
        isAction((a) => a.type === "forget" && a.confirmed === confirmed),
      );
    const first = await ask();
    const cancelled = await press(kim, first, answer(first, false));
    expect(sent(cancelled)[0]!.payload.text).toBe("Kept everything. Nothing was deleted.");
    expect(cancelled.find((c) => c.method === "editMessageReplyMarkup")!.payload.reply_markup).toEqual({
      inline_keyboard: [],
    });
    expect((await profileOf(kim))!.liked).toHaveLength(2);

    const second = await ask();
    const confirmed = await press(kim, second, answer(second, true));
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
      expect(shown).toHaveLength(1);
      const [list] = shown;
      expect(list!.call.method).toBe("sendMessage");
      expect(textOf(list!.call)).toContain("🎬 <b>");
      expect(await store.recallCard(`telegram:${mo.id}:${list!.message.message_id}`)).toMatchObject({
        movieId: list!.movieId,
      });
      // A text message pages as text: editMessageText, never a photo it never had.
      const paged = await press(
        mo,
        current(list!.message),
        buttonOn(list!.message.reply_markup, (d) => decodePage(d)?.index === 1),
      );
      expect(paged.filter((c) => c.method.startsWith("edit")).map((c) => [c.method, c.status])).toEqual([
        ["editMessageText", 200],
      ]);
    } finally {
      fake.rejectPhoto = () => false;
    }
  });
});
