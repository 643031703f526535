import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TelegramBot } from "../../adapters/telegram/bot.ts";
import { silentLog } from "../../core/log.ts";
import type { LowdbStore } from "../../core/store/lowdb-store.ts";
import { startBotOnFake, stopBotOnFake } from "./bot-on-fake.ts";
import type { FakeBotApi } from "./fake-bot-api.ts";
import { person, privateChat, textMessage } from "./scripted.ts";

const SECRET = "s3cret-Token_for_tests";
const PUBLIC_URL = "https://bot.example.org/telegram/hook";

let fake: FakeBotApi;
let store: LowdbStore;
let running: TelegramBot;

beforeAll(async () => {
  ({ fake, store, running } = await startBotOnFake({
    log: silentLog,
    webhook: { url: PUBLIC_URL, secret: SECRET, port: 0, host: "127.0.0.1" },
  }));
});

afterAll(() => stopBotOnFake({ fake, store, running }));

const ann = person(31, "Ann");
let updateId = 1;
const local = (path = "/telegram/hook") => `http://127.0.0.1:${running.port}${path}`;
const post = (body: unknown, headers: Record<string, string> = {}, path?: string) =>
  fetch(local(path), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const profileUpdate = () => ({
  update_id: updateId++,
  ...textMessage(fake.messageId(), ann, privateChat(ann), "/profile"),
});
const replies = () => fake.callsOf("sendMessage");

describe("webhook mode", () => {
  test("registers the webhook with its secret and the update kinds, and never long-polls", () => {
    const [hook] = fake.callsOf("setWebhook");
    expect(hook!.payload).toMatchObject({
      url: PUBLIC_URL,
      secret_token: SECRET,
      allowed_updates: ["message", "callback_query", "message_reaction", "inline_query"],
    });
    expect(fake.callsOf("getUpdates")).toEqual([]);
    expect(fake.callsOf("deleteWebhook")).toEqual([]);
  });

  test("a request without the right X-Telegram-Bot-Api-Secret-Token is refused and not handled", async () => {
    const missing = await post(profileUpdate());
    expect(missing.status).toBe(401);
    const wrong = await post(profileUpdate(), { "X-Telegram-Bot-Api-Secret-Token": `${SECRET}x` });
    expect(wrong.status).toBe(401);
    const other = await post(profileUpdate(), { "X-Telegram-Bot-Api-Secret-Token": SECRET }, "/elsewhere");
    expect(other.status).toBe(404);
    expect((await fetch(local())).status).toBe(404);
    expect(replies()).toEqual([]);
  });

  test("a request with it is handled: the person gets their answer", async () => {
    const ok = await post(profileUpdate(), { "X-Telegram-Bot-Api-Secret-Token": SECRET });
    expect(ok.status).toBe(200);
    const [reply] = replies();
    expect(reply!.payload).toMatchObject({
      chat_id: ann.id,
      text: "I don't know your taste yet. Tell me a few films you love.",
      parse_mode: "HTML",
    });
  });

  test("a body that isn't JSON is a 400, and the server keeps serving", async () => {
    const bad = await fetch(local(), {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
      body: "{not json",
    });
    expect(bad.status).toBe(400);
    const ok = await post(profileUpdate(), { "X-Telegram-Bot-Api-Secret-Token": SECRET });
    expect(ok.status).toBe(200);
  });
});
