import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { discordHelp } from "../../adapters/discord/help.ts";
import { EXPIRED_BUTTON, NOT_YOUR_QUESTION } from "../../adapters/discord/interactions.ts";
import type { Action } from "../../core/reply/actions.ts";
import { userKey } from "../../core/store/store.ts";
import { sharedApp } from "../helpers/app.ts";
import type { FakeMessage, RecordedRequest } from "./fake-discord/fake-discord.ts";
import {
  ANN,
  autocomplete,
  BOB,
  BOT_USER,
  buttonPress,
  CAT,
  DEE,
  dmChannelOf,
  EVE,
  type FakeUser,
  messageCreate,
  OTHER_BOT,
  type Place,
  reactionAdd,
  slashCommand,
  TEXT_CHANNEL,
} from "./fake-discord/fixtures.ts";
import {
  buttonFor,
  customIds,
  type Harness,
  hasMorePicks,
  interact as interactWith,
  isFor,
  messageOf,
  sentBody,
  startHarness,
} from "./fake-discord/harness.ts";

const GUILD_PLACE: Place = { kind: "guild" };
const dm = (who: FakeUser): Place => ({ kind: "dm", channel: dmChannelOf(who) });

const GODFATHER = 858;
const HEAT = 6;
const ALIEN = 1214;
const TITANIC = 1721;
const MATRIX = 2571;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(await sharedApp());
});
afterAll(async () => {
  await h?.stop();
});

type Interaction = Parameters<Harness["fake"]["dispatchInteraction"]>[0];
const interact = (i: Interaction, done?: (r: RecordedRequest) => boolean) => interactWith(h, i, done);

const liked = async (who: FakeUser) =>
  ((await h.store.get(userKey("discord", who.id)))?.profile.liked ?? []).map((e) => e.movieId);

/** Every message within Discord's limits, and none able to ping anyone. */
function expectWithinLimits(requests: RecordedRequest[]) {
  for (const r of requests) {
    const body = sentBody(r);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect((body.content ?? "").length).toBeLessThanOrEqual(2000);
    expect((body.embeds ?? []).length).toBeLessThanOrEqual(10);
    expect((body.components ?? []).length).toBeLessThanOrEqual(5);
    for (const row of body.components ?? []) expect(row.components.length).toBeLessThanOrEqual(5);
    const ids = customIds(r);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
  }
}

describe("slash commands", () => {
  test("/help answers with the help text, pinging no one", async () => {
    const [answer, ...rest] = await interact(slashCommand("help", [], ANN, GUILD_PLACE));
    expect(rest).toHaveLength(0);
    expect(sentBody(answer!).content).toContain("Slash commands (type / to pick one):");
    expectWithinLimits([answer!]);
  });

  test("/similar autocompletes titles from the local index, at most 25, with ids as values", async () => {
    const i = autocomplete("similar", "title", "godfa", ANN, GUILD_PLACE);
    const started = performance.now();
    h.fake.dispatchInteraction(i);
    const r = await h.fake.waitFor(isFor(i));
    const latencyMs = performance.now() - started;
    expect(r.body.type).toBe(8); // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    const choices = r.body.data.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]).toEqual({ name: "The Godfather (1972)", value: `id:${GODFATHER}` });
    expect(choices.map((c) => c.name)).toContain("The Godfather: Part II (1974)");
    // Discord's hard deadline for any interaction response, not a benchmark.
    expect(latencyMs).toBeLessThan(3000);
  });

  test("autocomplete of an empty field still answers, within 25", async () => {
    const i = autocomplete("like", "title", "", ANN, GUILD_PLACE);
    h.fake.dispatchInteraction(i);
    const r = await h.fake.waitFor(isFor(i));
    expect(r.body.type).toBe(8);
    expect(r.body.data.choices.length).toBeLessThanOrEqual(25);
  });

  test("/like with a picked title: the profile changes, then the list as one message: numbered embeds, a row of buttons per card", async () => {
    const i = slashCommand("like", [{ name: "title", type: 3, value: `id:${GODFATHER}` }], ANN, GUILD_PLACE);
    const messages = await interact(i, hasMorePicks);
    expect(await liked(ANN)).toEqual([GODFATHER]);
    // One message: the acknowledgement heads the list (it used to be "Got it" + a message per card).
    expect(messages).toHaveLength(1);
    expect(h.fake.requests.filter(isFor(i))).toHaveLength(1);
    const body = sentBody(messages[0]!);
    expect(body.content).toBe("Got it: 👍 The Godfather (1972)\nHere are some films you might like:");
    expect(body.embeds).toHaveLength(5);
    expect(body.components).toHaveLength(5);
    for (const [n, embed] of (
      body.embeds as { title: string; fields: { name: string; value: string }[]; description?: string }[]
    ).entries()) {
      expect(embed.title).toMatch(new RegExp(`^${n + 1}\\. .* \\(\\d{4}\\)$`));
      expect(embed.fields.find((f) => f.name === "Genres")?.value).toBeTruthy();
      const links = embed.fields.find((f) => f.name === "Links")?.value as string;
      expect(links).toMatch(/\[IMDb\]\(https:\/\/www\.imdb\.com\/title\/tt\d+\/\)/);
      expect(links).toMatch(/\[TMDB\]\(https:\/\/www\.themoviedb\.org\/movie\/\d+\)/);
      expect(embed.description).toBeTruthy(); // the reason line
      // The card's row: 👍 n, 👎 n, 👀 n, ≈ n, each naming the film and whom the list is for.
      const row = body.components[n].components as { custom_id: string; label: string }[];
      const movieId = /^s:(\d+)@/.exec(row[3]!.custom_id)![1];
      expect(row.slice(0, 4).map((b) => b.custom_id)).toEqual(
        ["f:l", "f:d", "f:s", "s"].map((p) => `${p}:${movieId}@${ANN.id}`),
      );
      expect(row.slice(0, 4).map((b) => b.label)).toEqual(
        ["👍", "👎", "👀", "≈"].map((e) => `${e} ${n + 1}`),
      );
    }
    // "More picks" ends the last row and names the list it pages on.
    const last = body.components[4].components as { custom_id: string; label: string }[];
    expect(last.at(-1)!.label).toBe("More picks");
    expect(last.at(-1)!.custom_id).toMatch(new RegExp(`^m:[0-9a-z]+@${ANN.id}$`));
    expect(messages[0]!.path).toMatch(/\/callback$/);
    expectWithinLimits(messages);
  });

  test("/dislike with a typed title", async () => {
    const i = slashCommand("dislike", [{ name: "title", type: 3, value: "Titanic" }], ANN, GUILD_PLACE);
    const messages = await interact(i, hasMorePicks);
    expect(messages).toHaveLength(1);
    expect(sentBody(messages[0]!).content.split("\n")[0]).toBe("Got it: 👎 Titanic (1997)");
    const state = await h.store.get(userKey("discord", ANN.id));
    expect(state?.profile.disliked.map((e) => e.movieId)).toEqual([TITANIC]);
  });

  test("/recommend genre decade: only comedies of the 1990s", async () => {
    const i = slashCommand(
      "recommend",
      [
        { name: "genre", type: 3, value: "Comedy" },
        { name: "decade", type: 3, value: "1990s" },
      ],
      ANN,
      GUILD_PLACE,
    );
    const messages = await interact(i, hasMorePicks);
    expect(sentBody(messages[0]!).content).toContain("Some 1990s comedy films for you:");
    const embeds = messages.flatMap((r) => sentBody(r).embeds ?? []);
    expect(embeds.length).toBeGreaterThan(0);
    for (const e of embeds) {
      expect(e.title).toMatch(/\(199\d\)$/);
      expect(e.fields.find((f: { name: string }) => f.name === "Genres").value).toContain("Comedy");
    }
  });

  test("/similar with a picked title lists films like it", async () => {
    const i = slashCommand("similar", [{ name: "title", type: 3, value: `id:${MATRIX}` }], ANN, GUILD_PLACE);
    const messages = await interact(i, hasMorePicks);
    expect(sentBody(messages[0]!).content).toContain("Films like The Matrix (1999):");
    const titles = messages.flatMap((r) => sentBody(r).embeds ?? []).map((e: { title: string }) => e.title);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).not.toContain("The Matrix (1999)");
  });

  test("an unknown title is an ephemeral error", async () => {
    const i = slashCommand(
      "similar",
      [{ name: "title", type: 3, value: "Qwxyzzy Blorptastic" }],
      ANN,
      GUILD_PLACE,
    );
    const [answer] = await interact(i);
    expect(sentBody(answer!).content).toContain('I couldn\'t find "Qwxyzzy Blorptastic"');
    expect(sentBody(answer!).flags! & 64).toBe(64);
  });

  test("/profile is private and shows the likes and dislikes", async () => {
    const [answer] = await interact(slashCommand("profile", [], ANN, GUILD_PLACE));
    expect(sentBody(answer!).flags & 64).toBe(64);
    expect(sentBody(answer!).content).toBe("👍 Liked: The Godfather (1972)\n👎 Disliked: Titanic (1997)");
  });

  test("/movienight with a user who has told the bot nothing names them", async () => {
    const i = slashCommand("movienight", [{ name: "user1", type: 6, value: CAT.id }], ANN, GUILD_PLACE, [
      CAT,
    ]);
    const [answer] = await interact(i);
    expect(sentBody(answer!).content).toContain("hasn't told me any films yet");
  });

  test("/movienight with a friend who likes films: one list for both", async () => {
    // Bob tells the bot his taste in a DM first.
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("I love Heat and Alien", BOB, dm(BOB)));
    await h.fake.waitFor((r) => r.path === `/channels/${dmChannelOf(BOB).id}/messages` && hasMorePicks(r));
    // His own /movienight in the channel is his consent to movie nights there.
    await interact(
      slashCommand("movienight", [{ name: "user1", type: 6, value: ANN.id }], BOB, GUILD_PLACE, [ANN]),
    );
    const i = slashCommand(
      "movienight",
      [
        { name: "user1", type: 6, value: BOB.id },
        { name: "user2", type: 6, value: OTHER_BOT.id },
      ],
      ANN,
      GUILD_PLACE,
      [BOB, OTHER_BOT],
    );
    const messages = await interact(i, (r) => (sentBody(r).embeds ?? []).length > 0);
    const texts = messages.map((r) => sentBody(r).content as string);
    expect(texts.join("\n")).toContain("Movie night for you and Bob");
    // What Bob said in his DM stays there: the public cards name none of it.
    const reasons = messages.flatMap((r) =>
      (sentBody(r).embeds ?? []).map((e: { description?: string }) => e.description ?? ""),
    );
    for (const r of reasons) expect(r).not.toMatch(/Bob: because you liked (Heat|Alien)/);
  });

  test("/forget asks privately first; Cancel keeps everything, Yes deletes the profile", async () => {
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("I loved Toy Story", CAT, dm(CAT)));
    await h.fake.waitFor((r) => r.path === `/channels/${dmChannelOf(CAT).id}/messages` && hasMorePicks(r));
    expect(await liked(CAT)).toEqual([1]);

    const [question] = await interact(slashCommand("forget", [], CAT, GUILD_PLACE));
    expect(sentBody(question!).flags & 64).toBe(64);
    expect(sentBody(question!).content).toContain("Are you sure?");
    const [yes, no] = customIds(question!);
    expect([yes, no]).toEqual([`x:y@${CAT.id}`, `x:n@${CAT.id}`]);

    const [kept] = await interact(buttonPress(no!, messageOf(question!), CAT, GUILD_PLACE));
    expect(sentBody(kept!).content).toBe("Kept everything. Nothing was deleted.");
    expect(await liked(CAT)).toEqual([1]);

    // The answered question's "Yes" no longer deletes anything.
    const [stale] = await interact(buttonPress(yes!, messageOf(question!), CAT, GUILD_PLACE));
    expect(sentBody(stale!).content).toContain("That question has expired");
    expect(await liked(CAT)).toEqual([1]);

    const [again] = await interact(slashCommand("forget", [], CAT, GUILD_PLACE));
    const [done] = await interact(buttonPress(customIds(again!)[0]!, messageOf(again!), CAT, GUILD_PLACE));
    expect(sentBody(done!).flags & 64).toBe(64);
    expect(sentBody(done!).content).toBe("Done: I've forgotten everything about you.");
    expect(await h.store.get(userKey("discord", CAT.id))).toBeUndefined();
  });

  test("/movienight naming a member who told films only in a DM publishes none of them: the member is asked", async () => {
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("I love Fargo and Se7en", DEE, dm(DEE)));
    await h.fake.waitFor((r) => r.path === `/channels/${dmChannelOf(DEE).id}/messages` && hasMorePicks(r));
    const i = slashCommand("movienight", [{ name: "user1", type: 6, value: DEE.id }], ANN, GUILD_PLACE, [
      DEE,
    ]);
    const messages = await interact(i);
    const all = messages.map((r) => JSON.stringify(sentBody(r))).join("\n");
    expect(all).toContain("asked for a movie night with you");
    expect(all).toContain(`"n:j@${ANN.id}"`);
    expect(all).not.toMatch(/Fargo|Se7en/);
  });
});

/** The list messages the bot sent to a channel for one person (public, with that person's buttons). */
function listsIn(channelId: string, owner: FakeUser) {
  return [...h.fake.messages.values()].filter(
    (m) =>
      m.channel_id === channelId &&
      m.embeds.length > 0 &&
      !(m.flags & 64) &&
      buttonFor(m, (a) => a.type === "feedback")?.endsWith(`@${owner.id}`) &&
      buttonFor(m, (a) => a.type === "more") !== undefined,
  );
}
/** The film of a list message's row `n` (0-based), from its ≈ button. */
const movieOf = (m: { components: { components: { custom_id: string }[] }[] }, n = 0) =>
  Number(/^s:(\d+)/.exec(m.components[n]!.components[3]!.custom_id)![1]);
const idOn = (m: FakeMessage | RecordedRequest, test: (a: Action) => boolean) => buttonFor(m, test)!;
const isFeedback = (movieId: number, signal: string) => (a: Action) =>
  a.type === "feedback" && a.movieId === movieId && a.signal === signal;
/** A callback that updates the pressed message in place (UPDATE_MESSAGE). */
const isUpdate = (r: RecordedRequest) => r.path.endsWith("/callback") && r.body?.type === 7;

describe("buttons and reactions", () => {
  test("👍 on your own list edits that message in place: the button turns green with a tick; no new message", async () => {
    const list = listsIn(TEXT_CHANNEL.id, ANN).at(-1)!;
    const movieId = movieOf(list, 1);
    const like = buttonPress(idOn(list, isFeedback(movieId, "like")), list, ANN, GUILD_PLACE);
    h.fake.dispatchInteraction(like);
    const update = await h.fake.waitFor((r) => isFor(like)(r) && isUpdate(r));
    expect(update.message!.id).toBe(list.id);
    const row = update.body.data.components[1].components as { label: string; style: number }[];
    expect(row.map((b) => b.label)).toEqual(["👍 2 ✓", "👎 2", "👀 2", "≈ 2"]);
    expect(row[0]!.style).toBe(3); // Success (green)
    expect(await liked(ANN)).toContain(movieId);
    // The other cards' rows are as they were.
    expect(update.body.data.components[0]).toEqual(list.components[0]);
    // 👎 on the same card moves the tick, in the same message.
    const dislike = buttonPress(
      idOn(list, isFeedback(movieId, "dislike")),
      h.fake.messages.get(list.id)!,
      ANN,
      GUILD_PLACE,
    );
    h.fake.dispatchInteraction(dislike);
    const second = await h.fake.waitFor((r) => isFor(dislike)(r) && isUpdate(r));
    expect(second.body.data.components[1].components.map((b: { label: string }) => b.label)).toEqual([
      "👍 2",
      "👎 2 ✓",
      "👀 2",
      "≈ 2",
    ]);
    expect(await liked(ANN)).not.toContain(movieId);
    // Each press was answered by its update alone: no "Noted" message, public or private.
    for (const press of [like, dislike]) expect(h.fake.requests.filter(isFor(press))).toHaveLength(1);
  });

  test("someone else's 👍 on a person's list records their own like, privately, and leaves the message alone", async () => {
    const list = listsIn(TEXT_CHANNEL.id, ANN).at(-1)!;
    const before = JSON.stringify(h.fake.messages.get(list.id)!.components);
    const movieId = movieOf(list, 3);
    const [noted] = await interact(
      buttonPress(idOn(list, isFeedback(movieId, "like")), list, EVE, GUILD_PLACE),
    );
    expect(sentBody(noted!).flags & 64).toBe(64);
    expect(sentBody(noted!).content).toMatch(/^Noted: 👍 /);
    expect(await liked(EVE)).toEqual([movieId]);
    expect(await liked(ANN)).not.toContain(movieId);
    expect(JSON.stringify(h.fake.messages.get(list.id)!.components)).toBe(before);
  });

  test("More like this and More picks send new public lists; More under an older list never pages on the newer one", async () => {
    const older = listsIn(TEXT_CHANNEL.id, ANN).at(0)!;
    const list = listsIn(TEXT_CHANNEL.id, ANN).at(-1)!;
    const similar = await interact(
      buttonPress(
        idOn(list, (a) => a.type === "similar"),
        list,
        ANN,
        GUILD_PLACE,
      ),
      hasMorePicks,
    );
    expect(similar).toHaveLength(1);
    expect(sentBody(similar[0]!).content).toMatch(/^Films like /);
    expect(sentBody(similar[0]!).flags ?? 0).toBe(0);
    const current = idOn(messageOf(similar[0]!), (a) => a.type === "more");
    const shown = JSON.stringify((await h.store.get(userKey("discord", ANN.id)))!.conversation.shown);
    // The first list's More picks: that list is over; the answer offers the current one's.
    const [stale] = await interact(
      buttonPress(
        idOn(older, (a) => a.type === "more"),
        older,
        ANN,
        GUILD_PLACE,
      ),
    );
    expect(sentBody(stale!).content).toMatch(/^That list is finished/);
    expect(sentBody(stale!).flags & 64).toBe(64);
    expect(sentBody(stale!).embeds ?? []).toEqual([]);
    expect(customIds(stale!)).toEqual([current]);
    expect(JSON.stringify((await h.store.get(userKey("discord", ANN.id)))!.conversation.shown)).toBe(shown);
    const more = await interact(buttonPress(current, messageOf(similar[0]!), ANN, GUILD_PLACE), hasMorePicks);
    expect(more).toHaveLength(1);
    expect(sentBody(more[0]!).embeds.length).toBeGreaterThan(0);
  });

  test("a forged or stale button gets a short private notice", async () => {
    const card = listsIn(TEXT_CHANNEL.id, ANN).at(0)!;
    for (const forged of ["f:l:abc", "f:zz:1", "nonsense", "f:l:1@not a user"]) {
      const [notice] = await interact(buttonPress(forged, card, ANN, GUILD_PLACE));
      expect(sentBody(notice!).content).toBe(EXPIRED_BUTTON);
      expect(sentBody(notice!).flags & 64).toBe(64);
    }
  });

  test("reactions in a channel never post: one on a list message (it names no card) changes nothing; one with no meaning is ignored", async () => {
    const list = listsIn(TEXT_CHANNEL.id, ANN).at(1)!;
    const seenBefore = (await h.store.get(userKey("discord", ANN.id)))?.profile.seen ?? [];
    const before = h.fake.requests.length;
    h.fake.dispatch("MESSAGE_REACTION_ADD", reactionAdd("🎉", list.id, ANN, GUILD_PLACE));
    h.fake.dispatch("MESSAGE_REACTION_ADD", reactionAdd("👀", list.id, ANN, GUILD_PLACE));
    // Turns in a channel run in order: once this is answered, both reactions have been handled.
    const next = messageCreate(`<@${BOT_USER.id}> help`, ANN, GUILD_PLACE, [BOT_USER]);
    h.fake.dispatch("MESSAGE_CREATE", next);
    const answer = await h.fake.waitFor((r) => r.body?.message_reference?.message_id === next.id);
    const state = await h.store.get(userKey("discord", ANN.id));
    expect(state?.profile.seen ?? []).toEqual(seenBefore);
    const posts = h.fake.requests
      .slice(before)
      .filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
    expect(posts).toEqual([answer]);
  });

  test("someone's ten reactions on another person's list: no public posts, their profile untouched", async () => {
    const card = listsIn(TEXT_CHANNEL.id, ANN).at(0)!;
    const stranger = EVE;
    const strangerBefore = await h.store.get(userKey("discord", stranger.id));
    const before = h.fake.requests.length;
    for (const emoji of ["👍", "👎", "👀", "🔖", "❤️", "🔥", "😍", "💩", "✅", "📌"])
      h.fake.dispatch("MESSAGE_REACTION_ADD", reactionAdd(emoji, card.id, stranger, GUILD_PLACE));
    const next = messageCreate(`<@${BOT_USER.id}> help`, ANN, GUILD_PLACE, [BOT_USER]);
    h.fake.dispatch("MESSAGE_CREATE", next);
    const answer = await h.fake.waitFor((r) => r.body?.message_reference?.message_id === next.id);
    const posts = h.fake.requests
      .slice(before)
      .filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
    expect(posts).toEqual([answer]);
    expect(await h.store.get(userKey("discord", stranger.id))).toEqual(strangerBefore);
  });

  test("a reaction in a DM on a list message names no card either: nothing is liked, nothing is said", async () => {
    const list = listsIn(dmChannelOf(BOB).id, BOB).at(0)!;
    const likedBefore = await liked(BOB);
    const before = h.fake.requests.length;
    h.fake.dispatch("MESSAGE_REACTION_ADD", reactionAdd("❤️", list.id, BOB, dm(BOB)));
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("help", BOB, dm(BOB)));
    await h.fake.waitFor(
      (r) => h.fake.requests.indexOf(r) >= before && r.path === `/channels/${dmChannelOf(BOB).id}/messages`,
    );
    const posts = h.fake.requests
      .slice(before)
      .filter((r) => r.path === `/channels/${dmChannelOf(BOB).id}/messages`);
    // The one message is the answer to "help" (Discord's help: its slash commands first).
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content).toBe(discordHelp());
    expect(await liked(BOB)).toEqual(likedBefore);
  });
});

describe("free text", () => {
  test("a DM conversation: films named in words, then more", async () => {
    const channel = dmChannelOf(BOB).id;
    const first = h.fake.requests.filter((r) => r.path === `/channels/${channel}/messages`);
    // (Bob's first message was sent in the movie-night test.)
    expect(first[0]!.body.content).toContain("Got it: 👍 Heat (1995), 👍 Alien (1979)");
    expect(await liked(BOB)).toEqual(expect.arrayContaining([HEAT, ALIEN]));
    const before = h.fake.requests.length;
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("more", BOB, dm(BOB)));
    await h.fake.waitFor(
      (r) =>
        h.fake.requests.indexOf(r) >= before && r.path === `/channels/${channel}/messages` && hasMorePicks(r),
    );
    const more = h.fake.requests.slice(before).filter((r) => r.path === `/channels/${channel}/messages`);
    expect(more).toHaveLength(1);
    expect(more[0]!.body.content).toContain("More films you might like:");
    expect(more[0]!.body.embeds).toHaveLength(5);
    expect(h.fake.requests.slice(before).some((r) => r.path === `/channels/${channel}/typing`)).toBe(true);
    expectWithinLimits(more);
  });

  test("two quick messages are answered in order, each turn's messages together", async () => {
    const channel = dmChannelOf(BOB).id;
    const before = h.fake.requests.length;
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("I liked Toy Story", BOB, dm(BOB)));
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("more", BOB, dm(BOB)));
    const posts = () =>
      h.fake.requests.slice(before).filter((r) => r.path === `/channels/${channel}/messages`);
    await h.fake.waitFor(() => posts().filter(hasMorePicks).length === 2);
    const texts = posts().map((r) => (r.body.content as string).split("\n")[0] ?? "");
    const secondTurn = texts.findIndex((t) => t.startsWith("More films you might like:"));
    expect(texts[0]).toBe("Got it: 👍 Toy Story (1995)");
    // Each turn's list is one message.
    expect(secondTurn).toBe(1);
    expect(hasMorePicks(posts()[secondTurn - 1]!)).toBe(true); // the first list ended before the second began
  });

  test("a film panned in words is echoed as disliked", async () => {
    const channel = dmChannelOf(BOB).id;
    const before = h.fake.requests.length;
    h.fake.dispatch(
      "MESSAGE_CREATE",
      messageCreate("fell asleep twice during the english patient", BOB, dm(BOB)),
    );
    const posts = () =>
      h.fake.requests.slice(before).filter((r) => r.path === `/channels/${channel}/messages`);
    await h.fake.waitFor(() => posts().length > 0);
    expect((posts()[0]!.body.content as string).split("\n")[0]).toBe("Got it: 👎 The English Patient (1996)");
  });

  test("in a channel only messages that mention the bot are answered, without the mention", async () => {
    const before = h.fake.requests.length;
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("I loved The Matrix", CAT, GUILD_PLACE));
    const asked = messageCreate(`<@${BOT_USER.id}> I loved The Matrix`, CAT, GUILD_PLACE, [BOT_USER]);
    h.fake.dispatch("MESSAGE_CREATE", asked);
    await h.fake.waitFor(
      (r) =>
        r.path === `/channels/${TEXT_CHANNEL.id}/messages` &&
        hasMorePicks(r) &&
        h.fake.requests.indexOf(r) >= before,
    );
    const posts = h.fake.requests
      .slice(before)
      .filter((r) => r.path === `/channels/${TEXT_CHANNEL.id}/messages`);
    expect(posts[0]!.body.content).toContain("Got it: 👍 The Matrix (1999)");
    // Quotes the question, pinging no one.
    expect(posts[0]!.body.message_reference.message_id).toBe(asked.id);
    expect(posts[0]!.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(posts.filter((r) => r.body.message_reference).length).toBe(1);
    expect(await liked(CAT)).toEqual([MATRIX]);
  });

  test("an ambiguous title asks with buttons; pressing one swaps the film", async () => {
    const channel = dmChannelOf(ANN).id;
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("I love King Kong", ANN, dm(ANN)));
    const question = await h.fake.waitFor(
      (r) => r.path === `/channels/${channel}/messages` && customIds(r).some((id) => id.startsWith("c:")),
    );
    expect(question.body.content).toContain(
      'By "King Kong" did you mean King Kong (2005) or King Kong (1933)',
    );
    // The first list follows the question; let it finish before pressing.
    await h.fake.waitFor(
      (r) =>
        h.fake.requests.indexOf(r) > h.fake.requests.indexOf(question) &&
        r.path === question.path &&
        hasMorePicks(r),
    );
    const buttons = question.body.components.flatMap((row: { components: object[] }) => row.components) as {
      label: string;
      custom_id: string;
    }[];
    const classic = buttons.find((b) => b.label === "King Kong (1933)")!;
    const [classicId, guessId] = classic.custom_id.split("@")[0]!.split(":").slice(1).map(Number);
    expect(await liked(ANN)).toContain(guessId);
    const [answer] = await interact(buttonPress(classic.custom_id, messageOf(question), ANN, dm(ANN)));
    expect(sentBody(answer!).content.split("\n")[0]).toBe(
      "Got it: 👍 King Kong (1933) (instead of King Kong (2005))",
    );
    const likes = await liked(ANN);
    expect(likes).toContain(classicId);
    expect(likes).not.toContain(guessId);
  });

  test("a movie night named with mentions in free text", async () => {
    const before = h.fake.requests.length;
    const asked = messageCreate(`<@${BOT_USER.id}> movie night with <@${BOB.id}>`, ANN, GUILD_PLACE, [
      BOT_USER,
      BOB,
    ]);
    h.fake.dispatch("MESSAGE_CREATE", asked);
    const reply = await h.fake.waitFor(
      (r) => h.fake.requests.indexOf(r) >= before && r.body?.message_reference?.message_id === asked.id,
    );
    expect(reply.body.content).toContain("Movie night for you and Bob");
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // Turns in a channel run in order, so the answer to this one means the movie night is all out.
    const next = messageCreate(`<@${BOT_USER.id}> help`, ANN, GUILD_PLACE, [BOT_USER]);
    h.fake.dispatch("MESSAGE_CREATE", next);
    await h.fake.waitFor((r) => r.body?.message_reference?.message_id === next.id);
    const turn = h.fake.requests.slice(before).filter((r) => r.path === reply.path);
    expect(turn.at(-1)!.body.content).toContain("Slash commands (type / to pick one):");
    // The movie night ends in a vote: Discord's own poll, after the list (an earlier vote here is replaced).
    expect(turn.at(-2)!.body.poll.answers.length).toBeGreaterThanOrEqual(3);
    // The movie night's cards are one message, a row of buttons per card.
    const lists = turn.filter((r) => r.body.embeds.length > 0);
    expect(lists).toHaveLength(1);
    const [night] = lists;
    expect(night!.body.embeds.length).toBeGreaterThan(1);
    expect(night!.body.components).toHaveLength(night!.body.embeds.length);
    expectWithinLimits([night!]);
    const others = turn.slice(0, -2).filter((r) => r.body.embeds.length === 0);
    for (const r of others) expect(r.body.content).toContain("replaces the vote still open here");
  });

  test("in a channel, someone else's press on a person's question is refused, and changes no one's profile", async () => {
    const asked = messageCreate(`<@${BOT_USER.id}> I love King Kong`, DEE, GUILD_PLACE, [BOT_USER]);
    h.fake.dispatch("MESSAGE_CREATE", asked);
    const question = await h.fake.waitFor(
      (r) =>
        r.path === `/channels/${TEXT_CHANNEL.id}/messages` && customIds(r).some((id) => id.startsWith("c:")),
    );
    await h.fake.waitFor(
      (r) =>
        h.fake.requests.indexOf(r) > h.fake.requests.indexOf(question) &&
        r.path === question.path &&
        hasMorePicks(r),
    );
    const choice = customIds(question).find((id) => id.startsWith("c:"))!;
    expect(choice).toMatch(new RegExp(`@${DEE.id}$`));
    const deeBefore = await liked(DEE);
    const eveBefore = await liked(EVE);
    const [refused] = await interact(buttonPress(choice, messageOf(question), EVE, GUILD_PLACE));
    expect(sentBody(refused!).content).toBe(NOT_YOUR_QUESTION);
    expect(sentBody(refused!).flags & 64).toBe(64);
    expect(await liked(DEE)).toEqual(deeBefore);
    expect(await liked(EVE)).toEqual(eveBefore);
  });

  test("messages from bots are never answered", async () => {
    const before = h.fake.requests.length;
    h.fake.dispatch(
      "MESSAGE_CREATE",
      messageCreate(`<@${BOT_USER.id}> help`, OTHER_BOT, GUILD_PLACE, [BOT_USER]),
    );
    const [help] = await interact(slashCommand("help", [], ANN, GUILD_PLACE));
    expect(help).toBeDefined();
    expect(
      h.fake.requests.slice(before).filter((r) => r.path.startsWith(`/channels/${TEXT_CHANNEL.id}/`)),
    ).toEqual([]);
  });
});

describe("slow and failing work", () => {
  test("slow work is deferred, then edited in", async () => {
    h.gate.close();
    const i = slashCommand("recommend", [], ANN, GUILD_PLACE);
    h.fake.dispatchInteraction(i);
    const deferred = await h.fake.waitFor(isFor(i));
    expect(deferred.body.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    h.gate.open();
    const edit = await h.fake.waitFor((r) => isFor(i)(r) && r.method === "PATCH");
    expect(edit.path).toMatch(/\/messages\/@original$/);
    expect(edit.body.content).toContain("films you might like");
    await h.fake.waitFor((r) => isFor(i)(r) && hasMorePicks(r));
    const kinds = h.fake.requests.filter(isFor(i)).map((r) => `${r.method} ${r.body?.type ?? ""}`.trim());
    expect(kinds[0]).toBe("POST 5");
    expect(kinds[1]).toBe("PATCH");
  });

  test("a slow error: the public 'thinking' message is removed and the error is said privately", async () => {
    h.gate.close();
    const i = slashCommand(
      "like",
      [{ name: "title", type: 3, value: "Zzyzx Qwerty Flumph" }],
      ANN,
      GUILD_PLACE,
    );
    h.fake.dispatchInteraction(i);
    await h.fake.waitFor(isFor(i));
    h.gate.open();
    const privately = await h.fake.waitFor(
      (r) => isFor(i)(r) && r.method === "POST" && r.path.startsWith("/webhooks/"),
    );
    expect(privately.body.flags & 64).toBe(64);
    expect(privately.body.content).toContain("I couldn't find");
    const steps = h.fake.requests.filter(isFor(i)).map((r) => r.method);
    expect(steps).toEqual(["POST", "DELETE", "POST"]);
  });

  test("a failure in the core becomes an ephemeral apology, never silence", async () => {
    h.failNext();
    const [sorry] = await interact(slashCommand("profile", [], ANN, GUILD_PLACE));
    expect(sentBody(sorry!).flags & 64).toBe(64);
    expect(sentBody(sorry!).content).toContain("Sorry, something went wrong");
  });

  test("the fake saw no request it did not understand; the only error logged was the simulated one", () => {
    expect(h.fake.unhandled).toEqual([]);
    expect(h.logged.filter((l) => l.level === "error").map((l) => l.msg)).toEqual([
      "the core failed on a Discord interaction",
    ]);
    expect(h.logged.filter((l) => l.level === "warn")).toEqual([]);
  });
});
