import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TelegramBot } from "../../adapters/telegram/bot.ts";
import type { LowdbStore } from "../../core/store/lowdb-store.ts";
import { lineText, recordingLog } from "../helpers/recording-log.ts";
import { startBotOnFake, stopBotOnFake } from "../telegram/bot-on-fake.ts";
import type { FakeBotApi } from "../telegram/fake-bot-api.ts";
import { person, privateChat, textMessage } from "../telegram/scripted.ts";

let fake: FakeBotApi;
let store: LowdbStore;
let running: TelegramBot;
const recorded = recordingLog();
const { log } = recorded;
/** Everything the adapter logged, a string a line: the token must never appear in it. */
const logged = () => recorded.lines.map(lineText);

beforeAll(async () => {
  // A bound of 0 s: any flood wait is "longer than the bound", so the test need not wait minutes.
  ({ fake, store, running } = await startBotOnFake({ log, floodWaitSeconds: 0 }));
});

afterAll(() => stopBotOnFake({ fake, store, running }));

describe("Telegram flood waits longer than the bound", () => {
  test("retry_after beyond the bound queues the reply (never drops it), and the log says it was queued", async () => {
    const kit = person(4242, "Kit");
    const chat = privateChat(kit);
    fake.failNext("sendMessage", {
      code: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    const from = fake.calls.length;
    fake.push(textMessage(fake.messageId(), kit, chat, "/start"));
    const refused = await fake.waitFor((c) => c.method === "sendMessage" && c.status === 429, { from });
    const delivered = await fake.waitFor(
      (c) => c.method === "sendMessage" && c.status === 200 && c.payload.chat_id === chat.id,
      { from },
    );
    expect(delivered.payload).toEqual(refused.payload);
    expect(logged().some((l) => l.includes("queued"))).toBe(true);
    expect(logged().some((l) => l.includes("waiting, then retrying"))).toBe(false);
  });
});
