import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { buildGold } from "../../data/pipeline.ts";
import { readCsvLayout } from "../../data/readers/csv-layout.ts";
import { parseCount, ratingsPerUser, writeSynthetic } from "../../data/synth.ts";
import { ease } from "../../models/collaborative/ease.ts";
import { itemKnn } from "../../models/collaborative/item-knn.ts";
import { evaluateRanking, ratedItems } from "../../models/evaluate/leave-last-out.ts";
import { leaveLastOut } from "../../models/evaluate/split.ts";
import { popularity } from "../../models/popularity/popularity.ts";
import { seededRandom } from "../../models/random.ts";
import { transitions } from "../../models/transitions/transitions.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const FILES = ["movies.csv", "ratings.csv", "tags.csv", "links.csv"];
const small = { ratings: 20_000, films: 2_000, users: 500 };

describe("matinee synth at a small size", () => {
  const root = tempDir("matinee-synth-");
  const dir = (name: string) => join(root, name, "ml-latest-small");
  const write = (name: string, seed: number) => writeSynthetic({ ...small, seed, out: dir(name) });
  const bytes = (name: string) => FILES.map((f) => readFileSync(join(dir(name), f), "utf8"));

  test("the same seed writes the same files; another seed, other files", async () => {
    const a = await write("a", 7);
    await write("b", 7);
    await write("c", 8);
    expect(bytes("a")).toEqual(bytes("b"));
    expect(bytes("c")[2]).not.toEqual(bytes("a")[2]);
    expect(a).toMatchObject({ ratings: small.ratings, films: small.films, users: small.users });
    expect(a.series).toBeGreaterThan(0);
    expect(a.tags).toBeGreaterThan(0);
  });

  test("the files parse with the MovieLens readers, with skew, bursts and series in order", async () => {
    const raw = await readCsvLayout(dir("a"));
    expect(raw.movies).toHaveLength(small.films);
    expect(raw.ratings.length).toBe(small.ratings);
    expect(raw.links).toHaveLength(small.films);
    expect(raw.tags.length).toBeGreaterThan(0);
    expect(raw.movies[0]!.title).toMatch(/ \(\d{4}\)$/);
    const gold = await buildGold(dir("a"), "ml-latest-small");
    expect(gold.stats).toMatchObject({ users: small.users, items: small.films, ratings: small.ratings });
    expect(gold.movies[0]!.year).toBeGreaterThanOrEqual(1920);
    // Long tail: the top 10% of films hold far more than 10% of the ratings.
    const counts = Array.from(gold.popularity.count).sort((x, y) => y - x);
    const top = counts.slice(0, small.films / 10).reduce((s, v) => s + v, 0);
    expect(top / small.ratings).toBeGreaterThan(0.3);
    // Bursts: many ratings share their second with another of the same user's.
    const { userIds, timestamps } = raw.ratings;
    const keys = new Map<string, number>();
    for (let k = 0; k < raw.ratings.length; k++) {
      const key = `${userIds[k]}:${timestamps[k]}`;
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
    const inBursts = [...keys.values()].filter((n) => n > 1).reduce((s, n) => s + n, 0);
    expect(inBursts / raw.ratings.length).toBeGreaterThan(0.1);
    // Series: a user who rated part 1 and part 2 of a series rated them in that order.
    const titleOf = new Map(raw.movies.map((m) => [m.movieId, m.title]));
    const seen = new Map<string, number>();
    for (let k = 0; k < raw.ratings.length; k++)
      seen.set(`${userIds[k]}:${raw.ratings.movieIds[k]}`, timestamps[k]!);
    let pairs = 0;
    let inOrder = 0;
    for (const m of raw.movies) {
      if (!/ Part 2 \(/.test(m.title)) continue;
      const firstPart = m.movieId - 1;
      expect(titleOf.get(firstPart)).toMatch(new RegExp(`^${m.title.split(" Part 2")[0]} \\(`));
      for (let u = 1; u <= small.users; u++) {
        const t1 = seen.get(`${u}:${firstPart}`);
        const t2 = seen.get(`${u}:${m.movieId}`);
        if (t1 === undefined || t2 === undefined) continue;
        pairs++;
        if (t1 < t2) inOrder++;
      }
    }
    expect(pairs).toBeGreaterThan(20);
    expect(inOrder / pairs).toBeGreaterThan(0.9);
  });

  test("models learn the planted structure: item-knn, EASE and transitions beat popularity", async () => {
    const gold = await buildGold(dir("a"), "ml-latest-small");
    const split = leaveLastOut(gold.interactions);
    const nItems = gold.movies.length;
    const candidates = ratedItems(gold.interactions, nItems);
    const data = { nItems, interactions: split.train, movies: gold.movies };
    const score = async (kind: { fit: typeof itemKnn.fit }) =>
      evaluateRanking(await kind.fit(data), split.train, split.validation, candidates)["ndcg@10"];
    const pop = await score(popularity as unknown as { fit: typeof itemKnn.fit });
    const knn = await score(itemKnn);
    const seq = await score(transitions as unknown as { fit: typeof itemKnn.fit });
    const full = await score(ease as unknown as { fit: typeof itemKnn.fit });
    // Tastes (niches of a genre) are what co-occurrence models see; the order of series, what
    // a sequence model sees.
    expect(knn).toBeGreaterThan(pop * 1.3);
    expect(full).toBeGreaterThan(pop * 1.3);
    expect(seq).toBeGreaterThan(pop);
  });
});

test("counts read as people write them, and ratings per user sum to the total", () => {
  expect(parseCount("32M")).toBe(32_000_000);
  expect(parseCount("87k")).toBe(87_000);
  expect(parseCount("1_000_000")).toBe(1_000_000);
  expect(() => parseCount("lots")).toThrow(/not a count/);
  const counts = ratingsPerUser(50_000, 300, 1000, seededRandom(1));
  expect(counts.reduce((s, v) => s + v, 0)).toBe(50_000);
  expect(Math.min(...counts)).toBeGreaterThanOrEqual(20);
  expect(Math.max(...counts)).toBeLessThanOrEqual(250);
});
