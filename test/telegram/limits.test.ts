import type { InlineKeyboardButton, Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { recordingLog } from "../helpers/recording-log.ts";
import { type BotOnFake, startBotOnFake, stopBotOnFake } from "./bot-on-fake.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { FloodControl } from "./flood-control.ts";
import { buttonPress, groupChat, person, privateChat, textMessage } from "./scripted.ts";

// Raw HTTP against the fake: each limit refused one past it, accepted at it.

let fake: FakeBotApi;
beforeAll(async () => {
  fake = await FakeBotApi.start({ groupMessages: false });
});
afterAll(async () => {
  await fake?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the Bot API's JSON answers, read as the tests need
type Json = any;

async function call(
  target: FakeBotApi,
  method: string,
  payload: object,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${target.apiRoot}/bot${target.token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: await res.json() };
}

const CHAT = 4242;
const badRequest = (answer: { status: number; body: Json }, description: string) => {
  expect(answer.status).toBe(400);
  expect(answer.body).toEqual({ ok: false, error_code: 400, description: `Bad Request: ${description}` });
};
const send = (payload: object) => call(fake, "sendMessage", { chat_id: CHAT, text: "Pick one", ...payload });
const keyboard = (buttons: number, perRow = 1, data = (i: number) => `b${i}`) => {
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons; i++) {
    if (i % perRow === 0) rows.push([]);
    rows.at(-1)!.push({ text: `B${i}`, callback_data: data(i) });
  }
  return { inline_keyboard: rows };
};

describe("what the fake already enforced", () => {
  test("text ≤ 4,096 characters, caption ≤ 1,024, counted after HTML parsing", async () => {
    expect((await send({ text: "x".repeat(4096) })).status).toBe(200);
    badRequest(await send({ text: "x".repeat(4097) }), "message is too long");
    // Markup does not count: 4,096 characters of text inside <b> is fine.
    expect((await send({ text: `<b>${"x".repeat(4096)}</b>`, parse_mode: "HTML" })).status).toBe(200);
    const photo = (caption: string) =>
      call(fake, "sendPhoto", { chat_id: CHAT, photo: "https://p/x.jpg", caption });
    expect((await photo("x".repeat(1024))).status).toBe(200);
    badRequest(await photo("x".repeat(1025)), "message caption is too long");
  });

  test("a row holds at most 8 buttons", async () => {
    expect((await send({ reply_markup: keyboard(8, 8) })).status).toBe(200);
    badRequest(await send({ reply_markup: keyboard(9, 9) }), "BUTTON_ROW_INVALID");
  });
});

describe("inline keyboards", () => {
  test("100 buttons in all go, 101 are refused", async () => {
    expect((await send({ reply_markup: keyboard(100, 8) })).status).toBe(200);
    badRequest(await send({ reply_markup: keyboard(101, 8) }), "reply markup is too long");
    badRequest(await send({ reply_markup: keyboard(101, 1) }), "reply markup is too long");
  });

  test("callback_data is 1–64 bytes (bytes, not characters)", async () => {
    const one = (data: string) =>
      send({ reply_markup: { inline_keyboard: [[{ text: "Go", callback_data: data }]] } });
    expect((await one("x".repeat(64))).status).toBe(200);
    expect((await one("é".repeat(32))).status).toBe(200);
    badRequest(await one("x".repeat(65)), "BUTTON_DATA_INVALID");
    badRequest(await one("é".repeat(33)), "BUTTON_DATA_INVALID");
    badRequest(await one(""), "BUTTON_DATA_INVALID");
  });
});

describe("edits that change nothing", () => {
  const NOT_MODIFIED =
    "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
  const markup = keyboard(2, 2);

  test("editMessageText: the same text and keyboard is refused; a new text or keyboard goes", async () => {
    const sent = (await send({ text: "Pick one", reply_markup: markup })).body.result as Message;
    const edit = (payload: object) =>
      call(fake, "editMessageText", { chat_id: CHAT, message_id: sent.message_id, ...payload });
    badRequest(await edit({ text: "Pick one", reply_markup: markup }), NOT_MODIFIED);
    expect((await edit({ text: "Pick again", reply_markup: markup })).status).toBe(200);
    badRequest(await edit({ text: "Pick again", reply_markup: markup }), NOT_MODIFIED);
    // Leaving the keyboard out removes it: that is a change, and then the same edit is not.
    expect((await edit({ text: "Pick again" })).status).toBe(200);
    badRequest(await edit({ text: "Pick again" }), NOT_MODIFIED);
  });

  test("editMessageReplyMarkup and editMessageCaption: the same again is refused", async () => {
    const sent = (await send({ reply_markup: markup })).body.result as Message;
    const ids = { chat_id: CHAT, message_id: sent.message_id };
    badRequest(await call(fake, "editMessageReplyMarkup", { ...ids, reply_markup: markup }), NOT_MODIFIED);
    expect((await call(fake, "editMessageReplyMarkup", { ...ids, reply_markup: keyboard(1) })).status).toBe(
      200,
    );
    // An empty keyboard is no keyboard.
    expect((await call(fake, "editMessageReplyMarkup", { ...ids })).status).toBe(200);
    badRequest(
      await call(fake, "editMessageReplyMarkup", { ...ids, reply_markup: { inline_keyboard: [] } }),
      NOT_MODIFIED,
    );
    const photo = (
      await call(fake, "sendPhoto", {
        chat_id: CHAT,
        photo: "https://p/x.jpg",
        caption: "Heat",
        reply_markup: markup,
      })
    ).body.result as Message;
    const caption = (text: string) =>
      call(fake, "editMessageCaption", {
        chat_id: CHAT,
        message_id: photo.message_id,
        caption: text,
        reply_markup: markup,
      });
    badRequest(await caption("Heat"), NOT_MODIFIED);
    expect((await caption("Heat (1995)")).status).toBe(200);
  });
});

test("answerCallbackQuery's text is at most 200 characters", async () => {
  const answer = (text: string) => call(fake, "answerCallbackQuery", { callback_query_id: "q1", text });
  expect((await answer("x".repeat(200))).status).toBe(200);
  badRequest(await answer("x".repeat(201)), "MESSAGE_TOO_LONG");
});

describe("flood limits", () => {
  test("the 21st message to a group within a minute is 429 with retry_after; private chats are not held", async () => {
    const limited = await FakeBotApi.start();
    try {
      const group = -100123;
      for (let i = 0; i < 20; i++)
        expect((await call(limited, "sendMessage", { chat_id: group, text: `m${i}` })).status).toBe(200);
      const refused = await call(limited, "sendMessage", { chat_id: group, text: "one too many" });
      expect(refused.status).toBe(429);
      const wait = refused.body.parameters.retry_after as number;
      expect(refused.body).toEqual({
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${wait}`,
        parameters: { retry_after: wait },
      });
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      // Other groups have their own count; a private chat's burst is allowed (a soft limit).
      expect((await call(limited, "sendMessage", { chat_id: -100124, text: "hi" })).status).toBe(200);
      for (let i = 0; i < 30; i++)
        expect((await call(limited, "sendMessage", { chat_id: 77, text: `m${i}` })).status).toBe(200);
      expect(limited.flooded()).toHaveLength(1);
      expect(limited.refused()).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  test("a private chat's limit, when a test sets one", async () => {
    const strict = await FakeBotApi.start({ privateMessages: { limit: 1, windowMs: 60_000 } });
    try {
      expect((await call(strict, "sendMessage", { chat_id: 77, text: "one" })).status).toBe(200);
      expect((await call(strict, "sendMessage", { chat_id: 77, text: "two" })).status).toBe(429);
    } finally {
      await strict.close();
    }
  });

  test("a window opens again when it is over", () => {
    let now = 0;
    const flood = new FloodControl({ limit: 2, windowMs: 60_000 }, false, () => now);
    expect([flood.take(-1), flood.take(-1), flood.take(-1)]).toEqual([undefined, undefined, 60]);
    now = 59_001;
    expect(flood.take(-1)).toBe(1);
    now = 60_000;
    expect(flood.take(-1)).toBeUndefined();
  });
});

describe("the real grammY bot against the limits", () => {
  let run: BotOnFake;
  const recorded = recordingLog();
  beforeAll(async () => {
    run = await startBotOnFake({ log: recorded.log });
  });
  afterAll(() => stopBotOnFake(run));

  const group = groupChat(-500);
  const jo = person(5001, "Jo");

  test("a group's flood limit (20 a window) is waited out: the list and what follows still arrive, in order", async () => {
    const f = run.fake;
    const mine = (c: { method: string; payload: Json }) =>
      (c.method === "sendMessage" || c.method === "sendPhoto") &&
      c.payload.chat_id === group.id &&
      !String(c.payload.text).startsWith("elsewhere");
    // Another instance of the bot has spent the group's allowance, and keeps it spent until the
    // bot's own send is held (429); then it stops, and the next window is the bot's.
    let n = 0;
    const elsewhere = () => call(f, "sendMessage", { chat_id: group.id, text: `elsewhere ${n++}` });
    for (let i = 0; i < 20; i++) await elsewhere();
    const from = f.calls.length;
    // Jo's list (one message) and a /profile after it: two of the bot's messages, in this order.
    f.push(textMessage(f.messageId(), jo, group, "@matinee_test_bot I love Heat and Alien"));
    f.push(textMessage(f.messageId(), jo, group, "/profile@matinee_test_bot"));
    const deadline = Date.now() + 10_000;
    while (!f.calls.slice(from).some((c) => mine(c) && c.status === 429) && Date.now() < deadline)
      await elsewhere();
    const profile = (c: { payload: Json; status: number; method: string }) =>
      mine(c) && c.status === 200 && String(c.payload.text).includes("Liked: Heat (1995)");
    const last = await f.waitFor(profile, { from, ms: 30_000 });
    const delivered = f.calls.slice(from, f.calls.indexOf(last) + 1).filter(mine);
    const ok = delivered.filter((c) => c.status === 200);
    const held = delivered.filter((c) => c.status === 429);
    expect(held.length).toBeGreaterThan(0);
    // Each held message went again and arrived once: as many successes as distinct messages, in order.
    const body = (c: { payload: Json }) => JSON.stringify([c.payload.text, c.payload.caption]);
    expect(ok.map(body)).toEqual([...new Set(delivered.map(body))]);
    // The list first (one message: its first card, the pager and More picks), then the profile.
    expect(ok).toHaveLength(2);
    const [list] = ok;
    expect(String(list!.payload.caption ?? list!.payload.text)).toMatch(/^Got it: 👍 /);
    const buttons = (
      list!.payload.reply_markup as { inline_keyboard: InlineKeyboardButton.CallbackButton[][] }
    ).inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toContain("1 / 5");
    expect(buttons.find((b) => b.text === "More picks")?.callback_data).toMatch(/^m:/);
    expect(f.refused()).toEqual([]);
  });

  test("pressing 👍 twice: the second press changes nothing, and asks Telegram for no empty edit", async () => {
    const f = run.fake;
    const ann = person(5002, "Ann");
    const chat = privateChat(ann);
    const from = f.calls.length;
    f.push(textMessage(f.messageId(), ann, chat, "I love Heat"));
    const card = await f.waitFor(
      (c) =>
        c.status === 200 &&
        c.payload.chat_id === chat.id &&
        JSON.stringify(c.payload.reply_markup ?? {}).includes('"callback_data":"f:'),
      { from },
    );
    const like = (card.payload.reply_markup as { inline_keyboard: InlineKeyboardButton.CallbackButton[][] })
      .inline_keyboard[0]![0]!.callback_data;
    const key = `${chat.id}:${(card.result as Message).message_id}`;
    for (const n of [1, 2]) {
      const before = f.calls.length;
      // Telegram sends the message as it is now (with the tick after the first press).
      f.push(buttonPress(`like-${n}`, ann, f.messages.get(key)!, like));
      // Ann's updates are handled in order: once this one is answered, the press is done.
      f.push(textMessage(f.messageId(), ann, chat, "/similar"));
      await f.waitFor(
        (c) => c.payload.chat_id === chat.id && String(c.payload.text).startsWith("Which film?"),
        {
          from: before,
        },
      );
    }
    const edits = f.calls.slice(from).filter((c) => c.method === "editMessageReplyMarkup");
    expect(edits).toHaveLength(1);
    expect(JSON.stringify(f.messages.get(key)!.reply_markup)).toContain("✓");
    expect(f.refused()).toEqual([]);
  });
});
