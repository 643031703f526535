import type { Catalogue } from "../../core/catalogue.ts";
import type { Rate } from "../../core/limits/token-bucket.ts";
import type { Log } from "../../core/log.ts";
import type { Matinee } from "../../core/matinee.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import type { RerankOptions } from "../../core/recommend/rerank.ts";
import type { Store } from "../../core/store/store.ts";
import type { TitleMatcher } from "../../core/titles/find-titles.ts";
import type { ModelRegistry } from "../../models/registry/registry.ts";
import type { PipelineCounts } from "./report.ts";

/** The store's platform name for web profiles: `web:<id>`. */
export const WEB_PLATFORM = "web";
/** The largest JSON body the API reads: a taste in words and a few hundred ids fit easily. */
export const MAX_BODY_BYTES = 16 * 1024;
/** The largest export file the web takes: a Letterboxd zip of thousands of films is well under it. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface WebDeps {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  registry: ModelRegistry;
  /** The chat's core, over the same store as the bots: feedback is a chat turn. */
  matinee: Matinee;
  store: Store;
  rerank: RerankOptions;
  pipeline: PipelineCounts;
  /** A saved `matinee eval --json`, shown on How well it works when present. */
  reportFile?: string;
  /** Signs the profile cookie. */
  secret: string;
  log: Log;
  rate?: Rate;
  now?: () => number;
}
