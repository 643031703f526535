// Several Telegram instances on one store: webhook instances behind one URL answer each
// update once and keep a chat's order; long polling is one instance, and a second poller
// makes Telegram stop the first, which says so in one line.
import type { User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTelegramBot, type TelegramBot } from "../../adapters/telegram/bot.ts";
import { UserFacingError } from "../../core/errors.ts";
import { silentLog } from "../../core/log.ts";
import { createMatinee, type Matinee } from "../../core/matinee.ts";
import type { StoreBackend } from "../../core/store/backend.ts";
import { sharedApp } from "../helpers/app.ts";
import { BACKENDS, open } from "../store/backends.ts";
import { type Call, FakeBotApi } from "./fake-bot-api.ts";
import { person, privateChat, textMessage } from "./scripted.ts";

const app = await sharedApp();
const SECRET = "instances-Secret_token";
const PUBLIC_URL = "https://bot.example.org/telegram/hook";
const SIMILAR_USAGE = "Which film? For example: /similar Heat";
const NO_TASTE = "I don't know your taste yet. Tell me a few films you love.";

const core = (store: StoreBackend): Matinee =>
  createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });

let nextPerson = 5000;
const newPerson = (name: string): User => person(nextPerson++, name);

const answersIn = (fake: FakeBotApi, user: User): Call[] =>
  fake.calls.filter(
    (c) => (c.method === "sendMessage" || c.method === "sendPhoto") && c.payload.chat_id === user.id,
  );
const textOf = (c: Call) => String(c.payload.text ?? c.payload.caption ?? "");

for (const backend of BACKENDS.filter((b) => b.shared)) {
  describe(`two webhook instances behind one URL (${backend.name} store)`, () => {
    let fake: FakeBotApi;
    const stores: StoreBackend[] = [];
    const bots: TelegramBot[] = [];
    /** Events the first instance's core was handed, as they arrive (the order test waits on it). */
    const arrived: string[] = [];
    let slowFirst = false;
    /** Extra time an update's claim takes (a slow store round trip), by update id. */
    const claimDelays = new Map<number, number>();

    beforeAll(async () => {
      fake = await FakeBotApi.start();
      const env = await backend.fresh();
      // Each instance opens the store itself, as two processes would (two connections, one file or database).
      for (let i = 0; i < 2; i++) stores.push(await open(env));
      for (const [i, store] of stores.entries()) {
        const real = core(store);
        const matinee: Matinee =
          i === 0
            ? {
                ...real,
                async handle(event) {
                  const said =
                    "text" in event ? event.text : "action" in event ? event.action.type : "upload";
                  arrived.push(said);
                  // The first turn of the order test is slow, so later updates arrive while it runs.
                  if (slowFirst && arrived.length === 1) await new Promise((r) => setTimeout(r, 400));
                  return real.handle(event);
                },
              }
            : real;
        bots.push(
          await startTelegramBot({
            matinee,
            token: fake.token,
            log: silentLog,
            apiRoot: fake.apiRoot,
            claimUpdate: async (id) => {
              const won = await store.claimUpdate(id);
              await new Promise((r) => setTimeout(r, claimDelays.get(id) ?? 0));
              return won;
            },
            webhook: { url: PUBLIC_URL, secret: SECRET, port: 0, host: "127.0.0.1" },
          }),
        );
      }
    });

    afterAll(async () => {
      for (const bot of bots) await bot.stop();
      await fake?.close();
      for (const store of stores) await store.close();
    });

    const urlOf = (bot: TelegramBot) => `http://127.0.0.1:${bot.port}/telegram/hook`;

    test("both set the same webhook; an update delivered to both at once is answered once", async () => {
      expect(fake.callsOf("setWebhook").map((c) => c.payload.url)).toEqual([PUBLIC_URL, PUBLIC_URL]);
      const ann = newPerson("Ann");
      const update = fake.update(textMessage(fake.messageId(), ann, privateChat(ann), "/profile"));
      const statuses = await Promise.all(bots.map((b) => fake.deliver(update, urlOf(b))));
      expect(statuses).toEqual([200, 200]);
      expect(answersIn(fake, ann).map(textOf)).toEqual([NO_TASTE]);
      // Telegram resending it later (it never saw the first 200) changes nothing either.
      expect(await fake.deliver(update, urlOf(bots[1]!))).toBe(200);
      expect(await fake.deliver(update, urlOf(bots[0]!))).toBe(200);
      expect(answersIn(fake, ann)).toHaveLength(1);
    });

    test("twelve people's updates, each delivered to both instances in mixed order: one answer each", async () => {
      const people = Array.from({ length: 12 }, (_, i) => newPerson(`P${i}`));
      const updates = people.map((p) =>
        fake.update(textMessage(fake.messageId(), p, privateChat(p), "/profile")),
      );
      const deliveries: Promise<number>[] = [];
      for (const [i, u] of updates.entries()) {
        const [first, second] = i % 2 === 0 ? [bots[0]!, bots[1]!] : [bots[1]!, bots[0]!];
        deliveries.push(fake.deliver(u, urlOf(first)), fake.deliver(u, urlOf(second)));
      }
      expect(new Set(await Promise.all(deliveries))).toEqual(new Set([200]));
      for (const p of people) expect(answersIn(fake, p).map(textOf)).toEqual([NO_TASTE]);
    });

    test("one chat's updates are answered in the order sent, though the first turn and a claim are slow", async () => {
      const bea = newPerson("Bea");
      const chat = privateChat(bea);
      const said = ["I love Heat and Alien", "/profile", "/similar"].map((text) =>
        fake.update(textMessage(fake.messageId(), bea, chat, text)),
      );
      arrived.length = 0;
      slowFirst = true;
      // The second update's claim comes back after the third's: order must not follow the claims.
      claimDelays.set(said[1]!.update_id, 150);
      try {
        const first = fake.deliver(said[0]!, urlOf(bots[0]!));
        // Telegram posts them in order; the later two arrive while the first is still running.
        while (arrived.length === 0) await new Promise((r) => setTimeout(r, 5));
        const second = fake.deliver(said[1]!, urlOf(bots[0]!));
        await new Promise((r) => setTimeout(r, 50));
        const third = fake.deliver(said[2]!, urlOf(bots[0]!));
        await Promise.all([first, second, third]);
      } finally {
        slowFirst = false;
        claimDelays.clear();
      }
      const answers = answersIn(fake, bea).map(textOf);
      expect(answers[0]!.split("\n")[0]).toBe("Got it: 👍 Heat (1995), 👍 Alien (1979)");
      // The profile was read after the first turn had saved both films, and came after all its cards.
      expect(answers.at(-2)).toContain("Heat (1995)");
      expect(answers.at(-2)).toContain("Alien (1979)");
      expect(answers.at(-1)).toBe(SIMILAR_USAGE);
      expect(answers.filter((a) => a === SIMILAR_USAGE)).toHaveLength(1);
    });
  });
}

describe("long polling is one instance", () => {
  let fake: FakeBotApi;
  const stores: StoreBackend[] = [];
  const bots: TelegramBot[] = [];

  beforeAll(async () => {
    fake = await FakeBotApi.start();
    const env = await BACKENDS.find((b) => b.name === "sqlite")!.fresh();
    for (let i = 0; i < 2; i++) stores.push(await open(env));
  });

  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    await fake?.close();
    for (const store of stores) await store.close();
  });

  const startPoller = (store: StoreBackend) =>
    startTelegramBot({
      matinee: core(store),
      token: fake.token,
      log: silentLog,
      apiRoot: fake.apiRoot,
      claimUpdate: (id) => store.claimUpdate(id),
    });

  test("a second poller makes Telegram refuse the first (409); it stops with one line, the second serves", async () => {
    const first = await startPoller(stores[0]!);
    bots.push(first);
    await fake.waitFor((c) => c.method === "getUpdates");
    const second = await startPoller(stores[1]!);
    bots.push(second);
    const reason = await first.stopped;
    expect(reason).toBeInstanceOf(UserFacingError);
    expect(reason!.message).toMatch(
      /^Telegram stopped long polling: another process is polling this bot \(409 Conflict\)\./,
    );
    expect(reason!.message).toContain("TELEGRAM_WEBHOOK_URL");
    expect(reason!.message).not.toContain("\n");
    expect(reason!.message).not.toContain(fake.token);
    const conflicts = fake.callsOf("getUpdates").filter((c) => c.status === 409);
    expect(conflicts.map((c) => c.description)).toEqual([
      "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    ]);
    // The second goes on serving: an update is answered, once.
    const cal = newPerson("Cal");
    fake.push(textMessage(fake.messageId(), cal, privateChat(cal), "/profile"));
    await fake.waitFor((c) => c.method === "sendMessage" && c.payload.chat_id === cal.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(answersIn(fake, cal).map(textOf)).toEqual([NO_TASTE]);
  });

  test("a webhook set by another instance stops polling too, naming the webhook", async () => {
    const poller = bots.at(-1)!;
    await fake.waitFor((c) => c.method === "getUpdates" && c.status === 200);
    const other = await startTelegramBot({
      matinee: core(stores[0]!),
      token: fake.token,
      log: silentLog,
      apiRoot: fake.apiRoot,
      webhook: { url: PUBLIC_URL, secret: SECRET, port: 0, host: "127.0.0.1" },
    });
    bots.push(other);
    const reason = await poller.stopped;
    expect(reason?.message).toMatch(
      /^Telegram stopped long polling: another instance set a webhook for this bot \(409 Conflict\)\./,
    );
  });
});
