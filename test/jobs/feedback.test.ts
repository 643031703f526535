import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import {
  DISLIKE_RATING,
  FEEDBACK_USER_BASE,
  feedbackOf,
  LIKE_RATING,
  readFeedback,
  withFeedback,
} from "../../data/feedback.ts";
import { buildPopularity, type Gold, userItems } from "../../data/gold.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { interactionsOf, movie } from "../models/fixtures.ts";

function gold(): Gold {
  const movies = [10, 20, 30, 40].map((id) => movie(id, `Film ${id}`, 2000));
  const interactions = interactionsOf([{ items: [0, 1] }, { items: [1, 2, 3] }]);
  return {
    dataset: "tiny",
    dataHash: "h",
    movies,
    interactions,
    popularity: buildPopularity(interactions, 4),
    itemFeatures: movies.map(() => []),
    stats: { users: 2, items: 4, ratings: 5, skippedRatings: 0 },
  };
}

const STORE = {
  schemaVersion: 2,
  users: {
    "telegram:2": {
      key: "telegram:2",
      profile: {
        liked: [{ movieId: 30, at: 5_000_000 }],
        disliked: [{ movieId: 10, at: 4_000_000 }],
        seen: [{ movieId: 20, at: 1 }],
        watchlist: [],
        prefs: [],
      },
    },
    "discord:1": {
      key: "discord:1",
      profile: {
        liked: [
          { movieId: 40, at: 9_000_000 },
          { movieId: 999, at: 9_500_000 },
        ],
        disliked: [],
      },
    },
    "discord:empty": { key: "discord:empty", profile: { liked: [], disliked: [] } },
    "broken:1": { key: "broken:1", profile: "not a profile" },
  },
  cards: {},
};

test("likes become top ratings and dislikes bottom ones, in time order, in seconds; seen films don't count", () => {
  const f = feedbackOf(STORE);
  expect(f.ratings).toBe(4);
  expect(f.users).toEqual([
    [
      { movieId: 40, rating: LIKE_RATING, timestamp: 9000 },
      { movieId: 999, rating: LIKE_RATING, timestamp: 9500 },
    ],
    [
      { movieId: 10, rating: DISLIKE_RATING, timestamp: 4000 },
      { movieId: 30, rating: LIKE_RATING, timestamp: 5000 },
    ],
  ]);
  expect(feedbackOf("nonsense")).toEqual({ users: [], ratings: 0 });
});

test("chat users join the data under ids that can't collide with MovieLens ones; the original is untouched", () => {
  const g = gold();
  const before = structuredClone(g.interactions);
  const merged = withFeedback(g, feedbackOf(STORE));
  expect(merged).toMatchObject({ users: 2, ratings: 3 });
  const x = merged.gold.interactions;
  expect([...x.userIds]).toEqual([1, 2, FEEDBACK_USER_BASE, FEEDBACK_USER_BASE + 1]);
  // Film 999 is not in the catalogue: dropped. Items are catalogue indices.
  expect([...userItems(x, 2)]).toEqual([3]);
  expect([...userItems(x, 3)]).toEqual([0, 2]);
  expect([...x.ratings.slice(5)]).toEqual([5, 1, 5]);
  expect([...x.timestamps.slice(5)]).toEqual([9000, 4000, 5000]);
  expect(merged.gold.stats).toMatchObject({ users: 4, ratings: 8 });
  expect([...merged.gold.popularity.count]).toEqual([2, 2, 2, 2]);
  expect(merged.gold.dataHash).toBe("h");
  expect(merged.gold.dataset).toBe("tiny+feedback");
  expect(g.interactions).toEqual(before);
});

test("no feedback leaves the data as it was", () => {
  const g = gold();
  const merged = withFeedback(g, { users: [], ratings: 0 });
  expect(merged.gold.dataset).toBe("tiny");
  expect(merged.gold.interactions).toEqual(g.interactions);
});

test("the store file is read when there is one; a damaged one is a clear error", () => {
  const dir = tempDir();
  expect(readFeedback(join(dir, "none.json"))).toEqual({ users: [], ratings: 0 });
  writeFileSync(join(dir, "store.json"), JSON.stringify(STORE));
  expect(readFeedback(join(dir, "store.json")).ratings).toBe(4);
  writeFileSync(join(dir, "bad.json"), "{");
  expect(() => readFeedback(join(dir, "bad.json"))).toThrow(/Cannot read the store .*bad\.json for feedback/);
});

test("an imported history's own ratings are kept instead of the top and bottom ones", () => {
  const f = feedbackOf({
    users: {
      "terminal:ann": {
        profile: {
          liked: [
            { movieId: 1, at: 1_000_000, rating: 3.5 },
            { movieId: 2, at: 2_000_000 },
          ],
          disliked: [{ movieId: 3, at: 3_000_000, rating: 2 }],
        },
      },
    },
  });
  expect(f.users).toEqual([
    [
      { movieId: 1, rating: 3.5, timestamp: 1000 },
      { movieId: 2, rating: LIKE_RATING, timestamp: 2000 },
      { movieId: 3, rating: 2, timestamp: 3000 },
    ],
  ]);
});
