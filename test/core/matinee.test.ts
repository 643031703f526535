import { Memory } from "lowdb";
import { beforeEach, describe, expect, test } from "vitest";
import { createMatinee, HELP_TEXT, type Matinee } from "../../core/matinee.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();

let store: LowdbStore;
let bot: Matinee;
beforeEach(() => {
  store = new LowdbStore(new Memory<StoreData>(), () => 1_700_000_000_000);
  bot = createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    now: () => 1_700_000_000_000,
  });
});

const say = (text: string, userId = "u1") => bot.handle({ platform: "test", userId, text });
const cardIds = (r: Reply | undefined) => (r?.cards ?? []).map((c) => c.movieId);

describe("createMatinee scripted dialogue", () => {
  test("likes, more, profile, a dislike, reset", async () => {
    const first = await say("I loved The Godfather and Heat");
    expect(first).toHaveLength(2);
    expect(first[0]!.text).toContain("Got it");
    expect(first[0]!.text).toContain("The Godfather (1972)");
    expect(first[0]!.text).toContain("Heat (1995)");
    expect(first[0]!.cards).toBeUndefined();
    const page1 = cardIds(first[1]);
    expect(page1).toHaveLength(10);
    expect(page1).not.toContain(858);
    expect(page1).not.toContain(6);
    expect(new Set(page1).size).toBe(10);

    const more = await say("more");
    expect(more).toHaveLength(1);
    const page2 = cardIds(more[0]);
    expect(page2).toHaveLength(10);
    expect(new Set(page2).size).toBe(10);
    for (const id of page2) {
      expect(page1).not.toContain(id);
      expect([858, 6]).not.toContain(id);
    }

    const profile = await say("profile");
    expect(profile).toHaveLength(1);
    expect(profile[0]!.text).toBe("👍 Liked: The Godfather (1972), Heat (1995)\n👎 Disliked: none yet");

    const hated = await say("hated Titanic");
    expect(hated[0]!.text).toContain("👎 Titanic (1997)");
    const page3 = cardIds(hated[1]);
    expect(page3).toHaveLength(10);
    for (const id of page3) expect([...page1, ...page2, 858, 6, 1721]).not.toContain(id);
    expect((await say("profile"))[0]!.text).toBe(
      "👍 Liked: The Godfather (1972), Heat (1995)\n👎 Disliked: Titanic (1997)",
    );

    const state = await store.get("test:u1");
    expect(state?.profile.liked.map((e) => e.movieId)).toEqual([858, 6]);
    expect(state?.profile.disliked).toEqual([{ movieId: 1721, at: 1_700_000_000_000 }]);
    expect(state?.conversation.shown).toEqual([...page1, ...page2, ...page3]);
    expect(state?.conversation.lastCards).toEqual(page3);

    expect((await say("reset"))[0]!.text).toBe("Done: I've forgotten everything about you.");
    expect(await store.get("test:u1")).toBeUndefined();
    expect((await say("profile"))[0]!.text).toBe(
      "I don't know your taste yet. Tell me a few films you love.",
    );
    expect((await say("reset"))[0]!.text).toBe("I had nothing stored about you.");
  });

  test("the first page is what suggest gives for the profile", async () => {
    const a = await say("I loved The Godfather and Heat", "a");
    const b = await say("I loved The Godfather and Heat", "b");
    expect(cardIds(a[1])).toEqual(cardIds(b[1]));
    expect(a[1]!.text).toBe("Here are some films you might like:");
    for (const c of a[1]!.cards ?? []) {
      expect(c.reasons.length).toBeGreaterThan(0);
      expect(c.reasons.length).toBeLessThanOrEqual(2);
    }
  });

  test("help", async () => {
    expect(await say("help")).toEqual([{ text: HELP_TEXT }]);
    expect(await say("/help")).toEqual([{ text: HELP_TEXT }]);
  });

  test("a message with no titles changes nothing", async () => {
    await say("I loved The Godfather and Heat");
    const before = await store.get("test:u1");
    const r = await say("I was up late and it was fun");
    expect(r).toHaveLength(1);
    expect(r[0]!.text).toContain("couldn't find a film title");
    expect(r[0]!.cards).toBeUndefined();
    expect(await store.get("test:u1")).toEqual(before);
  });

  test("a message with no titles from a stranger stores nothing", async () => {
    const r = await say("what should I do tonight");
    expect(r[0]!.text).toContain("couldn't find a film title");
    expect(await store.get("test:u1")).toBeUndefined();
  });

  test("more before any likes asks for films first", async () => {
    const r = await say("more");
    expect(r).toEqual([{ text: "Tell me a few films you love first, and I'll find more like them." }]);
    await say("I hated Titanic");
    const after = await say("more");
    expect(after[0]!.text).toBe("Tell me a few films you love first, and I'll find more like them.");
    expect(after[0]!.cards).toBeUndefined();
  });

  test("a film without a like or dislike is noted, not liked", async () => {
    const r = await say("I haven't seen Alien");
    expect(r[0]!.text).toBe("Noted Alien (1979), without a like or dislike.");
    expect((await store.get("test:u1"))?.profile.liked).toEqual([]);
  });

  test("an unsure title says which version it took", async () => {
    const r = await say("I loved Help! and Heat");
    // "Help" is both The Help (2011) and Help! (1965); no year settles it.
    expect(r[0]!.text).toContain('(By "Help" I took The Help (2011); for Help! (1965), add the year.)');
    expect(r[0]!.text).not.toContain('By "Heat"');
  });

  test("people are kept apart", async () => {
    await say("I loved The Godfather", "a");
    await say("I loved Alien", "b");
    expect((await say("profile", "a"))[0]!.text).toContain("The Godfather (1972)");
    expect((await say("profile", "a"))[0]!.text).not.toContain("Alien");
    expect((await bot.handle({ platform: "other", userId: "a", text: "profile" }))[0]!.text).toBe(
      "I don't know your taste yet. Tell me a few films you love.",
    );
  });
});

describe("turns are atomic per user", () => {
  test("messages that arrive together never show the same film twice", async () => {
    await say("I loved The Godfather and Heat");
    const pages = await Promise.all([say("more"), say("more"), say("more")]);
    const ids = pages.flatMap((replies) => cardIds(replies[0]));
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect((await store.get("test:u1"))?.conversation.shown).toHaveLength(40);
  });

  test('"more" from a stranger stores nothing about them', async () => {
    const [reply] = await say("more", "stranger");
    expect(reply!.text).toContain("Tell me a few films you love first");
    expect(await store.get("test:stranger")).toBeUndefined();
  });
});
