import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ChatCase, Recommender } from "../recommender.ts";
import { topK } from "../top-k.ts";
import { mean, recallAt } from "./metrics.ts";

export const ZeroShotCase = z.object({
  id: z.string(),
  likeIds: z.array(z.number().int()),
  targetIds: z.array(z.number().int()),
});
export type ZeroShotCase = z.infer<typeof ZeroShotCase>;

export function readZeroShotCases(path: string): Promise<ZeroShotCase[]> {
  return readJsonLines(path, ZeroShotCase);
}

/** A JSON-lines file of one shape, each line checked; a bad line names its file and line. */
export async function readJsonLines<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export interface ZeroShotMetrics {
  "recall@10": number;
  "recall@50": number;
  cases: number;
}

/**
 * A stranger names a few films; how many of the films a human recommender suggested (and
 * they liked) are in our top 10 / 50? `recommend` returns MovieLens ids, best first, with
 * the liked films already left out.
 */
export function evaluateZeroShot(
  cases: readonly ZeroShotCase[],
  recommend: (likeIds: readonly number[], k: number) => number[],
): ZeroShotMetrics {
  const r10: number[] = [];
  const r50: number[] = [];
  for (const c of cases) {
    const ranked = recommend(c.likeIds, 50);
    r10.push(recallAt(ranked, c.targetIds, 10));
    r50.push(recallAt(ranked, c.targetIds, 50));
  }
  return { "recall@10": mean(r10), "recall@50": mean(r50), cases: cases.length };
}

/** Cases as item indices, for a model to learn from; films outside the catalogue are dropped. */
export function chatCasesOf(
  cases: readonly ZeroShotCase[],
  indexOf: (movieId: number) => number | undefined,
): ChatCase[] {
  const items = (ids: readonly number[]) => ids.map(indexOf).filter((i): i is number => i !== undefined);
  return cases
    .map((c) => ({ likes: items(c.likeIds), targets: items(c.targetIds) }))
    .filter((c) => c.likes.length > 0 && c.targets.length > 0);
}

/** A model ranking alone (liked films left out) on chat cases given as item indices. */
export function chatRecall(model: Recommender, cases: readonly ChatCase[]): ZeroShotMetrics {
  const r10: number[] = [];
  const r50: number[] = [];
  for (const c of cases) {
    const liked = new Set(c.likes);
    const ranked = topK(model.score({ items: c.likes }), 50, (i) => !liked.has(i));
    r10.push(cappedRecallAt(ranked, c.targets, 10));
    r50.push(cappedRecallAt(ranked, c.targets, 50));
  }
  return { "recall@10": mean(r10), "recall@50": mean(r50), cases: cases.length };
}

/**
 * Hits in the first k over min(k, targets): a simulated newcomer with 80 loved films left
 * can find at most 10 of them in a top 10. For cases with fewer than k targets (every
 * ReDial case at k = 50, nearly every one at 10) it is plain Recall@k.
 */
export function cappedRecallAt(ranked: readonly number[], targets: readonly number[], k: number): number {
  if (targets.length === 0) return 0;
  return (recallAt(ranked, targets, k) * targets.length) / Math.min(k, targets.length);
}
