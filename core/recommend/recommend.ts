import type { History, Recommender } from "../../models/recommender.ts";
import { topK } from "../../models/top-k.ts";
import type { Catalogue } from "../catalogue.ts";
import type { Preference } from "../profile/profile.ts";
import type { ListFilter } from "../store/store.ts";
import { fitsDislikes, fitsFilter, wantedIn } from "./filters.ts";
import { type Candidate, DEFAULT_RERANK, type RerankOptions, rerank } from "./rerank.ts";

/** The promoted models the chat path uses, loaded from the registry and passed in. */
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
  /** What this list is narrowed to ("more 80s stuff"). */
  filter?: ListFilter;
  /** Genre, decade and person preferences: unwanted ones are never shown, wanted ones lift a film. */
  prefs?: readonly Preference[];
  rerank?: RerankOptions;
}

export interface Ranked {
  movieId: number;
  score: number;
  /** Which model put the film here: its reasons come from that model. */
  source: "model" | "popularity";
  /** Liked films that raised the score, largest share first (the model's own attribution). */
  because: { movieId: number; weight: number }[];
  /** What the recency bonus added to the score. */
  recency: number;
  /** The person's wanted genres, decades and people this film has. */
  wanted: Preference[];
}

/** A disliked film pushes its neighbours down by half as much as a liked one lifts them. */
const DISLIKE_WEIGHT = -0.5;
/** How many model candidates per requested film go to the reranker. */
const POOL_PER_PICK = 5;
const MIN_POOL = 50;
/** A wanted genre, decade or person lifts a film by this much of the relevance range. */
const WANTED_BONUS = 0.05;

/** What the model scores for a person: liked films at full weight, disliked ones negatively. */
export function rankingHistory(liked: readonly number[], disliked: readonly number[]): History {
  return {
    items: [...liked, ...disliked],
    weights: [...liked.map(() => 1), ...disliked.map(() => DISLIKE_WEIGHT)],
  };
}

/**
 * The chat path's ranking: the promoted model's scores folded in from the person's films,
 * filtered (already known, unwanted, outside the asked-for list), reranked for genre
 * diversity and recency, then popular films to fill the list when the films named say
 * too little (or nothing, for a newcomer).
 */
export function recommend(catalogue: Catalogue, models: ServingModels, input: RecommendInput): Ranked[] {
  const toItems = (ids: readonly number[]) =>
    ids.map((id) => catalogue.indexOf(id)).filter((i): i is number => i !== undefined);
  const liked = toItems(input.liked);
  const disliked = toItems(input.disliked);
  const prefs = input.prefs ?? [];
  const options = input.rerank ?? DEFAULT_RERANK;
  const newest = catalogue.newestYear;

  const excluded = new Set(toItems([...input.exclude]));
  for (const i of [...liked, ...disliked]) excluded.add(i);
  const accept = (i: number) => {
    if (excluded.has(i)) return false;
    const m = catalogue.at(i);
    return fitsFilter(m, input.filter) && fitsDislikes(m, prefs);
  };
  const candidate = (i: number, relevance: number): Candidate => ({
    movie: catalogue.at(i),
    relevance,
    bonus: WANTED_BONUS * wantedIn(catalogue.at(i), prefs).length,
  });
  const ranked: Ranked[] = [];
  const likedSet = new Set(liked);
  /**
   * `history` is the very object the scores came from: the reasons are shares of that score,
   * and a model can reuse its scoring work across the cards' explanations. A disliked film, counted
   * negatively, can still add to a film unlike it, but "because you liked" only ever names a
   * liked one.
   */
  const take = (picks: ReturnType<typeof rerank>, source: Ranked["source"], history?: History) => {
    for (const p of picks) {
      const item = catalogue.indexOf(p.movie.movieId)!;
      ranked.push({
        movieId: p.movie.movieId,
        score: p.score,
        source,
        because: history
          ? models.ranker
              .explain(history, item)
              .filter((c) => c.weight > 0 && likedSet.has(c.item))
              .map((c) => ({ movieId: catalogue.at(c.item).movieId, weight: c.weight }))
          : [],
        recency: p.recency,
        wanted: wantedIn(p.movie, prefs),
      });
      excluded.add(item);
    }
  };

  if (liked.length > 0) {
    const history = rankingHistory(liked, disliked);
    const scores = models.ranker.score(history);
    // Only films the model has evidence for; the rest is popularity's job below.
    const pool = topK(
      scores,
      Math.max(MIN_POOL, POOL_PER_PICK * input.k),
      (i) => accept(i) && scores[i]! > 0,
    );
    take(
      rerank(
        pool.map((i) => candidate(i, scores[i]!)),
        input.k,
        newest,
        options,
      ),
      "model",
      history,
    );
  }
  const missing = input.k - ranked.length;
  if (missing > 0) {
    const popular = models.popularity.score({ items: [] });
    const pool = topK(popular, Math.max(MIN_POOL, POOL_PER_PICK * missing), accept);
    take(
      rerank(
        pool.map((i) => candidate(i, popular[i]!)),
        missing,
        newest,
        options,
      ),
      "popularity",
    );
  }
  return ranked;
}
