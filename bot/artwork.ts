import { join } from "node:path";
import type { Catalogue } from "../core/catalogue.ts";
import type { Log } from "../core/log.ts";
import { TmdbArtwork } from "../data/tmdb-api/artwork.ts";
import { ArtworkCache } from "../data/tmdb-api/cache.ts";
import { TmdbClient } from "../data/tmdb-api/client.ts";
import type { Config } from "./config.ts";

/** The artwork cache file under the cache folder. */
export function artworkCacheFile(config: Config): string {
  return join(config.cacheDir, "tmdb", "artwork.json");
}

/**
 * Posters beyond the metadata files and where-to-watch, from the TMDB API: what every front
 * end passes to `createMatinee` as `artwork` (with `defaultRegion: config.region`).
 * Undefined without TMDB_API_KEY: the feature is then simply absent (metadata posters still
 * show, from the catalogue).
 */
export function createArtwork(config: Config, catalogue: Catalogue, log: Log): TmdbArtwork | undefined {
  if (!config.tmdbApiKey) return undefined;
  const client = new TmdbClient({ apiKey: config.tmdbApiKey, baseUrl: config.tmdbApiBase, log });
  const cache = new ArtworkCache(artworkCacheFile(config), undefined, Date.now, log);
  log.info({ cache: cache.file, ...cache.size, region: config.region ?? null }, "TMDB artwork on");
  return new TmdbArtwork({ client, cache, movie: (id) => catalogue.byId(id), log });
}
