import { profileOf } from "../../core/profile/profile.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import { suggest } from "../../core/suggest.ts";
import { shuffled } from "../../models/evaluate/newcomer.ts";
import { type Persona, personaChatCases, personaPrecision } from "../../models/evaluate/personas.ts";
import { chatCasesOf, evaluateZeroShot, type ZeroShotCase } from "../../models/evaluate/zero-shot.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import { seededRandom } from "../../models/random.ts";
import type { ChatCase, Recommender } from "../../models/recommender.ts";
import type { App } from "../app.ts";
import { blendSkipping } from "./train.ts";

export interface OutOfFoldOptions {
  folds: number;
  seed: number;
  skip: readonly string[];
  /** Chat cases of other sources that every fold's blend learns from too, as the served one does. */
  alsoLearnFrom?: readonly ChatCase[];
  note?: (line: string) => void;
}

type EvalApp = Pick<App, "gold" | "catalogue" | "models">;

/** The blend fitted anew on all ratings with these chat cases, served like the promoted one. */
async function refitted(
  app: EvalApp,
  chatCases: ChatCase[],
  skip: readonly string[],
): Promise<ServingModels> {
  const blend = (await MODEL_KINDS.blend!.fit(
    {
      nItems: app.gold.movies.length,
      interactions: app.gold.interactions,
      movies: app.gold.movies,
      chatCases,
    },
    skip.length > 0 ? blendSkipping(skip) : undefined,
  )) as Recommender;
  return { popularity: app.models.popularity, ranker: blend };
}

const chatList = (app: EvalApp, models: ServingModels) => (likeIds: readonly number[], k: number) =>
  suggest(app.catalogue, models, profileOf(likeIds), { k }).map((c) => c.movieId);

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
  app: EvalApp,
  cases: readonly ZeroShotCase[],
  options: OutOfFoldOptions,
) {
  const folds = groupedFolds(cases, Math.max(2, options.folds), options.seed);
  let r10 = 0;
  let r50 = 0;
  for (const [f, fold] of folds.entries()) {
    options.note?.(`Zero-shot out of fold ${f + 1}/${folds.length}…`);
    const learnOn = folds.flatMap((other, g) => (g === f ? [] : other));
    const models = await refitted(
      app,
      [...chatCasesOf(learnOn, (id) => app.catalogue.indexOf(id)), ...(options.alsoLearnFrom ?? [])],
      options.skip,
    );
    const m = evaluateZeroShot(fold, chatList(app, models));
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

/**
 * The chat path's persona score with no persona it is scored on learned from: the served
 * blend learns its chat weights on the dev personas too, so per fold of personas the blend is
 * fitted anew without them (the other folds' personas and `alsoLearnFrom` still count).
 */
export async function personasOutOfFold(
  app: EvalApp,
  personas: readonly Persona[],
  options: OutOfFoldOptions,
) {
  const order = shuffled(personas, seededRandom(options.seed));
  const n = Math.min(Math.max(2, options.folds), personas.length);
  const folds = Array.from({ length: n }, (_, f) => order.filter((_, k) => k % n === f));
  let hits = 0;
  for (const [f, fold] of folds.entries()) {
    options.note?.(`Personas out of fold ${f + 1}/${folds.length}…`);
    const learnOn = folds.flatMap((other, g) => (g === f ? [] : other));
    const models = await refitted(
      app,
      [...personaChatCases(learnOn, (id) => app.catalogue.indexOf(id)), ...(options.alsoLearnFrom ?? [])],
      options.skip,
    );
    hits += personaPrecision(fold, chatList(app, models)) * fold.length;
  }
  return hits / personas.length;
}
