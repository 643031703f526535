import { expect, test } from "vitest";
import { feelingMetrics, mentionMetrics } from "../../core/titles/mention-metrics.ts";

const lines = [
  // Two of three found, one with the wrong feeling.
  {
    gold: [1, 2, 3],
    found: [1, 2, 9],
    goldSentiments: { "1": "like", "2": "dislike", "3": "neutral" },
    foundSentiments: { "1": "like", "2": "like", "9": "like" },
  },
  // A film-free line with a film found: a false alarm, and an extra id against precision.
  { gold: [], found: [5], goldSentiments: {}, foundSentiments: { "5": "like" } },
  { gold: [], found: [], goldSentiments: {}, foundSentiments: {} },
] as const;

test("ids: micro precision, recall and F1 over every line", () => {
  const m = mentionMetrics(lines);
  expect(m).toMatchObject({ gold: 3, found: 4, truePositives: 2, precision: 0.5 });
  expect(m.recall).toBeCloseTo(2 / 3, 12);
});

test("feelings over the found gold films; false alarms over the film-free lines", () => {
  expect(feelingMetrics(lines)).toEqual({
    judged: 2,
    agree: 1,
    accuracy: 0.5,
    filmFreeLines: 2,
    falseAlarms: 1,
  });
});
