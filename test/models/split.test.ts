import { describe, expect, test } from "vitest";
import { userCount, userItems } from "../../data/gold.ts";
import { leaveLastOut } from "../../models/evaluate/split.ts";
import { interactionsOf } from "./fixtures.ts";

describe("leaveLastOut", () => {
  const x = interactionsOf([
    { items: [4, 1, 7, 2], timestamps: [10, 20, 30, 40], ratings: [5, 4, 3, 2] },
    { items: [3] },
    { items: [6, 5] },
    { items: [] },
    { items: [0, 8, 9] },
  ]);
  const split = leaveLastOut(x);

  test("test is each user's last item, validation the one before", () => {
    expect([...split.test]).toEqual([2, 3, 5, -1, 9]);
    expect([...split.validation]).toEqual([7, -1, 6, -1, 8]);
  });

  test("a user with a single event has a test item but validation -1", () => {
    expect(split.test[1]).toBe(3);
    expect(split.validation[1]).toBe(-1);
  });

  test("train drops the last two events of every user", () => {
    expect(userCount(split.train)).toBe(5);
    const rows = [0, 1, 2, 3, 4].map((u) => [...userItems(split.train, u)]);
    expect(rows).toEqual([[4, 1], [], [], [], [0]]);
    expect([...split.train.offsets]).toEqual([0, 2, 2, 2, 2, 3]);
  });

  test("trainVal drops only the last event", () => {
    const rows = [0, 1, 2, 3, 4].map((u) => [...userItems(split.trainVal, u)]);
    expect(rows).toEqual([[4, 1, 7], [], [6], [], [0, 8]]);
  });

  test("ratings, timestamps and user ids follow the kept events", () => {
    expect([...split.trainVal.ratings.subarray(0, 3)]).toEqual([5, 4, 3]);
    expect([...split.trainVal.timestamps.subarray(0, 3)]).toEqual([10, 20, 30]);
    expect([...split.train.timestamps.subarray(0, 2)]).toEqual([10, 20]);
    expect([...split.train.userIds]).toEqual([1, 2, 3, 4, 5]);
  });

  test("leaves its input untouched", () => {
    expect([...x.items]).toEqual([4, 1, 7, 2, 3, 6, 5, 0, 8, 9]);
  });
});
