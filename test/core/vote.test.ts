// The movie night's vote in the core: a movie night opens one (3–5 films from the group
// list's top), the close picks the winner (ties by list order), marks it seen for every
// member, and only the place's open vote counts, once.
import { Memory } from "lowdb";
import { beforeEach, describe, expect, test } from "vitest";
import type { Speaker } from "../../core/events.ts";
import { translator } from "../../core/i18n/i18n.ts";
import { createMatinee, type Matinee } from "../../core/matinee.ts";
import type { Action } from "../../core/reply/actions.ts";
import { type Artwork, watchLine } from "../../core/reply/artwork.ts";
import type { Poll, Reply } from "../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { VOTE_MAX, VOTE_MIN, winnerOf } from "../../core/turns/vote.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();
const PLACE = "test:club";
let store: LowdbStore;
let bot: Matinee;
let clock = 1_700_000_000_000;

/** The bot over the suite's store and clock, with any extra dependencies. */
const botWith = (extra: Partial<Parameters<typeof createMatinee>[0]> = {}) =>
  createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    now: () => clock++,
    ...extra,
  });

beforeEach(() => {
  store = new LowdbStore(new Memory<StoreData>(), () => clock);
  bot = botWith();
});

const who = (userId: string, place = PLACE): Speaker => ({
  platform: "test",
  userId,
  name: userId[0]!.toUpperCase() + userId.slice(1),
  place: { id: place, private: false },
});
const say = (userId: string, text: string, place = PLACE) => bot.handle({ ...who(userId, place), text });
const act = (userId: string, action: Action) => bot.handle({ ...who(userId), action });
const pollOf = (replies: Reply[]): Poll | undefined => replies.find((r) => r.poll)?.poll;
const seenBy = async (userId: string) =>
  ((await store.get(`test:${userId}`))?.profile.seen ?? []).map((e) => e.movieId);

/** Ann, Bob and Cat tell films (in public here) and opt in; Ann asks. */
async function threeOptedIn(): Promise<void> {
  await say("ann", "I loved Toy Story and Finding Nemo and Up");
  await say("bob", "I loved Alien and Aliens and The Terminator");
  await say("cat", "I loved Amelie and Before Sunrise");
  await act("bob", { type: "joinNight" });
  await act("cat", { type: "joinNight" });
}

async function openAndSend(text = "movie night with bob and cat", asker = "ann") {
  const replies = await say(asker, text);
  const poll = pollOf(replies)!;
  const messageRef = `test:club:${poll.id}`;
  await bot.pollSent({ platform: "test", place: PLACE, pollId: poll.id, messageRef });
  return { replies, poll, messageRef };
}

describe("opening the vote", () => {
  test("a movie night proposes the top 3–5 films of its list, in its order, under one question", async () => {
    await threeOptedIn();
    const { replies, poll } = await openAndSend();
    const list = replies.find((r) => r.cards)!.cards!;
    expect(poll.options.length).toBeGreaterThanOrEqual(VOTE_MIN);
    expect(poll.options.length).toBeLessThanOrEqual(VOTE_MAX);
    expect(poll.options.map((o) => o.movieId)).toEqual(
      list.slice(0, poll.options.length).map((c) => c.movieId),
    );
    expect(poll.options[0]!.label).toBe(`${list[0]!.title} (${list[0]!.year})`);
    expect(poll.question).toBe("Which film tonight? Movie night for Ann, Bob and Cat");
    expect(poll.question.length).toBeLessThanOrEqual(300);
    expect(poll.hours).toBe(2);
    const stored = (await store.getPlace(PLACE))!.poll!;
    expect(stored.members).toEqual(["test:ann", "test:bob", "test:cat"]);
    expect(stored.asker).toBe("test:ann");
  });

  test("no vote without a list of at least two films, and none for one person", async () => {
    await say("ann", "I loved Heat");
    const alone = await say("ann", "movie night with everyone");
    expect(pollOf(alone)).toBeUndefined();
    expect((await store.getPlace(PLACE))?.poll).toBeUndefined();
  });

  test("a new movie night replaces the open vote, says so, and the old one's close is ignored", async () => {
    await threeOptedIn();
    const first = await openAndSend();
    const again = await say("bob", "movie night with ann");
    const ending = again.find((r) => r.endPoll)!;
    expect(ending.text).toContain("replaces the vote still open here");
    expect(ending.endPoll).toEqual({ messageRef: first.messageRef });
    const second = pollOf(again)!;
    expect(second.id).not.toBe(first.poll.id);
    const late = await bot.pollClosed({
      platform: "test",
      place: PLACE,
      messageRef: first.messageRef,
      counts: [5, 0, 0],
    });
    expect(late).toEqual([]);
    expect((await store.getPlace(PLACE))!.poll!.id).toBe(second.id);
  });
});

describe("closing the vote", () => {
  test("the most votes win: announced with its card, seen for every member, gone from their next lists", async () => {
    await threeOptedIn();
    const { poll, messageRef } = await openAndSend();
    const counts = poll.options.map((_, i) => (i === 1 ? 2 : i === 0 ? 1 : 0));
    const won = poll.options[1]!;
    const [announced] = await bot.pollClosed({ platform: "test", place: PLACE, messageRef, counts });
    expect(announced!.text).toContain(`Tonight: ${won.label}, with 2 of 3 votes`);
    expect(announced!.cards!.map((c) => c.movieId)).toEqual([won.movieId]);
    for (const member of ["ann", "bob", "cat"]) expect(await seenBy(member)).toContain(won.movieId);
    expect((await store.getPlace(PLACE))!.poll).toBeUndefined();
    // A later movie night and each member's own list leave it out.
    const next = await say("ann", "movie night with bob and cat");
    expect(next.flatMap((r) => r.cards ?? []).map((c) => c.movieId)).not.toContain(won.movieId);
    const own = await say("bob", "more");
    expect(own.flatMap((r) => r.cards ?? []).map((c) => c.movieId)).not.toContain(won.movieId);
  });

  test("the winner's where-to-watch line is in the asker's language, like the announcement", async () => {
    const options = { stream: ["Netflix"], rent: ["Apple TV"], buy: [] };
    const artwork: Artwork = { posterUrl: () => undefined, watch: () => options, request: () => {} };
    bot = botWith({ artwork, defaultRegion: "KR" });
    await threeOptedIn();
    await say("ann", "한국어로");
    const { poll, messageRef } = await openAndSend();
    const counts = poll.options.map((_, i) => (i === 0 ? 3 : 0));
    const [announced] = await bot.pollClosed({ platform: "test", place: PLACE, messageRef, counts });
    const korean = watchLine(options, translator("ko"))!;
    expect(korean).not.toBe(watchLine(options, translator("en")));
    expect(announced!.cards![0]!.watch).toBe(korean);
  });

  test("a tie goes to the film higher in the group list", async () => {
    await threeOptedIn();
    const { poll, messageRef } = await openAndSend();
    const counts = poll.options.map((_, i) => (i === 1 || i === 2 ? 2 : 0));
    const [announced] = await bot.pollClosed({ platform: "test", place: PLACE, messageRef, counts });
    expect(announced!.cards![0]!.movieId).toBe(poll.options[1]!.movieId);
    expect(winnerOf([0, 3, 3, 1], 4)).toBe(1);
    expect(winnerOf([0, 0, 0], 3)).toBeUndefined();
    // Counts beyond the options (a forged payload) never pick a film that was not voted on.
    expect(winnerOf([1, 0, 0, 9], 3)).toBe(0);
  });

  test("a close for a finished or unknown vote, or from another place, is ignored", async () => {
    await threeOptedIn();
    const { poll, messageRef } = await openAndSend();
    const counts = poll.options.map((_, i) => (i === 0 ? 1 : 0));
    expect(await bot.pollClosed({ platform: "test", place: "test:elsewhere", messageRef, counts })).toEqual(
      [],
    );
    expect(
      await bot.pollClosed({ platform: "test", place: PLACE, messageRef: "test:club:nope", counts }),
    ).toEqual([]);
    const first = await bot.pollClosed({ platform: "test", place: PLACE, messageRef, counts });
    expect(first).toHaveLength(1);
    const seenOnce = await seenBy("bob");
    expect(await bot.pollClosed({ platform: "test", place: PLACE, messageRef, counts: [0, 9, 0] })).toEqual(
      [],
    );
    expect(await seenBy("bob")).toEqual(seenOnce);
  });

  test("a vote with no votes closes without a film and marks nothing", async () => {
    await threeOptedIn();
    const { poll, messageRef } = await openAndSend();
    const [closed] = await bot.pollClosed({
      platform: "test",
      place: PLACE,
      messageRef,
      counts: poll.options.map(() => 0),
    });
    expect(closed!.text).toContain("without a single vote");
    expect(await seenBy("ann")).toEqual([]);
  });

  test("the close survives a restart: a new core over the same store understands it", async () => {
    await threeOptedIn();
    const { poll, messageRef } = await openAndSend();
    const restarted = createMatinee({
      catalogue: app.catalogue,
      titles: app.titles,
      models: app.models,
      store,
    });
    const [announced] = await restarted.pollClosed({
      platform: "test",
      place: PLACE,
      messageRef,
      counts: poll.options.map((_, i) => (i === 0 ? 1 : 0)),
    });
    expect(announced!.text).toContain(`Tonight: ${poll.options[0]!.label}`);
  });

  test("only the asker closes it early; `close vote` asks the front end to end the poll", async () => {
    await threeOptedIn();
    const { messageRef } = await openAndSend();
    const [refused] = await say("bob", "close vote");
    expect(refused!.error).toBe(true);
    expect(refused!.text).toContain("Only Ann");
    const [closing] = await say("ann", "close the vote");
    expect(closing!.endPoll).toEqual({ messageRef });
    const [none] = await say("ann", "close vote", "test:elsewhere");
    expect(none!.text).toContain("no movie-night vote open here");
  });

  test("someone who said forget me while the vote was open gets no new record", async () => {
    await threeOptedIn();
    const { poll, messageRef } = await openAndSend();
    await say("cat", "forget me");
    await say("cat", "yes");
    expect(await store.get("test:cat")).toBeUndefined();
    await bot.pollClosed({ platform: "test", place: PLACE, messageRef, counts: poll.options.map(() => 1) });
    expect(await store.get("test:cat")).toBeUndefined();
    expect(await seenBy("bob")).toContain(poll.options[0]!.movieId);
  });
});

describe("movie night with everyone", () => {
  test("takes everyone who opted in here, not those who opted in elsewhere or never", async () => {
    await threeOptedIn();
    await say("dee", "I loved Heat and Ronin");
    await say("eve", "I loved Fargo", "test:other");
    await bot.handle({ ...who("eve", "test:other"), action: { type: "joinNight" } });
    const replies = await say("ann", "movie night with everyone");
    const night = replies.find((r) => r.cards)!;
    expect(night.text).toBe("Movie night for you, Bob and Cat: films every one of you should enjoy.");
    expect((await store.getPlace(PLACE))!.poll!.members).toEqual(["test:ann", "test:bob", "test:cat"]);
    // Anyone not yet in is offered the button, not counted.
    const offer = replies.find((r) => r.choices?.some((c) => c.action.type === "joinNight"))!;
    expect(offer.text).toContain("press Count me in");
    expect(await store.roster(PLACE)).toEqual(["test:bob", "test:cat", "test:ann"]);
  });

  test("a roster name whose consent is gone is not counted", async () => {
    await threeOptedIn();
    await say("bob", "forget me");
    await say("bob", "yes");
    const replies = await say("ann", "movie night with everyone here");
    expect(replies.find((r) => r.cards)!.text).toBe(
      "Movie night for you and Cat: films every one of you should enjoy.",
    );
  });
});
