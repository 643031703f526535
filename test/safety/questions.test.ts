import { PassThrough } from "node:stream";
import { Memory } from "lowdb";
import { beforeEach, describe, expect, test } from "vitest";
import { runTerminalChat } from "../../adapters/terminal/terminal-chat.ts";
import type { ChatEvent } from "../../core/events.ts";
import { createMatinee, DEFAULT_QUESTION_TTL_MS, type Matinee } from "../../core/matinee.ts";
import type { Action } from "../../core/reply/actions.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();

let clock = 1_700_000_000_000;
let store: LowdbStore;
let bot: Matinee;
beforeEach(() => {
  clock = 1_700_000_000_000;
  store = new LowdbStore(new Memory<StoreData>(), () => clock);
  bot = createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    now: () => clock,
  });
});

const say = (text: string, userId = "u1") => bot.handle({ platform: "test", userId, text });
const act = (action: Action, userId = "u1") => bot.handle({ platform: "test", userId, action } as ChatEvent);
const textOf = (replies: Reply[]) => replies.map((r) => r.text).join("\n");
const liked = async (userId = "u1") =>
  ((await store.get(`test:${userId}`))?.profile.liked ?? []).map((e) => e.movieId);

describe("questions that expire", () => {
  test('a stale "forget me" followed by new likes and then "ok" wipes nothing', async () => {
    await say("I loved Heat");
    await say("forget me");
    await say("I loved Alien");
    const ok = await say("ok");
    expect(textOf(ok)).not.toContain("forgotten");
    expect(await liked()).toEqual([6, 1214]);
  });

  test('the old "Yes, forget me" button after new likes answers politely and deletes nothing', async () => {
    await say("I loved Heat");
    const ask = await say("forget me");
    const yes = ask[0]!.choices![0]!.action;
    await say("I loved Alien");
    expect(textOf(await act(yes))).toContain("That question has expired");
    expect(await liked()).toEqual([6, 1214]);
  });

  test('"yes" after the question\'s time to live deletes nothing', async () => {
    await say("I loved Heat");
    await say("forget me");
    clock += DEFAULT_QUESTION_TTL_MS + 1;
    expect(textOf(await say("yes"))).toContain("That question has expired");
    expect(await liked()).toEqual([6]);
  });

  test("the question is bound to the person asked: someone else's yes deletes nothing of theirs", async () => {
    await say("I loved Heat");
    const ask = await say("forget me");
    await say("I loved Alien", "u2");
    await act(ask[0]!.choices![0]!.action, "u2");
    expect(await liked("u2")).toEqual([1214]);
    // The asker's own answer, in time and with nothing said since, still works.
    expect(textOf(await say("yes"))).toBe("Done: I've forgotten everything about you.");
  });

  test('an old "did you mean" button, once a new message asked another question, answers politely', async () => {
    const first = await say("I loved Planet of the Apes");
    const old = first[0]!.choices!.find(
      (c) => c.action.type === "choose" && c.action.movieId !== c.action.instead,
    )!;
    const guess = (await liked())[0]!;
    await say("I loved King Kong");
    const before = await liked();
    expect(textOf(await act(old.action))).toContain("That question has expired");
    expect(await liked()).toEqual(before);
    expect(before).toContain(guess);
  });

  test('a "did you mean" answered by number after its time to live is not an answer', async () => {
    await say("I loved King Kong");
    const guess = (await liked())[0]!;
    clock += DEFAULT_QUESTION_TTL_MS + 1;
    await say("2");
    expect(await liked()).toEqual([guess]);
  });

  test("the terminal repro: printf 'I loved Heat\\nforget me\\nI loved Alien\\nok\\nprofile\\n' keeps Alien", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = "";
    output.on("data", (d: Buffer) => {
      out += d.toString();
    });
    input.end("I loved Heat\nforget me\nI loved Alien\nok\nprofile\n");
    await runTerminalChat({ matinee: bot, input, output, userId: "me", interactive: false });
    expect(out).not.toContain("I've forgotten everything");
    expect(out).toContain("👍 Liked: Heat (1995), Alien (1979)");
  });
});
