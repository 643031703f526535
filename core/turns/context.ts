import type { Catalogue } from "../catalogue.ts";
import type { Speaker } from "../events.ts";
import type { Translator } from "../i18n/i18n.ts";
import type { InputLimits } from "../limits/limits.ts";
import type { ServingModels } from "../recommend/recommend.ts";
import type { RerankOptions } from "../recommend/rerank.ts";
import type { Artwork } from "../reply/artwork.ts";
import type { Store } from "../store/store.ts";
import type { TitleMatcher } from "../titles/find-titles.ts";

/**
 * What every kind of turn works with, made once by `createMatinee`: the catalogue, the
 * title reader, the models, the store, the settings and the clock. Each turn is a module of
 * functions over this context, so a new kind of turn is one new file.
 */
export interface SharedContext {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  store: Store;
  /** Cards per list. */
  pageSize: number;
  /** Diversity (λ) and recency (α) of the reranking; the recommender's defaults when absent. */
  rerank?: RerankOptions;
  /** Posters and where-to-watch from a background-filled cache (TMDB API); absent without a key. */
  artwork?: Artwork;
  /** Country for where-to-watch when a person has set none. */
  defaultRegion?: string;
  /** How long a question ("forget everything?", "did you mean…?") can be answered, in ms. */
  questionTtl: number;
  limits: InputLimits;
  /** How long a movie night's vote stays open unless its asker closes it. */
  voteHours: number;
  now: () => number;
  /** People the catalogue knows by name ("anything with Tom Hanks"), built once. */
  knownPerson: (name: string) => boolean;
}

/** One turn: the shared context, and who is talking (whose state the turn reads and writes). */
export interface TurnContext extends SharedContext {
  /** The speaker's store key (`userKey(platform, userId)`). */
  key: string;
  speaker: Speaker;
  /** Says this turn's messages in the person's language (core/i18n). */
  tr: Translator;
}
