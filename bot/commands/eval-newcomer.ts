import { profileOf } from "../../core/profile/profile.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import { suggest } from "../../core/suggest.ts";
import { blendMembers } from "../../models/blend/blend.ts";
import {
  emptyTally,
  type NewcomerCase,
  type NewcomerScore,
  type NewcomerTally,
  newcomerCases,
  newcomerFolds,
  summarize,
  tallyCases,
  usersOnly,
} from "../../models/evaluate/newcomer.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import type { ChatCase, Recommender, TrainingData } from "../../models/recommender.ts";
import type { ScaleLimits } from "../../models/scale.ts";
import type { App } from "../app.ts";
import { blendSkipping } from "./train.ts";

/** How many films the newcomers name in the report (the protocol's n). */
export const NEWCOMER_NAMED = [1, 3, 5] as const;
/** EASE's λ for the `ease` baseline is the best of these on the fold's validation users. */
const EASE_LAMBDAS = [100, 300, 1000, 3000, 10_000];
/** The simple rankers every newcomer report puts beside the chat path. */
const BASELINES = ["popularity", "genre-pop", "item-knn"] as const;

export interface NewcomerOptions {
  folds: number;
  seed: number;
  /** Models left out of the blend (e.g. sasrec: five fits of it take a quarter of an hour). */
  skip: readonly string[];
  /** Real chat cases the blend's chat weights also learn from (never a newcomer test user). */
  chatCases?: readonly ChatCase[];
  /** Where training switches to its recipe for large data (tests set it low; models/scale.ts). */
  scale?: Partial<ScaleLimits>;
  note?: (line: string) => void;
}

export interface NewcomerReport {
  users: number;
  folds: number;
  n1: Record<string, NewcomerScore>;
  n3: Record<string, NewcomerScore>;
  n5: Record<string, NewcomerScore>;
}

type Answer = (c: NewcomerCase) => { list: readonly number[] } | { scores: Float32Array };

const byScores =
  (model: Recommender): Answer =>
  (c) => ({ scores: model.score({ items: c.named }) });

/** `ease` with λ chosen on the fold's validation users (three films named), refit on all its users. */
function easeOnValidation(
  data: TrainingData,
  x: TrainingData["interactions"],
  train: number[],
  validation: number[],
) {
  const inner = { ...data, interactions: usersOnly(x, train) };
  const cases = newcomerCases(x, validation, 3, 1);
  let best = { lambda: EASE_LAMBDAS[0]!, value: Number.NEGATIVE_INFINITY };
  for (const lambda of EASE_LAMBDAS) {
    const model = MODEL_KINDS.ease!.fit(inner, { lambda }) as Recommender;
    const value = summarize(tallyCases(emptyTally(), cases, byScores(model)))["ndcg@10"];
    if (value > best.value) best = { lambda, value };
  }
  return MODEL_KINDS.ease!.fit(data, { lambda: best.lambda }) as Recommender;
}

/**
 * The newcomer protocol (ARCHITECTURE.md) over the app's data: per fold, every model fits on
 * the other folds' users only; each test user names n of their loved films and the chat path
 * (`suggest`: the fold's blend, filters, diversity and recency) and the simple rankers rank
 * every other film. Averages pool all folds' users.
 */
export async function newcomerReport(
  app: Pick<App, "gold" | "catalogue">,
  options: NewcomerOptions,
): Promise<NewcomerReport> {
  const x = app.gold.interactions;
  const folds = newcomerFolds(x, options.folds, options.seed);
  const tallies = new Map<string, NewcomerTally>();
  const add = (n: number, name: string, cases: readonly NewcomerCase[], answer: Answer) => {
    const key = `n${n}:${name}`;
    tallies.set(key, tallyCases(tallies.get(key) ?? emptyTally(), cases, answer));
  };
  const toIds = (items: readonly number[]) => items.map((i) => app.catalogue.at(i).movieId);
  let users = 0;
  for (const [f, fold] of folds.entries()) {
    options.note?.(`Newcomer fold ${f + 1}/${folds.length}…`);
    users += fold.test.length;
    const data: TrainingData = {
      nItems: app.gold.movies.length,
      interactions: usersOnly(
        x,
        [...fold.train, ...fold.validation].sort((a, b) => a - b),
      ),
      movies: app.gold.movies,
      ...(options.chatCases ? { chatCases: options.chatCases } : {}),
      ...(options.scale ? { scale: options.scale } : {}),
    };
    const rankers = new Map<string, Recommender>();
    for (const name of BASELINES) rankers.set(name, (await MODEL_KINDS[name]!.fit(data)) as Recommender);
    rankers.set("ease", easeOnValidation(data, x, fold.train, fold.validation));
    const blend = (await MODEL_KINDS.blend!.fit(
      data,
      options.skip.length > 0 ? blendSkipping(options.skip) : undefined,
    )) as Recommender;
    for (const [name, member] of blendMembers(blend) ?? []) if (!rankers.has(name)) rankers.set(name, member);
    const models: ServingModels = { popularity: rankers.get("popularity")!, ranker: blend };
    for (const n of NEWCOMER_NAMED) {
      const cases = newcomerCases(x, fold.test, n, options.seed);
      for (const [name, model] of rankers) add(n, name, cases, byScores(model));
      add(n, "blend", cases, (c) => ({
        list: suggest(app.catalogue, models, profileOf(toIds(c.named)), { k: 10 }).map(
          (card) => app.catalogue.indexOf(card.movieId)!,
        ),
      }));
    }
  }
  const scores = (n: number) => {
    const out: Record<string, NewcomerScore> = {};
    for (const [key, tally] of tallies)
      if (key.startsWith(`n${n}:`)) out[key.slice(`n${n}:`.length)] = summarize(tally);
    return out;
  };
  return { users, folds: folds.length, n1: scores(1), n3: scores(3), n5: scores(5) };
}
