import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MAX_IMPORT_BYTES } from "../../core/import/history.ts";
import { userKey } from "../../core/store/store.ts";
import { sharedApp } from "../helpers/app.ts";
import { bytesOf, imdbRatings, letterboxd, zipOf } from "../helpers/exports.ts";
import type { RecordedRequest } from "./fake-discord/fake-discord.ts";
import {
  ANN,
  BOB,
  BOT_USER,
  CAT,
  dmChannelOf,
  type FakeUser,
  messageCreate,
  type Place,
  slashCommand,
  TEXT_CHANNEL,
} from "./fake-discord/fixtures.ts";
import {
  type Harness,
  hasMorePicks,
  interact as interactWith,
  sentBody,
  startHarness,
} from "./fake-discord/harness.ts";

const GUILD_PLACE: Place = { kind: "guild" };
const dm = (who: FakeUser): Place => ({ kind: "dm", channel: dmChannelOf(who) });

let h: Harness;
beforeAll(async () => {
  h = await startHarness(await sharedApp());
});
afterAll(async () => {
  await h?.stop();
});

const HISTORY = zipOf({
  "ratings.csv": letterboxd.ratings([
    { name: "The Godfather", year: 1972, date: "2018-02-01", rating: 5 },
    { name: "Heat", year: 1995, date: "2019-04-01", rating: 4 },
    { name: "Titanic", year: 1997, date: "2020-01-01", rating: 1.5 },
  ]),
  "watched.csv": letterboxd.watched([{ name: "Alien", year: 1979, date: "2017-01-01" }]),
});

const profileOf = async (who: FakeUser) => (await h.store.get(userKey("discord", who.id)))?.profile;
const ids = (list: { movieId: number }[] | undefined) => (list ?? []).map((e) => e.movieId);

/** Posts in a channel from request `from` on, and the CDN downloads of a file. */
const postsIn = (channelId: string, from: number) =>
  h.fake.requests
    .slice(from)
    .filter((r) => r.method === "POST" && r.path === `/channels/${channelId}/messages`);
const downloads = (url: string) => {
  const path = decodeURIComponent(new URL(url).pathname);
  return h.fake.requests.filter((r) => r.method === "GET" && r.path === path);
};

/** Sends a message and waits for the post that ends its answer (`done`, by default the "More picks" row). */
async function send(
  message: ReturnType<typeof messageCreate>,
  channelId: string,
  done: (r: RecordedRequest) => boolean = (r) => hasMorePicks(r),
): Promise<RecordedRequest[]> {
  const from = h.fake.requests.length;
  h.fake.dispatch("MESSAGE_CREATE", message);
  await h.fake.waitFor(
    (r) => h.fake.requests.indexOf(r) >= from && r.path === `/channels/${channelId}/messages` && done(r),
  );
  return postsIn(channelId, from);
}

describe("a file sent to the bot", () => {
  test("in a DM: downloaded from the attachment URL on 127.0.0.1, imported, then a list of cards", async () => {
    const file = h.fake.attach("letterboxd-ann-2024-06-01-utc.zip", HISTORY, {
      contentType: "application/zip",
    });
    expect(new URL(file.url).hostname).toBe("127.0.0.1");
    const posts = await send(messageCreate("", ANN, dm(ANN), [], [file]), dmChannelOf(ANN).id);
    expect(downloads(file.url)).toHaveLength(1);
    const text = posts.map((r) => r.body.content ?? "").join("\n");
    expect(text).toContain(
      "📥 Imported your Letterboxd history: 4 films — 👍 2 liked, 👎 1 disliked, 👀 1 seen.",
    );
    expect(text).toContain("Here are some films you might like, from your history:");
    // The list is one message of five cards.
    const lists = posts.filter((r) => (r.body.embeds ?? []).length > 0);
    expect(lists.map((r) => r.body.embeds.length)).toEqual([5]);
    for (const r of posts) expect(r.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const profile = await profileOf(ANN);
    expect(ids(profile?.liked)).toEqual([858, 6]);
    expect(ids(profile?.disliked)).toEqual([1721]);
    expect(ids(profile?.seen)).toEqual([1214]);
  });

  test("in a server, with a mention naming the layout: imported, the answer quoting the message", async () => {
    const csv = imdbRatings([
      { id: "tt0111161", title: "The Shawshank Redemption", year: 1994, rating: 9, date: "2020-01-01" },
    ]);
    const file = h.fake.attach("ratings.csv", bytesOf(csv), { contentType: "text/csv; charset=utf-8" });
    const posts = await send(
      messageCreate(`<@${BOT_USER.id}> import imdb`, BOB, GUILD_PLACE, [BOT_USER], [file]),
      TEXT_CHANNEL.id,
    );
    expect(posts[0]!.body.content).toContain("📥 Imported your IMDb history: 1 film");
    expect(posts[0]!.body.message_reference).toBeDefined();
    expect(ids((await profileOf(BOB))?.liked)).toEqual([318]);
  });

  test("in a server without a mention: not the bot's business, never downloaded", async () => {
    const file = h.fake.attach(
      "ratings.csv",
      bytesOf(letterboxd.ratings([{ name: "Up", year: 2009, date: "2020-01-01", rating: 5 }])),
    );
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("my ratings", CAT, GUILD_PLACE, [], [file]));
    // A DM from Cat afterwards is answered; by then the guild message was long handled.
    await send(messageCreate("I loved Heat", CAT, dm(CAT)), dmChannelOf(CAT).id);
    expect(downloads(file.url)).toHaveLength(0);
    expect(ids((await profileOf(CAT))?.liked)).toEqual([6]);
  });

  test("a file Discord says is over 50 MB is refused without fetching it; the profile stays", async () => {
    const before = await profileOf(ANN);
    const file = h.fake.attach("letterboxd.zip", HISTORY, { size: MAX_IMPORT_BYTES + 10 * 1024 * 1024 });
    const posts = await send(messageCreate("", ANN, dm(ANN), [], [file]), dmChannelOf(ANN).id, () => true);
    expect(posts[0]!.body.content).toContain("That file is 60.0 MB: I import files up to 50.0 MB.");
    expect(downloads(file.url)).toHaveLength(0);
    expect(await profileOf(ANN)).toEqual(before);
  });

  test("titles from the file reach Discord as literal code, never as markdown or links", async () => {
    const rows = letterboxd.ratings([
      { name: "Heat", year: 1995, date: "2020-01-01", rating: 4 },
      { name: "[free nitro](https://evil.example) **now**", year: 2031, date: "2020-01-01", rating: 4 },
    ]);
    const file = h.fake.attach("ratings.csv", bytesOf(rows));
    const posts = await send(messageCreate("", CAT, dm(CAT), [], [file]), dmChannelOf(CAT).id);
    expect(posts[0]!.body.content).toContain(
      "Not in my catalogue (1): `[free nitro](https://evil.example) **now**` (2031).",
    );
  });

  test("with a picture and an export attached, the export is the one imported", async () => {
    const photo = h.fake.attach("me.png", Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), {
      contentType: "image/png",
    });
    const rows = letterboxd.ratings([{ name: "Toy Story", year: 1995, date: "2020-01-01", rating: 5 }]);
    const file = h.fake.attach("ratings.csv", bytesOf(rows));
    const posts = await send(messageCreate("", BOB, dm(BOB), [], [photo, file]), dmChannelOf(BOB).id);
    expect(posts[0]!.body.content).toContain("📥 Imported your Letterboxd history: 1 film");
    expect(downloads(photo.url)).toHaveLength(0);
    expect(downloads(file.url)).toHaveLength(1);
  });

  test("a photo sent with words is a chat message, not an import", async () => {
    const photo = h.fake.attach("poster.png", Uint8Array.from([0x89, 0x50, 0x4e, 0x47]), {
      contentType: "image/png",
    });
    const posts = await send(messageCreate("I loved Alien", BOB, dm(BOB), [], [photo]), dmChannelOf(BOB).id);
    expect(posts[0]!.body.content).toContain("Got it: 👍 Alien (1979)");
    expect(downloads(photo.url)).toHaveLength(0);
  });
});

describe("/import", () => {
  const interact = (i: ReturnType<typeof slashCommand>, done: (r: RecordedRequest) => boolean) =>
    interactWith(h, i, done);

  test("with an attachment: downloaded, imported, answered privately with the summary and a list", async () => {
    const file = h.fake.attach(
      "diary.csv",
      bytesOf(
        letterboxd.diary([
          { name: "Toy Story", year: 1995, date: "2021-01-02", watchedDate: "2021-01-01", rating: 5 },
          { name: "Up", year: 2009, date: "2021-02-01", rating: 2 },
        ]),
      ),
    );
    const i = slashCommand(
      "import",
      [
        { name: "file", type: 11, value: file.id },
        { name: "format", type: 3, value: "letterboxd" },
      ],
      CAT,
      GUILD_PLACE,
      [],
      [file],
    );
    const messages = await interact(i, (r) => hasMorePicks(r));
    expect(downloads(file.url)).toHaveLength(1);
    for (const m of messages) expect(sentBody(m).flags & 64).toBe(64);
    const text = messages.map((m) => sentBody(m).content ?? "").join("\n");
    expect(text).toContain(
      "📥 Imported your Letterboxd history: 2 films — 👍 1 liked, 👎 1 disliked, 👀 0 seen.",
    );
    expect(messages.filter((m) => (sentBody(m).embeds ?? []).length > 0).length).toBe(1);
    expect(ids((await profileOf(CAT))?.liked)).toContain(1);
    expect(ids((await profileOf(CAT))?.disliked)).toEqual([68954]);
  });

  test("a file the CDN no longer has: one private message, nothing changed", async () => {
    const file = h.fake.attach("ratings.csv", bytesOf("x"));
    const gone = { ...file, url: file.url.replace(/hm=[^&]+/, "hm=expired") };
    const before = await profileOf(BOB);
    const i = slashCommand("import", [{ name: "file", type: 11, value: gone.id }], BOB, dm(BOB), [], [gone]);
    const [answer] = await interact(i, () => true);
    expect(sentBody(answer!).content).toBe(
      "I couldn't download that file. Please send it again. Nothing in your profile was changed.",
    );
    expect(sentBody(answer!).flags & 64).toBe(64);
    expect(await profileOf(BOB)).toEqual(before);
  });
});
