import { Memory } from "lowdb";
import { describe, expect, test } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { UserFacingError } from "../../core/errors.ts";
import { DEFAULT_LIMITS, type InputLimits } from "../../core/limits/limits.ts";
import { TokenBuckets } from "../../core/limits/token-bucket.ts";
import { createMatinee } from "../../core/matinee.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();

function bot(limits: Partial<InputLimits> = {}, clock = { now: 1_700_000_000_000 }) {
  const store = new LowdbStore(new Memory<StoreData>(), () => clock.now);
  const matinee = createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    limits,
    now: () => clock.now,
  });
  const say = (text: string, userId = "u1") => matinee.handle({ platform: "test", userId, text });
  const liked = async (userId = "u1") =>
    ((await store.get(`test:${userId}`))?.profile.liked ?? []).map((e) => e.movieId);
  return { say, liked, store, clock };
}
const textOf = (replies: Reply[]) => replies.map((r) => r.text).join("\n");

describe("input limits", () => {
  test("a 10,000-character line of one title acknowledges it once, not 588 times", async () => {
    const { say } = bot({ messageChars: 20_000 });
    const line = "I loved Heat, ".repeat(720).slice(0, 10_000);
    const text = textOf(await say(line));
    expect(text.split("Heat (1995)")).toHaveLength(2);
  });

  test("a message over the length limit is refused before any of it is read, saying the limit", async () => {
    const { say, liked, store } = bot();
    const r = await say(`I loved Heat. ${"a".repeat(100_000)}`);
    expect(r).toHaveLength(1);
    expect(r[0]!.text).toContain(`I read up to ${DEFAULT_LIMITS.messageChars.toLocaleString("en-US")}`);
    expect(r[0]!.text.length).toBeLessThan(300);
    expect(await liked()).toEqual([]);
    expect(await store.get("test:u1")).toBeUndefined();
  });

  test("more films than a message may add: the first ones are taken and the rest are counted", async () => {
    const { say, liked } = bot({ filmsPerMessage: 2 });
    const text = textOf(await say("I loved Heat, Alien and The Godfather"));
    expect(await liked()).toEqual([6, 1214]);
    expect(text).toContain("I took the first 2 films. Send the other 1 in another message.");
  });

  test('a 2,000-character "more like aaaa…" is answered without being looked up, and not echoed', async () => {
    const { say } = bot();
    const r = await say(`more like ${"a".repeat(1_900)}`);
    expect(r[0]!.text).toMatch(/^I couldn't find "a{59}…" in my catalogue\.$/);
  });

  test("a flood from one person gets one slow-down, then silence, and never holds up another person", async () => {
    const clock = { now: 1_700_000_000_000 };
    const { say } = bot({ rate: { perSecond: 1, burst: 3 } }, clock);
    const answers: Reply[][] = [];
    for (let i = 0; i < 6; i++) answers.push(await say("help"));
    expect(answers.slice(0, 3).every((a) => a.length === 1 && a[0]!.text.startsWith("Tell me films"))).toBe(
      true,
    );
    expect(answers[3]![0]!.text).toContain("Slow down");
    expect(answers[3]![0]!.error).toBe(true);
    expect(answers[4]).toEqual([]);
    expect(answers[5]).toEqual([]);
    // Someone else, at the same moment, is answered.
    expect(textOf(await say("help", "u2"))).toContain("Tell me films");
    // A second later the flooder has a token again.
    clock.now += 1_000;
    expect(textOf(await say("help"))).toContain("Tell me films");
  });

  test("the token bucket keeps at most maxKeys people, dropping the idlest", () => {
    const clock = { now: 0 };
    const buckets = new TokenBuckets({ perSecond: 1, burst: 1 }, () => clock.now, 2);
    expect(buckets.admit("a")).toBe("ok");
    expect(buckets.admit("b")).toBe("ok");
    expect(buckets.admit("c")).toBe("ok");
    // "a" was forgotten (the idlest): a fresh, full bucket; "c" is still empty.
    expect(buckets.admit("a")).toBe("ok");
    expect(buckets.admit("c")).toBe("slow-down");
  });

  test("the limits are configurable, and a bad value stops start-up with one line naming it", () => {
    const config = loadConfig({
      MATINEE_MAX_MESSAGE_CHARS: "500",
      MATINEE_MAX_FILMS: "3",
      MATINEE_RATE_PER_SECOND: "0.5",
      MATINEE_RATE_BURST: "2",
      MATINEE_QUESTION_MINUTES: "1",
    });
    expect(config.limits).toEqual({
      messageChars: 500,
      filmsPerMessage: 3,
      rate: { perSecond: 0.5, burst: 2 },
    });
    expect(config.questionTtlMs).toBe(60_000);
    expect(() => loadConfig({ MATINEE_MAX_FILMS: "0" })).toThrow(UserFacingError);
    expect(() => loadConfig({ MATINEE_MAX_FILMS: "0" })).toThrow(/MATINEE_MAX_FILMS must be a whole number/);
  });
});
