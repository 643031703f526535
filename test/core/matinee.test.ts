import { Memory } from "lowdb";
import { beforeEach, describe, expect, test } from "vitest";
import type { ChatEvent } from "../../core/events.ts";
import { createMatinee, HELP_TEXT, type Matinee } from "../../core/matinee.ts";
import { decadeOf } from "../../core/movie.ts";
import { profileOf } from "../../core/profile/profile.ts";
import type { Action } from "../../core/reply/actions.ts";
import type { Card, Reply } from "../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { suggest } from "../../core/suggest.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();
const NOW = 1_700_000_000_000;

let store: LowdbStore;
let bot: Matinee;
beforeEach(() => {
  store = new LowdbStore(new Memory<StoreData>(), () => NOW);
  bot = createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    now: () => NOW,
  });
});

const say = (text: string, userId = "u1", name?: string) =>
  bot.handle({ platform: "test", userId, text, ...(name ? { name } : {}) });
const act = (action: Action, userId = "u1") => bot.handle({ platform: "test", userId, action } as ChatEvent);
const cardsOf = (replies: Reply[]): Card[] => replies.flatMap((r) => r.cards ?? []);
const idsOf = (replies: Reply[]) => cardsOf(replies).map((c) => c.movieId);
const textOf = (replies: Reply[]) => replies.map((r) => r.text).join("\n");
const profile = async (userId = "u1") => (await store.get(`test:${userId}`))?.profile;
const movie = (id: number) => app.catalogue.byId(id)!;

describe("telling Matinee about films", () => {
  test("likes, more, profile, a dislike: every list new, the named films never shown", async () => {
    const first = await say("I loved The Godfather and Heat");
    // The acknowledgement heads the list: one reply, one message on a platform.
    expect(first[0]!.text).toContain("Got it: 👍 The Godfather (1972), 👍 Heat (1995)");
    expect(first[0]!.cards?.length).toBeGreaterThan(0);
    expect(first[0]!.listId).toMatch(/^[0-9a-z]+$/);
    const page1 = idsOf(first);
    expect(page1).toHaveLength(10);
    expect(new Set(page1).size).toBe(10);
    expect(page1).not.toContain(858);
    expect(page1).not.toContain(6);

    const page2 = idsOf(await say("more"));
    expect(page2).toHaveLength(10);
    for (const id of page2) expect([...page1, 858, 6]).not.toContain(id);

    expect(textOf(await say("profile"))).toBe(
      "👍 Liked: The Godfather (1972), Heat (1995)\n👎 Disliked: none yet",
    );

    const hated = await say("hated Titanic");
    expect(hated[0]!.text).toContain("👎 Titanic (1997)");
    const page3 = idsOf(hated);
    expect(page3).toHaveLength(10);
    for (const id of page3) expect([...page1, ...page2, 858, 6, 1721]).not.toContain(id);
    expect(textOf(await say("profile"))).toContain("👎 Disliked: Titanic (1997)");
  });

  test("the first list is exactly what suggest gives for the same profile (the one ranking path)", async () => {
    const chat = idsOf(await say("I loved The Godfather and Heat"));
    const direct = suggest(app.catalogue, app.models, profileOf([858, 6]), { k: 10 }).map((c) => c.movieId);
    expect(new Set(chat)).toEqual(new Set(direct));
  });

  test("a film named without a feeling is noted, not liked", async () => {
    const r = await say("I haven't seen Heat");
    expect(r[0]!.text).toContain("Noted Heat (1995), without a like or dislike.");
    expect((await profile())?.liked ?? []).toEqual([]);
  });

  test("genre, decade and person preferences: unwanted never shown, asked-for narrows the list", async () => {
    const r = await say("I loved Toy Story and Shrek, not a fan of musicals");
    expect(r[0]!.text).toContain("👎 musical");
    const cards = cardsOf(r);
    expect(cards.length).toBeGreaterThan(0);
    for (const c of cards) expect(c.genres).not.toContain("Musical");
    expect((await profile())?.prefs).toEqual([{ kind: "genre", value: "Musical", sign: -1, at: NOW }]);

    const eighties = await say("more 80s stuff");
    const eightiesCards = cardsOf(eighties);
    expect(eightiesCards.length).toBeGreaterThan(0);
    for (const c of eightiesCards) expect(decadeOf(c.year)).toBe("1980s");
    // "more" keeps the list narrowed.
    for (const c of cardsOf(await say("more"))) expect(decadeOf(c.year)).toBe("1980s");

    const hanks = await say("anything with Tom Hanks");
    const hanksCards = cardsOf(hanks);
    expect(hanksCards.length).toBeGreaterThan(0);
    for (const c of hanksCards) {
      const m = movie(c.movieId);
      expect([...(m.cast ?? []), ...(m.tags ?? [])].map((p) => p.toLowerCase())).toContain("tom hanks");
      expect(c.reasons.some((x) => x === "you asked for Tom Hanks")).toBe(true);
    }
  });

  test("newer, older and lighter refine the last list", async () => {
    const first = cardsOf(await say("I loved The Godfather and Heat and Alien"));
    const years = first.map((c) => c.year!).sort((a, b) => a - b);
    const middle = years[Math.floor(years.length / 2)]!;
    const newer = await say("something newer");
    expect(newer[0]!.text).toContain(`after ${middle}`);
    for (const c of cardsOf(newer)) expect(c.year!).toBeGreaterThan(middle);
    // "older" is relative to the list just shown (the newer one).
    const shown = cardsOf(newer)
      .map((c) => c.year!)
      .sort((a, b) => a - b);
    const pivot = shown[Math.floor(shown.length / 2)]!;
    const older = await say("older please");
    expect(older[0]!.text).toContain(`before ${pivot}`);
    expect(cardsOf(older).length).toBeGreaterThan(0);
    for (const c of cardsOf(older)) expect(c.year!).toBeLessThan(pivot);
    const lighter = await say("something lighter");
    for (const c of cardsOf(lighter)) {
      expect(c.genres.some((g) => ["Comedy", "Animation", "Children", "Musical"].includes(g))).toBe(true);
      expect(c.genres.some((g) => ["Horror", "War", "Thriller", "Crime", "Film-Noir"].includes(g))).toBe(
        false,
      );
    }
  });

  test("more like a title, by text and by button", async () => {
    const r = await say("more like Heat");
    expect(r[0]!.text).toContain("Films like Heat (1995):");
    const ids = idsOf(r);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain(6);
    const next = idsOf(await say("more"));
    for (const id of next) expect(ids).not.toContain(id);
    const byButton = await act({ type: "similar", movieId: 858 });
    expect(byButton[0]!.text).toContain("Films like The Godfather (1972):");
  });

  test("seen it, seen #n and save #n mark films from the last list", async () => {
    const list = idsOf(await say("I loved The Godfather and Heat"));
    expect(textOf(await say("I've seen it"))).toContain(
      `Marked as seen: 👀 ${app.catalogue.byId(list[0]!)!.title}`,
    );
    await say("seen #3");
    await say("save #2");
    const p = await profile();
    expect(p?.seen.map((e) => e.movieId)).toEqual([list[0], list[2]]);
    expect(p?.watchlist.map((e) => e.movieId)).toEqual([list[1]]);
    expect(textOf(await say("seen #42"))).toContain("There's no #42 in the last list.");
    // Seen films never come back.
    for (const id of idsOf(await say("more"))) expect([list[0], list[2]]).not.toContain(id);
  });

  test("an unknown title says so and suggests the closest", async () => {
    const r = await say('I loved "Zzyzx Qwerty Plomb"');
    expect(r).toHaveLength(1);
    expect(r[0]!.text).toMatch(/couldn't (place|find)/);
    const similarTo = await act({ type: "similarTo", query: "Godfathr" });
    expect(similarTo[0]!.text).toContain("The Godfather");
  });

  test("messages with no film get a helpful answer and store nothing", async () => {
    const r = await say("I was up late and it was fun");
    expect(textOf(r)).toContain("couldn't find a film");
    expect(await store.get("test:u1")).toBeUndefined();
  });
});

describe("asking which version, and corrections", () => {
  test("two close versions: the bot asks, and the answer swaps the guess", async () => {
    const r = await say("I loved Planet of the Apes");
    const question = r[0]!;
    expect(question.text).toMatch(
      /did you mean Planet of the Apes \((1968|2001)\) or Planet of the Apes \((1968|2001)\)/,
    );
    expect(question.choices?.map((c) => c.label).sort()).toEqual([
      "Planet of the Apes (1968)",
      "Planet of the Apes (2001)",
    ]);
    const guess = (await profile())!.liked[0]!.movieId;
    const other = guess === 2529 ? 4643 : 2529;
    const year = movie(other).year!;
    const fixed = await say(`no, I meant the ${year} one`);
    expect(fixed[0]!.text.split("\n")[0]).toBe(
      `Got it: 👍 Planet of the Apes (${year}) (instead of Planet of the Apes (${movie(guess).year}))`,
    );
    expect((await profile())!.liked.map((e) => e.movieId)).toEqual([other]);
    expect((await store.get("test:u1"))!.conversation.pending).toEqual([]);
  });

  test("a button answer and a number answer work too", async () => {
    const r = await say("I loved Planet of the Apes");
    const pick = r[0]!.choices!.find(
      (c) => c.action.type === "choose" && c.action.movieId !== c.action.instead,
    )!;
    await act(pick.action);
    const chosen = (pick.action as { movieId: number }).movieId;
    expect((await profile())!.liked.map((e) => e.movieId)).toEqual([chosen]);

    await say("I loved King Kong", "u2");
    const second = (await store.get("test:u2"))!.conversation.pending![0]!;
    await say("2", "u2");
    expect((await profile("u2"))!.liked.map((e) => e.movieId)).toEqual([second.options[0]]);
  });

  test("a correction without a question: the year picks another version of the film named last", async () => {
    await say("I loved Titanic");
    const first = (await profile())!.liked[0]!.movieId;
    expect(first).toBe(1721);
    const r = await say("no, I meant the 1953 one");
    expect(r[0]!.text).toContain("Titanic (1953) (instead of Titanic (1997))");
    expect((await profile())!.liked.map((e) => e.movieId)).toEqual([3404]);
  });

  test("a year no version of the film has: said plainly, and the profile is left as it was", async () => {
    await say("I loved Heat");
    const r = await say("no, I meant the 1990 one");
    expect(r[0]!.text).toBe(
      'I don\'t know a 1990 version of Heat (1995). If you meant another film, name it with its year, like "It (1990)".',
    );
    expect((await profile())!.liked.map((e) => e.movieId)).toEqual([6]);
  });
});

describe("buttons and reactions", () => {
  test("feedback buttons update the profile and offer more", async () => {
    const list = await say("I loved Heat");
    const r = await act({ type: "feedback", movieId: 858, signal: "like" });
    expect(r[0]!.text).toBe("Noted: 👍 The Godfather (1972)");
    // Its "More picks" pages on the list the person is reading.
    expect(r[0]!.choices?.[0]?.action).toEqual({ type: "more", listId: list[0]!.listId });
    await act({ type: "feedback", movieId: 1721, signal: "dislike" });
    await act({ type: "feedback", movieId: 1214, signal: "watchlist" });
    const p = (await profile())!;
    expect(p.liked.map((e) => e.movieId)).toEqual([6, 858]);
    expect(p.disliked.map((e) => e.movieId)).toEqual([1721]);
    expect(p.watchlist.map((e) => e.movieId)).toEqual([1214]);
  });

  test("a reaction on a card the bot sent counts for whoever reacted, once they use the bot; other emoji are ignored", async () => {
    await bot.cardSent({ platform: "test", userId: "u1", messageRef: "test:chan:99", movieId: 1214 });
    // A stranger's reaction on someone else's card stores and says nothing.
    expect(await act({ type: "react", messageRef: "test:chan:99", emoji: "👍" }, "u3")).toEqual([]);
    expect(await store.get("test:u3")).toBeUndefined();
    await say("I loved Heat", "u2");
    expect(await act({ type: "react", messageRef: "test:chan:99", emoji: "🎉" }, "u2")).toEqual([]);
    expect(await act({ type: "react", messageRef: "test:chan:unknown", emoji: "👍" }, "u2")).toEqual([]);
    const r = await act({ type: "react", messageRef: "test:chan:99", emoji: "👍🏽" }, "u2");
    expect(r[0]!.text).toContain("👍 Alien (1979)");
    expect((await profile("u2"))!.liked.map((e) => e.movieId)).toEqual([6, 1214]);
    expect(await profile("u1")).toBeUndefined();
  });

  test("/recommend with a genre and a decade, and clear errors for unknown ones", async () => {
    await say("I loved Heat");
    const r = await act({ type: "recommend", genre: "comedy", decade: "90s" });
    expect(r[0]!.text).toContain("Some 1990s comedy films for you:");
    for (const c of cardsOf(r)) {
      expect(c.genres).toContain("Comedy");
      expect(decadeOf(c.year)).toBe("1990s");
    }
    const bad = await act({ type: "recommend", genre: "spaghetti" });
    expect(bad[0]!.error).toBe(true);
    expect(bad[0]!.text).toContain('I don\'t know the genre "spaghetti"');
    // A newcomer's /recommend gets popular films and an invitation.
    const stranger = await act({ type: "recommend" }, "new");
    expect(stranger[0]!.text).toContain("popular picks to start with");
    expect(cardsOf(stranger)).toHaveLength(10);
  });

  test("/like and /dislike by title", async () => {
    const r = await act({ type: "opinion", query: "heat", signal: "like" });
    expect(r[0]!.text.split("\n")[0]).toBe("Got it: 👍 Heat (1995)");
    expect(cardsOf(r).length).toBe(10);
    await act({ type: "opinion", query: "titanic 1997", signal: "dislike" });
    expect((await profile())!.disliked.map((e) => e.movieId)).toEqual([1721]);
  });
});

describe("forgetting", () => {
  test("forget asks first; no keeps everything; yes deletes everything, sent cards included", async () => {
    await say("I loved Heat");
    await bot.cardSent({ platform: "test", userId: "u1", messageRef: "test:c:1", movieId: 858 });
    const ask = await say("forget me");
    expect(ask[0]!.text).toContain("Are you sure?");
    expect(ask[0]!.choices?.map((c) => c.action)).toEqual([
      { type: "forget", confirmed: true },
      { type: "forget", confirmed: false },
    ]);
    expect(textOf(await say("no"))).toBe("Kept everything. Nothing was deleted.");
    expect((await profile())!.liked).toHaveLength(1);
    await say("reset");
    expect(textOf(await say("yes"))).toBe("Done: I've forgotten everything about you.");
    expect(await store.get("test:u1")).toBeUndefined();
    expect(await store.recallCard("test:c:1")).toBeUndefined();
    expect(textOf(await say("forget"))).toBe("I have nothing stored about you.");
  });

  test('a stale "Yes, forget me" button does nothing; a fresh one deletes', async () => {
    await say("I loved Heat");
    const stale = await act({ type: "forget", confirmed: true });
    expect(textOf(stale)).toContain("That question has expired");
    expect((await profile())!.liked).toHaveLength(1);
    const ask = await say("forget");
    await act(ask[0]!.choices![0]!.action);
    expect(await store.get("test:u1")).toBeUndefined();
  });
});

describe("movie night", () => {
  test("one list for several people, fair to each, with a reason per member", async () => {
    await say("I loved Toy Story and Finding Nemo and Up", "ann", "Ann");
    await say("I loved Alien and Aliens and The Terminator", "bob", "Bob");
    // Their own movie night here is their consent to one (see test/safety/movie-night.test.ts).
    await say("movie night with u1", "ann", "Ann");
    await say("movie night with u1", "bob", "Bob");
    await say("I loved Heat");
    const r = await say("movie night with ann and bob");
    const night = r.find((x) => x.cards)!;
    expect(night.text).toBe("Movie night for you, Ann and Bob: films every one of you should enjoy.");
    const known = new Set([862, 6377, 68954, 1214, 1200, 1240, 6]);
    for (const c of night.cards!) {
      expect(known.has(c.movieId)).toBe(false);
      expect(c.reasons).toHaveLength(3);
      expect(c.reasons[0]).toMatch(/^you: /);
      expect(c.reasons[1]).toMatch(/^Ann: /);
      expect(c.reasons[2]).toMatch(/^Bob: /);
    }
    const stranger = await say("movie night with zed", "ann");
    expect(textOf(stranger)).toContain("zed hasn't told me any films yet");
  });
});

describe("help, profile and the rest", () => {
  test("help lists what the bot understands and credits the data", async () => {
    expect(textOf(await say("help"))).toBe(HELP_TEXT);
    expect(HELP_TEXT).toContain("TMDB");
  });

  test("more before any likes shows popular films to start with", async () => {
    const r = await say("more");
    expect(r[0]!.text).toContain("popular picks to start with");
  });

  test("region is stored for where-to-watch", async () => {
    expect(textOf(await say("region de"))).toContain("Saved DE");
    expect((await store.get("test:u1"))!.region).toBe("DE");
    expect((await act({ type: "region", code: "germany" }))[0]!.error).toBe(true);
  });
});

describe("turns are atomic per user", () => {
  test("messages that arrive together never show the same film twice", async () => {
    await say("I loved The Godfather and Heat");
    const pages = await Promise.all([say("more"), say("more"), say("more")]);
    const all = pages.flatMap(idsOf);
    expect(all).toHaveLength(30);
    expect(new Set(all).size).toBe(30);
  });
});
