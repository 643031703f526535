import { z } from "zod";
import type { WatchOptions } from "../../core/reply/artwork.ts";

const Provider = z.object({
  provider_name: z.string(),
  display_priority: z.number().optional(),
});

const RegionProviders = z.object({
  flatrate: z.array(Provider).optional(),
  free: z.array(Provider).optional(),
  ads: z.array(Provider).optional(),
  rent: z.array(Provider).optional(),
  buy: z.array(Provider).optional(),
});

/** `GET /movie/{id}?append_to_response=watch/providers`: only the fields Matinee reads. */
export const MovieDetails = z.object({
  id: z.number(),
  poster_path: z.string().nullable().optional(),
  "watch/providers": z.object({ results: z.record(z.string(), RegionProviders) }).optional(),
});
export type MovieDetails = z.infer<typeof MovieDetails>;

/** A poster path TMDB serves under image.tmdb.org ("/abc123.jpg"); anything else is ignored. */
export const POSTER_PATH = /^\/[\w-]+\.(?:jpg|jpeg|png|webp)$/i;

const names = (list: z.infer<typeof Provider>[] | undefined) =>
  [...(list ?? [])]
    .sort((a, b) => (a.display_priority ?? 999) - (b.display_priority ?? 999))
    .map((p) => p.provider_name);

const unique = (list: string[]) => [...new Set(list)];

/** Where to watch in one country; subscription, free and ad-supported services all count as streaming. */
export function watchOptionsOf(details: MovieDetails, region: string): WatchOptions {
  const r = details["watch/providers"]?.results[region];
  return {
    stream: unique([...names(r?.flatrate), ...names(r?.free), ...names(r?.ads)]),
    rent: unique(names(r?.rent)),
    buy: unique(names(r?.buy)),
  };
}

export function posterPathOf(details: MovieDetails): string | null {
  const path = details.poster_path;
  return path && POSTER_PATH.test(path) ? path : null;
}
