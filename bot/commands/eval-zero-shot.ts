import { profileOf } from "../../core/profile/profile.ts";
import { suggest } from "../../core/suggest.ts";
import { shuffled } from "../../models/evaluate/newcomer.ts";
import { chatCasesOf, evaluateZeroShot, type ZeroShotCase } from "../../models/evaluate/zero-shot.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import { seededRandom } from "../../models/random.ts";
import type { Recommender } from "../../models/recommender.ts";
import type { App } from "../app.ts";
import { blendSkipping } from "./train.ts";

export interface OutOfFoldOptions {
  folds: number;
  seed: number;
  skip: readonly string[];
  note?: (line: string) => void;
}

/**
 * Cases in `folds` groups such that cases naming the same films share a fold: ReDial holds
 * several dialogues that start from one like-set, and one of them in the learning folds would
 * tell the blend the answer for the others.
 */
export function groupedFolds(cases: readonly ZeroShotCase[], folds: number, seed: number): ZeroShotCase[][] {
  const keyOf = (c: ZeroShotCase) => [...c.likeIds].sort((a, b) => a - b).join(",");
  const keys = shuffled([...new Set(cases.map(keyOf))].sort(), seededRandom(seed));
  const foldOf = new Map(keys.map((k, i) => [k, i % folds]));
  return Array.from({ length: folds }, (_, f) => cases.filter((c) => foldOf.get(keyOf(c)) === f));
}

/**
 * The chat path's zero-shot figures with nothing learned on the cases it is scored on: per
 * fold, the blend is fitted anew (members, their chat-chosen λ, the chat weights) with the
 * other folds' cases as its chat cases, then ranks the fold's cases through `suggest`.
 */
export async function zeroShotOutOfFold(
  app: Pick<App, "gold" | "catalogue" | "models">,
  cases: readonly ZeroShotCase[],
  options: OutOfFoldOptions,
) {
  const folds = groupedFolds(cases, Math.max(2, options.folds), options.seed);
  let r10 = 0;
  let r50 = 0;
  for (const [f, fold] of folds.entries()) {
    options.note?.(`Zero-shot out of fold ${f + 1}/${folds.length}…`);
    const learnOn = folds.flatMap((other, g) => (g === f ? [] : other));
    const blend = (await MODEL_KINDS.blend!.fit(
      {
        nItems: app.gold.movies.length,
        interactions: app.gold.interactions,
        movies: app.gold.movies,
        chatCases: chatCasesOf(learnOn, (id) => app.catalogue.indexOf(id)),
      },
      options.skip.length > 0 ? blendSkipping(options.skip) : undefined,
    )) as Recommender;
    const models = { popularity: app.models.popularity, ranker: blend };
    const m = evaluateZeroShot(fold, (likeIds, k) =>
      suggest(app.catalogue, models, profileOf(likeIds), { k }).map((c) => c.movieId),
    );
    r10 += m["recall@10"] * fold.length;
    r50 += m["recall@50"] * fold.length;
  }
  return {
    "recall@10": r10 / cases.length,
    "recall@50": r50 / cases.length,
    cases: cases.length,
    folds: folds.length,
    outOfFold: true as const,
  };
}
