import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp-dir.ts";

/** A small report in the shape `matinee eval --json` prints, written to a temp file. */
export function writeEvalReport(): string {
  const llo = (hr: number) => ({
    "hr@10": hr,
    "ndcg@10": hr / 2,
    "recall@20": hr * 1.6,
    "coverage@10": 0.1,
    trainSeconds: 2,
  });
  const newcomer = (r: number) => ({
    popularity: { "recall@10": r / 2, "ndcg@10": r / 3, se: 0.004 },
    blend: { "recall@10": r, "ndcg@10": r / 1.5, se: 0.005 },
  });
  const report = {
    protocol: "leave-last-out",
    dataset: "ml-latest-small",
    users: 610,
    items: 9724,
    models: { popularity: llo(0.041), ease: llo(0.085), "ease-recency": llo(0.121), blend: llo(0.128) },
    zeroShot: {
      popularity: { "recall@10": 0.031, "recall@50": 0.094 },
      blend: { "recall@10": 0.072, "recall@50": 0.19, outOfFold: true },
    },
    personas: { popularity: 0.12, blend: 0.41, outOfFold: true },
    newcomer: { users: 610, folds: 5, n1: newcomer(0.08), n3: newcomer(0.1), n5: newcomer(0.12) },
    byHistory: { popularity: [0.05, 0.04, 0.03, 0.02, 0.01], blend: [0.16, 0.14, 0.12, 0.1, 0.08] },
    usersByHistory: [300, 120, 90, 70, 30],
    historyBuckets: ["< 50", "50–99", "100–199", "200–499", "≥ 500"],
  };
  const file = join(tempDir("matinee-eval-"), "eval-report.json");
  writeFileSync(file, JSON.stringify(report));
  return file;
}
