import { expect, test } from "vitest";
import { HISTORY_BUCKETS, plotReport } from "../../models/evaluate/plot.ts";

test("the chart has a bar per model and metric, and a line per model over the history groups", () => {
  const row = { "hr@10": 0.12, "ndcg@10": 0.06, "recall@20": 0.2, "coverage@10": 0.1, trainSeconds: 1 };
  const svg = plotReport({
    dataset: "ml-latest-small",
    users: 610,
    items: 9724,
    models: { popularity: { ...row, "hr@10": 0.041 }, "a<b": row, blend: { ...row, "hr@10": 0.149 } },
    byHistory: {
      popularity: [0.1, 0.05, 0, 0, 0],
      "a<b": [0.2, 0.1, 0.1, 0, 0],
      blend: [0.3, 0.2, 0.1, 0.1, 0.05],
    },
    usersByHistory: [300, 100, 100, 80, 30],
  });
  expect(svg.startsWith("<svg")).toBe(true);
  expect(svg.trim().endsWith("</svg>")).toBe(true);
  expect(svg.match(/<title>[^<]*(hr@10|ndcg@10)/g)).toHaveLength(6);
  expect(svg.match(/<polyline /g)).toHaveLength(3);
  expect(svg).toContain("0.149");
  expect(svg).toContain("a&lt;b"); // names are escaped
  for (const b of HISTORY_BUCKETS) expect(svg).toContain(b.label.replace("<", "&lt;"));
  // Every opened element is closed.
  const opened = svg.match(/<(rect|text|polyline|line|circle|title)\b/g)?.length ?? 0;
  const closed =
    (svg.match(/<\/(rect|text|polyline|line|circle|title)>/g)?.length ?? 0) +
    (svg.match(/\/>/g)?.length ?? 0);
  expect(closed).toBe(opened);
});
