// The Telegram flows in each language Matinee speaks, against the fake Bot API with the real
// grammY: the expected words are the catalogue's, in the language of the person's app
// (`from.language_code`) or of their own choice (/language).
import type { InlineKeyboardMarkup, Message, Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TelegramBot } from "../../adapters/telegram/bot.ts";
import { helpText, onboarding } from "../../adapters/telegram/help.ts";
import { translator } from "../../core/i18n/i18n.ts";
import { silentLog } from "../../core/log.ts";
import type { LowdbStore } from "../../core/store/lowdb-store.ts";
import { userKey } from "../../core/store/store.ts";
import { startBotOnFake, stopBotOnFake } from "./bot-on-fake.ts";
import type { Call, FakeBotApi } from "./fake-bot-api.ts";
import { buttonPress, person, privateChat, textMessage } from "./scripted.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

const HANGUL = /\p{Script=Hangul}/u;

let fake: FakeBotApi;
let store: LowdbStore;
let running: TelegramBot;
beforeAll(async () => {
  ({ fake, store, running } = await startBotOnFake({ log: silentLog }));
});
afterAll(() => stopBotOnFake({ fake, store, running }));

let nextPerson = 5000;
const newPerson = (lang: string): User => ({
  ...person(nextPerson++, `P${nextPerson}`),
  language_code: lang === "ko" ? "ko" : "en",
});
type Chat = ReturnType<typeof privateChat>;

const MARKER = translator("en").t("tg-similar-usage");
const isReplyIn = (chat: Chat) => (c: Call) =>
  (c.method === "sendMessage" || c.method === "sendPhoto") && c.payload.chat_id === chat.id;

/** Feeds updates, then a marker (an English-speaking stranger's bare /similar): everything before it is done. */
async function turn(chat: Chat, ...updates: Omit<Update, "update_id">[]): Promise<Call[]> {
  const from = fake.calls.length;
  for (const u of updates) fake.push(u);
  fake.push(textMessage(fake.messageId(), person(nextPerson++, "Marker"), chat, "/similar"));
  const end = await fake.waitFor((c) => isReplyIn(chat)(c) && c.status === 200 && c.payload.text === MARKER, {
    from,
  });
  return fake.calls.slice(from, fake.calls.indexOf(end)).filter((c) => c.method !== "sendChatAction");
}
const say = (user: User, text: string) =>
  turn(privateChat(user), textMessage(fake.messageId(), user, privateChat(user), text));
let pressId = 0;
const press = (user: User, message: Message, data: string) =>
  turn(message.chat as Chat, buttonPress(`l${pressId++}`, user, message, data));

const sent = (calls: Call[]) =>
  calls.filter((c) => (c.method === "sendMessage" || c.method === "sendPhoto") && c.status !== 429);
const textOf = (c: Call) => String(c.method === "sendPhoto" ? c.payload.caption : c.payload.text);
const shown = (c: Call) => {
  const parsed = parseTelegramHtml(textOf(c));
  return "text" in parsed ? parsed.text : "";
};
/** Telegram shows `code` as code: the text read back has no backticks. */
const plain = (s: string) => s.replace(/`/g, "");
const keyboardOf = (c: Call) =>
  (c.payload.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
const buttons = (c: Call) =>
  keyboardOf(c)
    .flat()
    .map((b) => ({ text: b.text, data: "callback_data" in b ? b.callback_data : "" }));

describe.each(["en", "ko"] as const)("Telegram in %s", (lang) => {
  const tr = translator(lang);

  test("/start and /help in the app's language", async () => {
    const who = newPerson(lang);
    const [start] = sent(await say(who, "/start"));
    expect(shown(start!)).toBe(onboarding(false, tr).replace(/`/g, ""));
    const [help] = sent(await say(who, "/help"));
    expect(shown(help!)).toBe(helpText(tr).replace(/`/g, ""));
    const [usage] = sent(await say(who, "/like"));
    expect(shown(usage!)).toBe(plain(tr.t("tg-like-usage")));
  });

  test("films told: the list in the language (heading, reasons, genres, buttons); titles as they are", async () => {
    const who = newPerson(lang);
    const [list] = sent(await say(who, "I loved The Godfather and Heat"));
    const text = shown(list!);
    expect(text).toContain(tr.t("tell-got-it", { items: "👍 The Godfather (1972), 👍 Heat (1995)" }));
    expect(text).toContain(tr.t("list-intro"));
    if (lang === "ko") expect(text).toContain(tr.t("genre-crime"));
    const labels = buttons(list!).map((b) => b.text);
    expect(labels).toContain(tr.t("button-seen"));
    expect(labels).toContain(tr.t("button-similar"));
    expect(labels).toContain(tr.t("button-more"));
    expect((await store.get(userKey("telegram", String(who.id))))?.language).toBe(lang);
    const [profile] = sent(await say(who, "/profile"));
    expect(shown(profile!)).toBe(
      [
        tr.t("profile-liked", { films: "The Godfather (1972), Heat (1995)" }),
        tr.t("profile-disliked", { films: tr.t("profile-none") }),
      ].join("\n"),
    );
    // Someone else pressing this list's More picks is told so, in their own language, as a notification.
    const other = newPerson(lang === "en" ? "ko" : "en");
    await say(other, "I loved Alien");
    const more = buttons(list!).find((b) => b.data.startsWith("m:"))!;
    const pressed = await press(other, list!.result as Message, more.data);
    const answer = pressed.find((c) => c.method === "answerCallbackQuery")!;
    expect(answer.payload.text).toBe(plain(translator(lang === "en" ? "ko" : "en").t("tg-not-your-list")));
  });

  test("/forget asks in the language, with its buttons; Cancel keeps everything", async () => {
    const who = newPerson(lang);
    await say(who, "I loved Alien");
    const [question] = sent(await say(who, "/forget"));
    expect(shown(question!)).toBe(plain(tr.t("forget-ask")));
    const [yes, cancel] = buttons(question!);
    expect([yes!.text, cancel!.text]).toEqual([tr.t("button-forget-yes"), tr.t("button-cancel")]);
    const [kept] = sent(await press(who, question!.result as Message, cancel!.data));
    expect(shown(kept!)).toBe(plain(tr.t("forget-kept")));
  });

  test("/language: buttons for each language; a choice answers in the new language and wins over the app's", async () => {
    const who = newPerson(lang);
    const other = lang === "en" ? "ko" : "en";
    const [ask] = sent(await say(who, "/language"));
    expect(shown(ask!)).toBe(plain(tr.t("language-choose")));
    const choices = buttons(ask!);
    expect(choices.map((b) => b.text)).toEqual(["English", "한국어"]);
    const [set] = sent(await press(who, ask!.result as Message, choices[other === "en" ? 0 : 1]!.data));
    expect(shown(set!)).toBe(plain(translator(other).t("language-set")));
    expect((await store.get(userKey("telegram", String(who.id))))?.language).toBe(other);
    // The app still says `lang`: the choice is what counts, for the core's turns and the adapter's own lines.
    const [help] = sent(await say(who, "/help"));
    expect(shown(help!)).toBe(helpText(translator(other)).replace(/`/g, ""));
    const [usage] = sent(await say(who, "/dislike"));
    expect(shown(usage!)).toBe(plain(translator(other).t("tg-dislike-usage")));
    const [back] = sent(await say(who, `/language ${lang}`));
    expect(shown(back!)).toBe(plain(tr.t("language-set")));
    const [unknown] = sent(await say(who, "/frobnicate"));
    expect(shown(unknown!)).toBe(plain(tr.t("tg-unknown-command", { command: "frobnicate" })));
    if (lang === "ko") expect(shown(unknown!)).toMatch(HANGUL);
  });
});
