import type { Recommender } from "../../models/recommender.ts";
import { topK } from "../../models/top-k.ts";
import type { Catalogue } from "../catalogue.ts";

/** The promoted models the chat path blends, loaded from the registry and passed in. */
export interface ServingModels {
  popularity: Recommender;
  /** The promoted chat model (the blend, once trained): scores, attributions, neighbours. */
  ranker: Recommender;
}

export interface RecommendInput {
  /** Liked and disliked films, oldest first (MovieLens ids). */
  liked: readonly number[];
  disliked: readonly number[];
  /** Films never to return: already liked, disliked, seen or shown. */
  exclude: ReadonlySet<number>;
  k: number;
}

export interface Ranked {
  movieId: number;
  score: number;
  /** Which model put the film here: its reasons come from that model. */
  source: "collaborative" | "popularity";
  /** Liked films that raised the score, largest share first (the model's own attribution). */
  because: { movieId: number; weight: number }[];
}

/** A disliked film pushes its neighbours down by half as much as a liked one lifts them. */
const DISLIKE_WEIGHT = -0.5;
/** Popularity only breaks near-ties between collaborative scores. */
const POPULARITY_TIE_BREAK = 1e-3;

/**
 * The chat path's ranking: collaborative scores folded in from the person's films, ties
 * broken by popularity, and popular films to fill the list when the films they named say
 * too little (or nothing, for a newcomer).
 */
export function recommend(catalogue: Catalogue, models: ServingModels, input: RecommendInput): Ranked[] {
  const toItems = (ids: readonly number[]) =>
    ids.map((id) => catalogue.indexOf(id)).filter((i): i is number => i !== undefined);
  const liked = toItems(input.liked);
  const disliked = toItems(input.disliked);
  const history = {
    items: [...liked, ...disliked],
    weights: [...liked.map(() => 1), ...disliked.map(() => DISLIKE_WEIGHT)],
  };
  const excluded = new Set(toItems([...input.exclude]));
  for (const i of history.items) excluded.add(i);
  const accept = (i: number) => !excluded.has(i);

  const popular = models.popularity.score({ items: [] });
  let maxPopular = 0;
  for (const p of popular) maxPopular = Math.max(maxPopular, p);

  const ranked: Ranked[] = [];
  if (liked.length > 0) {
    const scores = models.ranker.score(history);
    for (let i = 0; i < scores.length; i++) {
      scores[i] =
        scores[i]! > 0 ? scores[i]! + (POPULARITY_TIE_BREAK * popular[i]!) / (maxPopular || 1) : Number.NaN;
    }
    const likedOnly = { items: liked };
    for (const item of topK(scores, input.k, accept)) {
      ranked.push({
        movieId: catalogue.at(item).movieId,
        score: scores[item]!,
        source: "collaborative",
        because: models.ranker
          .explain(likedOnly, item)
          .map((c) => ({ movieId: catalogue.at(c.item).movieId, weight: c.weight })),
      });
      excluded.add(item);
    }
  }
  for (const item of topK(popular, input.k - ranked.length, accept)) {
    ranked.push({
      movieId: catalogue.at(item).movieId,
      score: popular[item]!,
      source: "popularity",
      because: [],
    });
  }
  return ranked;
}
