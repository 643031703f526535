import { Api, GrammyError } from "grammy";
import type { InlineQueryResult, InlineQueryResultArticle, InlineQueryResultPhoto, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TelegramBot } from "../../adapters/telegram/bot.ts";
import { INLINE_START, MORE_IN_CHAT, similarDeepLink } from "../../adapters/telegram/inline.ts";
import { INLINE_QUERY_CHARS } from "../../core/inline.ts";
import { displayName } from "../../core/movie.ts";
import { emptyProfile } from "../../core/profile/profile.ts";
import { similarCards } from "../../core/similar.ts";
import type { LowdbStore } from "../../core/store/lowdb-store.ts";
import { userKey } from "../../core/store/store.ts";
import { suggest } from "../../core/suggest.ts";
import { sharedApp } from "../helpers/app.ts";
import { lineText, recordingLog } from "../helpers/recording-log.ts";
import { startBotOnFake, stopBotOnFake } from "./bot-on-fake.ts";
import { type Call, FakeBotApi } from "./fake-bot-api.ts";
import { INLINE_FAKE_LIMITS, TOO_OLD } from "./fake-inline.ts";
import { person, privateChat, textMessage } from "./scripted.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

const app = await sharedApp();

/** Long enough that a typist's second answer plainly comes after anyone else's first. */
const INTERVAL_MS = 2_000;

let fake: FakeBotApi;
let store: LowdbStore;
let running: TelegramBot;
const recorded = recordingLog();

beforeAll(async () => {
  ({ fake, store, running } = await startBotOnFake({ log: recorded.log, inlineIntervalMs: INTERVAL_MS }));
});

afterAll(() => stopBotOnFake({ fake, store, running }));

let nextPerson = 5000;
const newPerson = (name: string): User => person(nextPerson++, name);
const BOT = "matinee_test_bot";

const answerTo = (id: string) => (c: Call) =>
  c.method === "answerInlineQuery" && c.payload.inline_query_id === id;

/** Someone types `@bot <text>`: the bot's answer, as the fake received it. */
async function ask(user: User, text: string): Promise<Call> {
  const id = fake.inline.query(user, text);
  return fake.waitFor(answerTo(id));
}

const resultsOf = (call: Call) => call.payload.results as InlineQueryResult[];
const movieIdOf = (r: InlineQueryResult) => Number(/^m(\d+)$/.exec(r.id)?.[1]);
const idsOf = (call: Call) => resultsOf(call).map(movieIdOf);
const buttonOf = (call: Call) => call.payload.button as { text: string; start_parameter: string };
/** The HTML a result puts in the chat when picked: a photo's caption, an article's message. */
const htmlOf = (r: InlineQueryResult) =>
  r.type === "photo"
    ? String((r as InlineQueryResultPhoto).caption)
    : String(
        ((r as InlineQueryResultArticle).input_message_content as { message_text: string }).message_text,
      );
const visible = (html: string) => {
  const parsed = parseTelegramHtml(html);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.text;
};

function expectDeepLink(r: InlineQueryResult) {
  const rows = r.reply_markup?.inline_keyboard ?? [];
  expect(rows).toEqual([[{ text: MORE_IN_CHAT, url: similarDeepLink(BOT, movieIdOf(r)) }]]);
  expect(similarDeepLink(BOT, movieIdOf(r))).toBe(`https://t.me/${BOT}?start=similar_${movieIdOf(r)}`);
}

describe("inline mode on the fake Bot API", () => {
  test("getMe says the bot takes inline queries, and polling asks for them", async () => {
    await fake.waitFor((c) => c.method === "getUpdates");
    const me = fake.callsOf("getMe")[0]!.result as { supports_inline_queries: boolean };
    expect(me.supports_inline_queries).toBe(true);
    expect(fake.callsOf("getUpdates")[0]!.payload.allowed_updates).toContain("inline_query");
  });

  test("a title gives that film first, then the films like it, each with a deep link back", async () => {
    const call = await ask(newPerson("Ann"), "heat");
    expect(call.status).toBe(200);
    const heat = app.titles.resolve("heat")!.movieId;
    expect(displayName(app.catalogue.byId(heat)!)).toBe("Heat (1995)");
    const ids = idsOf(call);
    expect(ids[0]).toBe(heat);
    const similar = similarCards(app.catalogue, app.models, heat, 40).map((c) => c.movieId);
    expect(ids.length).toBeGreaterThan(5);
    // After it, other films the word may mean ("The Heat"), marked so; then films like Heat, in order.
    const others = resultsOf(call).filter((r) => visible(htmlOf(r)).includes("Also matches “heat”"));
    expect(others.map((r) => app.catalogue.byId(movieIdOf(r))!.title)).toEqual(["The Heat"]);
    const rest = ids.slice(1 + others.length);
    expect(rest).toEqual(similar.slice(0, rest.length));
    expect(new Set(resultsOf(call).map((r) => r.id)).size).toBe(ids.length);
    for (const r of resultsOf(call)) expectDeepLink(r);
    const second = resultsOf(call)[1 + others.length]!;
    expect(visible(htmlOf(second))).toContain("Often rated by the people who rated Heat");
    // The same for everyone: shared, cached a while, with a button into a private chat.
    expect(call.payload.is_personal).toBe(false);
    expect(call.payload.cache_time).toBeGreaterThan(0);
    expect(buttonOf(call).start_parameter).toBe(INLINE_START);
  });

  test("a film with a poster is a photo result; one without is an article with the text card", async () => {
    const withPoster = app.catalogue.byId(1)!;
    expect(withPoster.posterPath).toBeTruthy();
    const photo = resultsOf(await ask(newPerson("Bo"), withPoster.title))[0] as InlineQueryResultPhoto;
    expect(photo.type).toBe("photo");
    expect(movieIdOf(photo)).toBe(1);
    expect(photo.photo_url).toBe(`https://image.tmdb.org/t/p/w342${withPoster.posterPath}`);
    expect(photo.thumbnail_url).toMatch(/^https:\/\/image\.tmdb\.org\/t\/p\/w92\//);
    expect(photo.parse_mode).toBe("HTML");
    expect(visible(String(photo.caption))).toContain(displayName(withPoster));

    // A well-known film the metadata has no poster for, that its own title finds.
    const bare = app.catalogue.movies
      .filter((m) => !m.posterPath && app.catalogue.popularity(m.movieId) >= 20)
      .find((m) => app.titles.resolve(displayName(m))?.movieId === m.movieId)!;
    expect(bare).toBeDefined();
    const call = await ask(newPerson("Cy"), displayName(bare));
    const article = resultsOf(call)[0] as InlineQueryResultArticle;
    expect(article.type).toBe("article");
    expect(movieIdOf(article)).toBe(bare.movieId);
    expect(article.title).toBe(displayName(bare));
    expect(visible(htmlOf(article))).toContain(displayName(bare));
    expectDeepLink(article);
    expect(call.status).toBe(200);
  });

  test("typos and titles still being typed find the film", async () => {
    const godfather = resultsOf(await ask(newPerson("Di"), "godfathr"))[0]!;
    expect(displayName(app.catalogue.byId(movieIdOf(godfather))!)).toBe("The Godfather (1972)");

    // "toy sto": Toy Story first, the other Toy Story films next, then films like the first.
    const call = await ask(newPerson("Ed"), "toy sto");
    const names = idsOf(call).map((id) => app.catalogue.byId(id)!.title);
    expect(names[0]).toBe("Toy Story");
    expect(names.slice(1, 3)).toEqual(["Toy Story 2", "Toy Story 3"]);
    expect(visible(htmlOf(resultsOf(call)[1]!))).toContain("Also matches “toy sto”");
    expect(visible(htmlOf(resultsOf(call)[3]!))).toContain("Often rated by the people who rated Toy Story");
  });

  test("an empty query: popular films for a newcomer, their own picks for someone with a profile", async () => {
    const newcomer = await ask(newPerson("Fay"), "");
    expect(newcomer.status).toBe(200);
    expect(newcomer.payload.is_personal).toBe(false);
    const popular = suggest(app.catalogue, app.models, emptyProfile(), { k: 20 }).map((c) => c.movieId);
    expect(idsOf(newcomer)).toEqual(popular);
    expect(buttonOf(newcomer).text).toMatch(/films you love/);

    const gus = newPerson("Gus");
    const chat = privateChat(gus);
    const from = fake.calls.length;
    fake.push(textMessage(fake.messageId(), gus, chat, "I love The Godfather, Heat and Alien"));
    await fake.waitFor(
      (c) =>
        c.method === "sendPhoto" || (c.method === "sendMessage" && /Got it/.test(String(c.payload.text))),
      { from },
    );
    // The chat's reply has been sent once its cards have gone: wait for the profile itself.
    await expect
      .poll(async () => (await store.get(userKey("telegram", String(gus.id))))?.profile.liked.length)
      .toBe(3);
    const own = await ask(gus, "   ");
    expect(own.payload.is_personal).toBe(true);
    expect(own.payload.cache_time).toBeLessThanOrEqual(10);
    const ids = idsOf(own);
    expect(ids.length).toBeGreaterThan(5);
    for (const liked of [858, 6, 1214]) expect(ids).not.toContain(liked);
    expect(ids).not.toEqual(popular.slice(0, ids.length));
  });

  test("words that name no film: no results, and a button to ask in a chat instead", async () => {
    const call = await ask(newPerson("Hal"), "zxqvbn wqrtpl");
    expect(call.status).toBe(200);
    expect(resultsOf(call)).toEqual([]);
    expect(buttonOf(call)).toEqual({
      text: "No film called “zxqvbn wqrtpl”: ask me in a chat",
      start_parameter: "inline",
    });
  });

  test("a very long query is not read: an empty answer, said plainly", async () => {
    const long = "the godfather ".repeat(19).slice(0, 256);
    expect(long.length).toBeGreaterThan(INLINE_QUERY_CHARS);
    const call = await ask(newPerson("Ivy"), long);
    expect(call.status).toBe(200);
    expect(resultsOf(call)).toEqual([]);
    expect(buttonOf(call).text).toMatch(/too long/);
  });

  test("a burst of keystrokes from one person: the latest is answered, and nobody else waits for it", async () => {
    const typist = newPerson("Jo");
    const other = newPerson("Kim");
    const from = fake.calls.length;
    const typed = "the silence of the lambs";
    const ids = [...typed].map((_, i) => fake.inline.query(typist, typed.slice(0, i + 1)));
    const otherQuery = fake.inline.query(other, "alien");
    fake.push(textMessage(fake.messageId(), other, privateChat(other), "I love Alien"));

    const last = await fake.waitFor(answerTo(ids.at(-1)!), { from });
    const calls = fake.calls.slice(from);
    const answered = calls.filter((c) => c.method === "answerInlineQuery");
    // One answer while typing started, then the latest: the keystrokes in between are skipped.
    const typistAnswers = answered.filter((c) => ids.includes(String(c.payload.inline_query_id)));
    expect(typistAnswers.map((c) => c.payload.inline_query_id)).toEqual([ids[0], ids.at(-1)]);
    expect(app.catalogue.byId(idsOf(last)[0]!)!.title).toBe("The Silence of the Lambs");
    // The other person's inline answer and chat reply came before the typist's latest answer.
    const lastAt = fake.calls.indexOf(last);
    const otherAnswer = fake.calls.findIndex(answerTo(otherQuery));
    // The chat reply is one list message: a photo whose caption starts with the "Got it".
    const otherReply = fake.calls.findIndex(
      (c, i) =>
        i >= from &&
        (c.method === "sendMessage" || c.method === "sendPhoto") &&
        c.status === 200 &&
        c.payload.chat_id === other.id &&
        /^Got it: 👍 Alien \(1979\)/.test(
          String(c.method === "sendPhoto" ? c.payload.caption : c.payload.text),
        ),
    );
    expect(otherAnswer).toBeGreaterThan(-1);
    expect(otherReply).toBeGreaterThan(-1);
    expect(otherAnswer).toBeLessThan(lastAt);
    expect(otherReply).toBeLessThan(lastAt);
  });

  test("an answer Telegram refuses as too old is logged, and the next query is answered", async () => {
    const late = newPerson("Lu");
    // The fake dates this query 11 s back: whatever the bot answers comes too late.
    const clock = fake.inline.now;
    fake.inline.now = () => Date.now() - 11_000;
    const old = fake.inline.query(late, "heat");
    fake.inline.now = clock;
    const refused = await fake.waitFor(answerTo(old));
    expect(refused.status).toBe(400);
    expect(refused.description).toBe(TOO_OLD);
    await expect
      .poll(() => recorded.lines.map(lineText).some((l) => l.includes("inline query expired")))
      .toBe(true);
    const next = await ask(newPerson("Max"), "heat");
    expect(next.status).toBe(200);
  });

  test("the bot's answers are all ones Telegram accepts", () => {
    const refused = fake.refused().filter((c) => c.description !== TOO_OLD);
    expect(refused).toEqual([]);
  });
});

describe("the fake refuses what Telegram refuses in answerInlineQuery", () => {
  let bare: FakeBotApi;
  let api: Api;
  const someone = person(7777, "Tester");
  beforeAll(async () => {
    // No bot polls this one: the tests answer its queries themselves.
    bare = await FakeBotApi.start();
    api = new Api(bare.token, { apiRoot: bare.apiRoot });
  });
  afterAll(() => bare.close());

  const article = (id: string, text = "<b>Heat</b> (1995)"): InlineQueryResultArticle => ({
    type: "article",
    id,
    title: "Heat (1995)",
    input_message_content: { message_text: text, parse_mode: "HTML" },
  });
  const photo = (id: string, extra: Partial<InlineQueryResultPhoto> = {}): InlineQueryResultPhoto => ({
    type: "photo",
    id,
    photo_url: "https://image.tmdb.org/t/p/w342/x.jpg",
    thumbnail_url: "https://image.tmdb.org/t/p/w92/x.jpg",
    ...extra,
  });
  /** Answers a fresh query; resolves with Telegram's refusal, or "ok". */
  async function answer(
    results: InlineQueryResult[],
    other: Parameters<Api["answerInlineQuery"]>[2] = {},
    id?: string,
  ) {
    const queryId = id ?? bare.inline.query(someone, "heat");
    try {
      await api.answerInlineQuery(queryId, results, other);
      return "ok";
    } catch (error) {
      if (error instanceof GrammyError) return error.description;
      throw error;
    }
  }
  const many = (n: number) => Array.from({ length: n }, (_, i) => article(`r${i}`));

  test("more than 50 results", async () => {
    expect(await answer(many(INLINE_FAKE_LIMITS.results))).toBe("ok");
    expect(await answer(many(INLINE_FAKE_LIMITS.results + 1))).toBe("Bad Request: RESULTS_TOO_MUCH");
  });

  test("a result id empty, over 64 bytes, or used twice in one answer", async () => {
    expect(await answer([article("é".repeat(32))])).toBe("ok");
    expect(await answer([article("")])).toBe("Bad Request: RESULT_ID_INVALID");
    expect(await answer([article(`${"é".repeat(32)}x`)])).toBe("Bad Request: RESULT_ID_INVALID");
    expect(await answer([article("a"), article("a")])).toBe("Bad Request: RESULT_ID_DUPLICATE");
  });

  test("a caption over 1,024 characters, counted after the HTML is parsed", async () => {
    const fits = `<b>${"&amp;".repeat(1020)}</b>`;
    expect(await answer([photo("p", { caption: fits, parse_mode: "HTML" })])).toBe("ok");
    expect(await answer([photo("p", { caption: "x".repeat(1025) })])).toBe(
      "Bad Request: MEDIA_CAPTION_TOO_LONG",
    );
    expect(await answer([photo("p", { caption: "<b>bad", parse_mode: "HTML" })])).toMatch(
      /^Bad Request: can't parse/i,
    );
  });

  test("a message text over 4,096 characters, or none", async () => {
    expect(await answer([article("a", "x".repeat(4096))])).toBe("ok");
    expect(await answer([article("a", "x".repeat(4097))])).toBe("Bad Request: MESSAGE_TOO_LONG");
    expect(await answer([article("a", " ")])).toBe("Bad Request: MESSAGE_EMPTY");
  });

  test("a photo result without photo_url or thumbnail_url", async () => {
    const { photo_url: _p, ...noPhoto } = photo("p");
    const { thumbnail_url: _t, ...noThumb } = photo("p");
    expect(await answer([noPhoto as InlineQueryResultPhoto])).toBe("Bad Request: PHOTO_URL_INVALID");
    expect(await answer([noThumb as InlineQueryResultPhoto])).toBe("Bad Request: PHOTO_THUMB_URL_EMPTY");
  });

  test("a button with a bad deep-link parameter or a URL button that isn't a web link", async () => {
    expect(await answer([], { button: { text: "Open", start_parameter: "similar 6" } })).toBe(
      "Bad Request: START_PARAM_INVALID",
    );
    const withUrl = (url: string) => ({
      ...article("a"),
      reply_markup: { inline_keyboard: [[{ text: "More", url }]] },
    });
    expect(await answer([withUrl("https://t.me/x?start=similar_6")])).toBe("ok");
    expect(await answer([withUrl("javascript:alert(1)")])).toBe("Bad Request: BUTTON_URL_INVALID");
  });

  test("the same query answered twice", async () => {
    const id = bare.inline.query(someone, "heat");
    expect(await answer([article("a")], {}, id)).toBe("ok");
    expect(await answer([article("a")], {}, id)).toBe(TOO_OLD);
    expect(await answer([article("a")], {}, "no-such-query")).toBe(TOO_OLD);
  });

  test("an answer later than 10 s after the query", async () => {
    let now = 1_000_000;
    bare.inline.now = () => now;
    try {
      const inTime = bare.inline.query(someone, "heat");
      const late = bare.inline.query(someone, "heat");
      now += INLINE_FAKE_LIMITS.answerMs;
      expect(await answer([article("a")], {}, inTime)).toBe("ok");
      now += 1;
      expect(await answer([article("a")], {}, late)).toBe(TOO_OLD);
    } finally {
      bare.inline.now = Date.now;
    }
  });
});
