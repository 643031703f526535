import { beforeAll, describe, expect, test } from "vitest";
import type { ImportEvent } from "../../core/events.ts";
import { MAX_IMPORT_BYTES } from "../../core/import/history.ts";
import { IMPORT_INTRO, IMPORT_USAGE } from "../../core/import/messages.ts";
import type { Matinee } from "../../core/matinee.ts";
import type { LowdbStore } from "../../core/store/lowdb-store.ts";
import { userKey } from "../../core/store/store.ts";
import { memoryMatinee } from "../helpers/app.ts";
import { bytesOf, csv, imdbRatings, letterboxd, zipOf } from "../helpers/exports.ts";

let matinee: Matinee;
let store: LowdbStore;
beforeAll(async () => {
  ({ matinee, store } = await memoryMatinee());
});

let next = 0;
const newUser = () => `viewer-${++next}`;
const upload = (
  userId: string,
  fileName: string,
  body: string | Uint8Array,
  format?: "letterboxd" | "imdb",
): ImportEvent => ({
  platform: "terminal",
  userId,
  upload: { fileName, bytes: typeof body === "string" ? bytesOf(body) : body, ...(format ? { format } : {}) },
});
const profileOf = async (userId: string) => (await store.get(userKey("terminal", userId)))?.profile;

const HISTORY = zipOf({
  "ratings.csv": letterboxd.ratings([
    { name: "Heat", year: 1995, date: "2019-04-01", rating: 4.5 },
    { name: "The Godfather", year: 1972, date: "2018-02-01", rating: 5 },
    { name: "Titanic", year: 1997, date: "2020-01-01", rating: 1.5 },
    { name: "Alien", year: 1979, date: "2021-07-01", rating: 3 },
  ]),
  "diary.csv": letterboxd.diary([
    { name: "The Matrix", year: 1999, date: "2022-05-02", watchedDate: "2022-05-01", rating: 4 },
  ]),
  "watched.csv": letterboxd.watched([
    { name: "Heat", year: 1995, date: "2019-04-01" },
    { name: "Up", year: 2009, date: "2017-01-01" },
    ...["A", "B", "C", "D", "E", "F", "G"].map((l) => ({
      name: `Nowhere Picture ${l}`,
      year: 2031,
      date: "2023-01-01",
    })),
  ]),
});

describe("an import turn", () => {
  test("answers with the counts, the first unmatched titles, then recommendations; the profile is the history in date order", async () => {
    const who = newUser();
    const outcome = await matinee.importHistory(upload(who, "letterboxd-viewer.zip", HISTORY));
    const [summary, ...lists] = outcome.replies;
    expect(summary?.text).toContain(
      "📥 Imported your Letterboxd history: 6 films — 👍 3 liked, 👎 1 disliked, 👀 2 seen.",
    );
    expect(summary?.text).toContain(
      "Not in my catalogue (7): `Nowhere Picture A` (2031), `Nowhere Picture B` (2031), `Nowhere Picture C` (2031), `Nowhere Picture D` (2031), `Nowhere Picture E` (2031) and 2 more.",
    );
    expect(lists[0]?.text.startsWith(IMPORT_INTRO)).toBe(true);
    const cards = lists.flatMap((r) => r.cards ?? []);
    expect(cards.length).toBe(10);
    const profile = (await profileOf(who))!;
    expect(profile.liked.map((e) => e.movieId)).toEqual([858, 6, 2571]);
    expect(profile.liked.map((e) => e.rating)).toEqual([5, 4.5, 4]);
    expect(profile.disliked.map((e) => e.movieId)).toEqual([1721]);
    expect(profile.seen.map((e) => e.movieId)).toEqual([68954, 1214]);
    for (const c of cards) expect([858, 6, 2571, 1721, 68954, 1214]).not.toContain(c.movieId);
    expect(outcome.result?.counts).toEqual({ liked: 3, disliked: 1, seen: 2, watchlist: 0, updated: 0 });
    expect(outcome.result?.recommendations.map((c) => c.movieId)).toEqual(cards.map((c) => c.movieId));
  });

  test("the same turn runs through handle(), as the chats send it", async () => {
    const who = newUser();
    const replies = await matinee.handle(
      upload(
        who,
        "ratings.csv",
        imdbRatings([{ id: "tt0111161", title: "x", year: 1994, rating: 9, date: "2020-01-01" }]),
      ),
    );
    expect(replies[0]?.text).toContain(
      "📥 Imported your IMDb history: 1 film — 👍 1 liked, 👎 0 disliked, 👀 0 seen.",
    );
    expect(replies[0]?.text).toContain("Rated 7–10: liked");
    expect((await profileOf(who))?.liked.map((e) => e.movieId)).toEqual([318]);
  });

  test("what the person said before is kept; films in both are updated from the file", async () => {
    const who = newUser();
    await matinee.handle({
      platform: "terminal",
      userId: who,
      text: "I loved Titanic and Toy Story, not a fan of musicals",
    });
    await matinee.handle({ platform: "terminal", userId: who, text: "save #1" });
    const before = (await profileOf(who))!;
    const outcome = await matinee.importHistory(upload(who, "letterboxd.zip", HISTORY));
    expect(outcome.result?.counts.updated).toBe(1);
    const after = (await profileOf(who))!;
    expect(after.prefs).toEqual(before.prefs);
    expect(after.watchlist).toEqual(before.watchlist);
    expect(after.liked.map((e) => e.movieId)).toContain(1);
    expect(after.liked.map((e) => e.movieId)).not.toContain(1721);
    expect(after.disliked.map((e) => e.movieId)).toContain(1721);
    expect(outcome.replies[0]?.text).toContain(
      "1 of them was already in your profile: updated from the file.",
    );
  });

  test("a title from the file cannot bring markup: it is shown as literal code, its backticks defused", async () => {
    const who = newUser();
    const nasty = "**B** [l](https://evil.example) `c` <b>x</b> @everyone\u202e";
    const text = letterboxd.ratings([
      { name: "Heat", year: 1995, date: "2020-01-01", rating: 4 },
      { name: nasty, year: 2031, date: "2020-01-01", rating: 4 },
    ]);
    const [summary] = await matinee.handle(upload(who, "ratings.csv", text));
    const line = summary!.text.split("\n").find((l) => l.startsWith("Not in my catalogue"))!;
    expect(line).toBe(
      "Not in my catalogue (1): `**B** [l](https://evil.example) ʼcʼ <b>x</b> @everyone` (2031).",
    );
  });
});

describe("a refused file changes nothing", () => {
  const cases: [string, ImportEvent["upload"]][] = [
    ["empty", { fileName: "ratings.csv", bytes: new Uint8Array() }],
    [
      "binary",
      { fileName: "ratings.csv", bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]) },
    ],
    [
      "another CSV",
      { fileName: "contacts.csv", bytes: bytesOf(csv(["Name", "Email"], [["Ann", "ann@example.com"]])) },
    ],
    ["a zip without the CSVs", { fileName: "photos.zip", bytes: zipOf({ "a.txt": "x" }) }],
    ["a damaged zip", { fileName: "export.zip", bytes: HISTORY.slice(0, 60) }],
    [
      "no matchable rows",
      {
        fileName: "ratings.csv",
        bytes: bytesOf(
          letterboxd.ratings([{ name: "Nowhere Picture", year: 2031, date: "2020-01-01", rating: 4 }]),
        ),
      },
    ],
    [
      "the wrong layout named",
      {
        fileName: "ratings.csv",
        bytes: bytesOf(letterboxd.ratings([{ name: "Heat", year: 1995, date: "2020-01-01", rating: 4 }])),
        format: "imdb",
      },
    ],
    [
      "too large to fetch",
      {
        fileName: "ratings.csv",
        failure: { kind: "too-large", size: 60 * 1024 * 1024, limit: MAX_IMPORT_BYTES },
      },
    ],
    ["not downloadable", { fileName: "ratings.csv", failure: { kind: "unavailable", reason: "download" } }],
  ];
  const expected: Record<string, string> = {
    empty: "That file is empty.",
    binary: "That file isn't a CSV or a zip.",
    "another CSV": "That CSV isn't a Letterboxd or IMDb export",
    "a zip without the CSVs": "That zip has no ratings.csv, diary.csv or watched.csv in it",
    "a damaged zip": "That zip file is damaged.",
    "no matchable rows": "None of the 1 films in that Letterboxd export are in my catalogue",
    "the wrong layout named": "That file is a Letterboxd export, not an IMDb one.",
    "too large to fetch": "That file is 60.0 MB: I import files up to 50.0 MB.",
    "not downloadable": "I couldn't download that file. Please send it again.",
  };
  test.each(cases)("%s: one clear message, and the profile as it was", async (name, file) => {
    const who = newUser();
    await matinee.handle({ platform: "terminal", userId: who, text: "I loved Alien" });
    const before = await store.get(userKey("terminal", who));
    const outcome = await matinee.importHistory({ platform: "terminal", userId: who, upload: file });
    expect(outcome.replies).toHaveLength(1);
    expect(outcome.replies[0]?.error).toBe(true);
    expect(outcome.replies[0]?.text).toContain(expected[name]);
    expect(outcome.replies[0]?.text).toContain("Nothing in your profile was changed.");
    expect(outcome.result).toBeUndefined();
    expect(await store.get(userKey("terminal", who))).toEqual(before);
  });
});

describe("around the import", () => {
  test("`import` typed where no file can come with it explains how to send one", async () => {
    const [reply] = await matinee.handle({ platform: "discord", userId: "1", text: "import my letterboxd" });
    expect(reply?.text).toBe(IMPORT_USAGE);
  });

  test("a long imported profile names the latest films and counts the rest", async () => {
    const who = newUser();
    const { catalogue } = await memoryMatinee().then((m) => m.app);
    const films = catalogue.movies.slice(0, 30).map((m, i) => ({
      name: m.title,
      year: m.year,
      date: `2020-01-${String(i + 1).padStart(2, "0")}`,
      rating: 5,
    }));
    await matinee.handle(upload(who, "ratings.csv", letterboxd.ratings(films)));
    const [reply] = await matinee.handle({ platform: "terminal", userId: who, text: "profile" });
    const liked = reply!.text.split("\n")[0]!;
    expect(liked).toMatch(/ \(the latest 20 of 30\)$/);
    expect(liked).toContain(catalogue.movies[29]!.title);
    expect(liked).not.toContain(`${catalogue.movies[0]!.title} (`);
  });
});
