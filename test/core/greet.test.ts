import { Memory } from "lowdb";
import { beforeEach, describe, expect, test } from "vitest";
import { createMatinee, HELP_TEXT, type Matinee, WELCOME_TEXT } from "../../core/matinee.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();

let store: LowdbStore;
let bot: Matinee;
beforeEach(() => {
  store = new LowdbStore(new Memory<StoreData>());
  bot = createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });
});

const say = (text: string, userId = "u1") => bot.handle({ platform: "test", userId, text });
const textOf = (replies: Reply[]) => replies.map((r) => r.text).join("\n");
const liked = async (userId = "u1") =>
  ((await store.get(`test:${userId}`))?.profile.liked ?? []).map((e) => e.movieId);

describe("first contact", () => {
  test("a greeting or small talk from someone new gets the welcome with an example, and stores nothing", async () => {
    for (const [i, t] of [
      "hi",
      "hello",
      "hey there",
      "what can you do?",
      "help me find a movie",
      "안녕",
    ].entries()) {
      const replies = await say(t, `new${i}`);
      expect(replies, t).toEqual([{ text: WELCOME_TEXT, topic: "welcome" }]);
      expect(textOf(replies)).toContain("“I love The Godfather, Heat and Alien”");
      expect(await store.get(`test:new${i}`), t).toBeUndefined();
    }
  });

  test("titles that look like greetings still resolve as films, for someone new too", async () => {
    const cases: [string, number][] = [
      ["Hello, Dolly!", 6732],
      ["I loved Hello Dolly", 6732],
      ["Good Morning, Vietnam", 3448],
      ["hello again", 8382],
      ["I loved Hey Arnold! The Movie", 5448],
    ];
    for (const [i, [said, movieId]] of cases.entries()) {
      const replies = await say(said, `film${i}`);
      expect(replies[0]!.topic, said).toBeUndefined();
      expect(textOf(replies), said).toContain(app.catalogue.byId(movieId)!.title);
      if (said.startsWith("I loved")) expect(await liked(`film${i}`), said).toEqual([movieId]);
    }
  });

  test("someone the bot knows: hello gets a pointer, a question gets help, a request gets picks", async () => {
    await say("I loved Heat and Alien");
    const hello = await say("hi");
    expect(hello).toHaveLength(1);
    expect(hello[0]!.text).toMatch(/^Hi again!/);
    expect(await say("what can you do?")).toEqual([{ text: HELP_TEXT, topic: "help" }]);
    const picks = await say("help me find a movie");
    expect(picks.flatMap((r) => r.cards ?? [])).toHaveLength(10);
  });

  test("help is tagged as help, so front ends can show their own commands", async () => {
    expect(await say("help")).toEqual([{ text: HELP_TEXT, topic: "help" }]);
    expect(await bot.handle({ platform: "test", userId: "u2", action: { type: "help" } })).toEqual([
      { text: HELP_TEXT, topic: "help" },
    ]);
  });
});
