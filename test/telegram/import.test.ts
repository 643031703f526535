import type { Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TELEGRAM_DOWNLOAD_LIMIT, type TelegramBot } from "../../adapters/telegram/bot.ts";
import { IMPORT_USAGE } from "../../core/import/messages.ts";
import type { LowdbStore } from "../../core/store/lowdb-store.ts";
import { userKey } from "../../core/store/store.ts";
import { bytesOf, imdbRatings, letterboxd, zipOf } from "../helpers/exports.ts";
import { lineText, recordingLog } from "../helpers/recording-log.ts";
import { startBotOnFake, stopBotOnFake } from "./bot-on-fake.ts";
import type { Call, FakeBotApi } from "./fake-bot-api.ts";
import { documentMessage, groupChat, person, privateChat, textMessage } from "./scripted.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

let fake: FakeBotApi;
let store: LowdbStore;
let running: TelegramBot;
const recorded = recordingLog();
/** Everything the adapter logged, a string a line: the token must never appear in it. */
const logged = () => recorded.lines.map(lineText);

beforeAll(async () => {
  ({ fake, store, running } = await startBotOnFake({ log: recorded.log }));
});
afterAll(() => stopBotOnFake({ fake, store, running }));

let nextPerson = 5000;
const newPerson = (name: string): User => person(nextPerson++, name);
type Chat = ReturnType<typeof privateChat> | ReturnType<typeof groupChat>;
const SIMILAR_USAGE = "Which film? For example: /similar Heat";

/** Feeds updates and returns the calls they caused (a trailing "/similar" marks the end, as in bot.test.ts). */
async function turn(chat: Chat, ...updates: Omit<Update, "update_id">[]): Promise<Call[]> {
  const from = fake.calls.length;
  for (const u of updates) fake.push(u);
  fake.push(
    textMessage(
      fake.messageId(),
      newPerson("Marker"),
      chat,
      chat.type === "private" ? "/similar" : "/similar@matinee_test_bot",
    ),
  );
  const end = await fake.waitFor(
    (c) =>
      (c.method === "sendMessage" || c.method === "sendPhoto") &&
      c.payload.chat_id === chat.id &&
      c.payload.text === SIMILAR_USAGE,
    { from },
  );
  return fake.calls.slice(from, fake.calls.indexOf(end)).filter((c) => c.method !== "sendChatAction");
}
const sendDocument = (
  user: User,
  document: ReturnType<FakeBotApi["addFile"]>,
  caption?: string,
  chat: Chat = privateChat(user),
) => turn(chat, documentMessage(fake.messageId(), user, chat, document, caption));
const sentTexts = (calls: Call[]) =>
  calls
    .filter((c) => c.method === "sendMessage" || c.method === "sendPhoto")
    .map((c) => String(c.method === "sendPhoto" ? c.payload.caption : c.payload.text));
const profileOf = async (user: User) => (await store.get(userKey("telegram", String(user.id))))?.profile;
const ids = (list: { movieId: number }[] | undefined) => (list ?? []).map((e) => e.movieId);

const HISTORY = zipOf({
  "ratings.csv": letterboxd.ratings([
    { name: "The Godfather", year: 1972, date: "2018-02-01", rating: 5 },
    { name: "Heat", year: 1995, date: "2019-04-01", rating: 4 },
    { name: "Titanic", year: 1997, date: "2020-01-01", rating: 1 },
  ]),
  "watched.csv": letterboxd.watched([{ name: "Alien", year: 1979, date: "2017-01-01" }]),
});

describe("a document sent in a private chat", () => {
  test("getFile, the download from the file URL, then the summary and the cards", async () => {
    const ann = newPerson("Ann");
    const doc = fake.addFile("letterboxd-ann-2024-06-01-utc.zip", HISTORY, { mimeType: "application/zip" });
    const calls = await sendDocument(ann, doc);
    expect(calls.filter((c) => c.method === "getFile").map((c) => c.payload.file_id)).toEqual([doc.file_id]);
    expect(fake.downloads.at(-1)).toEqual({ path: "documents/file_1.zip", status: 200 });
    const texts = sentTexts(calls);
    expect(texts[0]).toContain(
      "📥 Imported your Letterboxd history: 4 films — 👍 2 liked, 👎 1 disliked, 👀 1 seen.",
    );
    expect(texts.join("\n")).toContain("Here are some films you might like, from your history:");
    // The list is one message (its first card, with a ◀ n / 5 ▶ pager).
    const lists = calls.filter(
      (c) => c.method === "sendPhoto" || (c.method === "sendMessage" && c.payload.reply_markup),
    );
    expect(lists).toHaveLength(1);
    expect(JSON.stringify(lists[0]!.payload.reply_markup)).toContain("1 / 5");
    expect(fake.refused()).toEqual([]);
    const profile = await profileOf(ann);
    expect(ids(profile?.liked)).toEqual([858, 6]);
    expect(ids(profile?.disliked)).toEqual([1721]);
    expect(ids(profile?.seen)).toEqual([1214]);
    // The file URL holds the token: it is never logged.
    expect(logged().join("\n")).not.toContain(fake.token);
  });

  test("a caption names the layout; titles from the file arrive HTML-escaped, as code", async () => {
    const bob = newPerson("Bob");
    const csv = imdbRatings([
      { id: "tt0111161", title: "The Shawshank Redemption", year: 1994, rating: 10, date: "2020-01-01" },
      {
        id: "tt9999999",
        title: '<a href="tg://x">Click</a> & <b>',
        year: 2031,
        rating: 8,
        date: "2020-01-02",
      },
    ]);
    const calls = await sendDocument(
      bob,
      fake.addFile("ratings.csv", bytesOf(csv), { mimeType: "text/csv" }),
      "my imdb export",
    );
    const [summary] = calls.filter((c) => c.method === "sendMessage");
    const html = String(summary!.payload.text);
    expect(html).toContain(
      "<code>&lt;a href=&quot;tg://x&quot;&gt;Click&lt;/a&gt; &amp; &lt;b&gt;</code> (2031)",
    );
    const parsed = parseTelegramHtml(html);
    expect("error" in parsed).toBe(false);
    expect(ids((await profileOf(bob))?.liked)).toEqual([318]);
  });

  test("over Telegram's 20 MB as the message states it: refused before getFile, nothing changed", async () => {
    const cat = newPerson("Cat");
    const doc = fake.addFile("ratings.csv", bytesOf("x"), { size: TELEGRAM_DOWNLOAD_LIMIT + 1 });
    const calls = await sendDocument(cat, doc);
    expect(calls.filter((c) => c.method === "getFile")).toEqual([]);
    expect(sentTexts(calls)).toEqual([
      "That file is too big for me to fetch here (bots can download files up to 20.0 MB; it is 20.1 MB). Send one CSV of the export (ratings.csv or diary.csv) instead. Nothing in your profile was changed.",
    ]);
    expect(await profileOf(cat)).toBeUndefined();
  });

  test("without a stated size, getFile's own refusal says the same", async () => {
    const dan = newPerson("Dan");
    const doc = fake.addFile("big.zip", bytesOf("x"), { size: 25 * 1024 * 1024, statedSize: false });
    const calls = await sendDocument(dan, doc);
    const [getFile] = calls.filter((c) => c.method === "getFile");
    expect(getFile).toMatchObject({ status: 400, description: "Bad Request: file is too big" });
    expect(sentTexts(calls)[0]).toContain(
      "That file is too big for me to fetch here (bots can download files up to 20.0 MB).",
    );
  });

  test("a file that is not an export: one message; what the person had stays", async () => {
    const eve = newPerson("Eve");
    await turn(privateChat(eve), textMessage(fake.messageId(), eve, privateChat(eve), "I loved Heat"));
    const before = await profileOf(eve);
    const calls = await sendDocument(
      eve,
      fake.addFile("notes.txt", bytesOf("shopping list\neggs\n"), { mimeType: "text/plain" }),
      "import",
    );
    expect(sentTexts(calls)).toEqual([
      "That CSV isn't a Letterboxd or IMDb export: I look for Letterboxd's columns (Date, Name, Year, Letterboxd URI) or IMDb's (Const, Your Rating, Title, Year). Nothing in your profile was changed.",
    ]);
    expect(await profileOf(eve)).toEqual(before);
  });

  test("a picture-like file with words is a chat message; /import says how to send the file", async () => {
    const fay = newPerson("Fay");
    const calls = await sendDocument(
      fay,
      fake.addFile("still.jpg", Uint8Array.from([0xff, 0xd8]), { mimeType: "image/jpeg" }),
      "loved Alien",
    );
    expect(sentTexts(calls)[0]).toContain("Got it: 👍 Alien (1979)");
    expect(calls.filter((c) => c.method === "getFile")).toEqual([]);
    const help = await turn(
      privateChat(fay),
      textMessage(fake.messageId(), fay, privateChat(fay), "/import"),
    );
    expect(sentTexts(help)[0]).toBe(
      IMPORT_USAGE.replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/`([^`\n]+)`/g, "<code>$1</code>"),
    );
  });
});

describe("in a group", () => {
  test("a document is not for the bot: no getFile, no answer", async () => {
    const gus = newPerson("Gus");
    const group = groupChat(-7001);
    const calls = await sendDocument(
      gus,
      fake.addFile(
        "ratings.csv",
        bytesOf(letterboxd.ratings([{ name: "Heat", year: 1995, date: "2020-01-01", rating: 5 }])),
      ),
      undefined,
      group,
    );
    expect(calls).toEqual([]);
    expect(await profileOf(gus)).toBeUndefined();
  });
});
