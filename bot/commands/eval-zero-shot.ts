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
 * The chat path's figures with nothing learned on what it is scored on. The served blend
 * learns its chat weights on the ReDial dev cases and the dev personas, so per fold the blend
 * is fitted anew (members, their chat-chosen λ, the chat weights) on the other folds of both,
 * then ranks the fold's dialogues and personas through `suggest`. One refit per fold scores
 * both sets: each refit is a whole blend fit.
 */
export async function chatOutOfFold(
  app: EvalApp,
  sets: { cases?: readonly ZeroShotCase[]; personas?: readonly Persona[] },
  options: OutOfFoldOptions,
) {
  const cases = sets.cases ?? [];
  const personas = sets.personas ?? [];
  const n = Math.max(2, options.folds);
  // Dialogues that start from one like-set share a fold (see `groupedFolds`).
  const caseFolds = groupedFolds(cases, n, options.seed);
  const order = shuffled(personas, seededRandom(options.seed));
  const personaFolds = Array.from({ length: n }, (_, f) => order.filter((_, k) => k % n === f));
  const indexOf = (id: number) => app.catalogue.indexOf(id);
  let r10 = 0;
  let r50 = 0;
  let hits = 0;
  for (let f = 0; f < n; f++) {
    options.note?.(`Chat path out of fold ${f + 1}/${n}…`);
    const others = <T>(folds: T[][]) => folds.flatMap((fold, g) => (g === f ? [] : fold));
    const models = await refitted(
      app,
      [...chatCasesOf(others(caseFolds), indexOf), ...personaChatCases(others(personaFolds), indexOf)],
      options.skip,
    );
    const list = chatList(app, models);
    if (caseFolds[f]!.length > 0) {
      const m = evaluateZeroShot(caseFolds[f]!, list);
      r10 += m["recall@10"] * caseFolds[f]!.length;
      r50 += m["recall@50"] * caseFolds[f]!.length;
    }
    if (personaFolds[f]!.length > 0)
      hits += personaPrecision(personaFolds[f]!, list) * personaFolds[f]!.length;
  }
  return {
    zeroShot:
      cases.length > 0
        ? {
            "recall@10": r10 / cases.length,
            "recall@50": r50 / cases.length,
            cases: cases.length,
            folds: n,
            outOfFold: true as const,
          }
        : undefined,
    personas: personas.length > 0 ? hits / personas.length : undefined,
  };
}
