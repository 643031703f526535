import type { Catalogue } from "./catalogue.ts";
import { reasonsFor, summarizeTaste } from "./explain/explain.ts";
import { knownMovieIds, type Profile } from "./profile/profile.ts";
import { recommend, type ServingModels } from "./recommend/recommend.ts";
import type { RerankOptions } from "./recommend/rerank.ts";
import { type Card, card } from "./reply/reply.ts";
import type { ListFilter } from "./store/store.ts";

export interface SuggestOptions {
  k: number;
  /** More films to leave out, beyond those the profile already knows (e.g. already shown). */
  exclude?: Iterable<number>;
  /** What this list is narrowed to ("more 80s stuff", `/recommend crime`). */
  filter?: ListFilter;
  rerank?: RerankOptions;
}

/**
 * A profile in, explained cards out: the one path from taste to recommendations that the
 * chat, `matinee recommend` (single and batch) and the evaluation all use.
 */
export function suggest(
  catalogue: Catalogue,
  models: ServingModels,
  profile: Profile,
  options: SuggestOptions,
): Card[] {
  const liked = profile.liked.map((e) => e.movieId);
  const exclude = knownMovieIds(profile);
  for (const id of options.exclude ?? []) exclude.add(id);
  const ranked = recommend(catalogue, models, {
    liked,
    disliked: profile.disliked.map((e) => e.movieId),
    exclude,
    k: options.k,
    prefs: profile.prefs ?? [],
    ...(options.filter ? { filter: options.filter } : {}),
    ...(options.rerank ? { rerank: options.rerank } : {}),
  });
  const taste = summarizeTaste(catalogue, liked);
  return ranked.map((r) => card(catalogue.byId(r.movieId)!, r.score, reasonsFor(catalogue, r, taste)));
}
