import { describe, expect, test } from "vitest";
import { quickRanker } from "../../bot/app.ts";
import { silentLog } from "../../core/log.ts";
import { userCount, userItems } from "../../data/gold.ts";
import { withinCooccurrenceBudget } from "../../models/user-sample.ts";
import { interactionsOf, movie, prng, type UserEvents } from "./fixtures.ts";

/** `users` people, each rating a run of 4–40 of `films` films (two taste groups). */
function people(users: number, films: number, seed = 3): UserEvents[] {
  const random = prng(seed);
  return Array.from({ length: users }, (_, u) => {
    const base = u % 2 === 0 ? 0 : films / 2;
    const n = 4 + Math.floor(random() * 37);
    return { items: Array.from({ length: n }, () => base + Math.floor(random() * (films / 2))) };
  });
}

const pairs = (x: ReturnType<typeof interactionsOf>) => {
  let total = 0;
  for (let u = 0; u < userCount(x); u++) total += (x.offsets[u + 1]! - x.offsets[u]!) ** 2;
  return total;
};

describe("a co-occurrence budget", () => {
  const x = interactionsOf(people(400, 60));

  test("data that fits is returned as it is (ml-latest-small's stand-in is unchanged)", () => {
    expect(withinCooccurrenceBudget(x, { pairs: pairs(x), perUser: 5, seed: 1 })).toBe(x);
  });

  test("above it, a sample of whole users, each with their newest ratings, stays within it", () => {
    const budget = { pairs: pairs(x) / 10, perUser: 12, seed: 1 };
    const s = withinCooccurrenceBudget(x, budget);
    expect(userCount(s)).toBeGreaterThan(20);
    expect(userCount(s)).toBeLessThan(userCount(x));
    expect(pairs(s)).toBeLessThanOrEqual(budget.pairs);
    const row = new Map(Array.from(x.userIds, (id, u) => [id, u]));
    for (let r = 0; r < userCount(s); r++) {
      const full = [...userItems(x, row.get(s.userIds[r]!)!)];
      expect([...userItems(s, r)]).toEqual(full.slice(-12));
      const t = s.timestamps.subarray(s.offsets[r]!, s.offsets[r + 1]!);
      expect([...t]).toEqual([...t].sort((a, b) => a - b));
    }
    expect([...s.userIds]).toEqual([...s.userIds].sort((a, b) => a - b));
  });

  test("the same seed picks the same people; another seed, others", () => {
    const budget = { pairs: pairs(x) / 10, perUser: 12, seed: 1 };
    const a = withinCooccurrenceBudget(x, budget);
    expect([...withinCooccurrenceBudget(x, budget).userIds]).toEqual([...a.userIds]);
    expect([...withinCooccurrenceBudget(x, { ...budget, seed: 2 }).userIds]).not.toEqual([...a.userIds]);
  });
});

describe("the first start's stand-in over a sample", () => {
  test("still recommends within the named taste group", () => {
    const films = 60;
    const x = interactionsOf(people(600, films));
    const movies = Array.from({ length: films }, (_, i) => movie(i + 1, `Film ${i}`, 2000));
    const gold = { movies, interactions: x } as unknown as Parameters<typeof quickRanker>[0];
    const lines: unknown[] = [];
    const log = { ...silentLog, info: (fields: unknown) => lines.push(fields) };
    const model = quickRanker(gold, log, { pairs: pairs(x) / 20, perUser: 10, seed: 5 });
    expect(lines).toContainEqual(expect.objectContaining({ of: 600 }));
    const sampled = (lines[0] as { users: number }).users;
    expect(sampled).toBeLessThan(600);
    const s = model.score({ items: [1, 2, 3] });
    const sum = (from: number, to: number) => s.slice(from, to).reduce((a, b) => a + b, 0);
    const first = sum(0, films / 2);
    const second = sum(films / 2, films);
    expect(first).toBeGreaterThan(5 * second);
  });
});
