import type { Movie } from "../core/movie.ts";
import type { RawDataset } from "./raw.ts";
import { parseGenres, parseMovieLensTitle } from "./title.ts";
import type { TmdbTable } from "./tmdb.ts";

const TAGS_PER_MOVIE = 10;

/** Typed, cleaned films: titles un-inverted, genres split, links and TMDB metadata joined. */
export function buildSilverMovies(raw: RawDataset, tmdb?: TmdbTable): Movie[] {
  const links = new Map(raw.links.map((l) => [l.movieId, l]));
  const tagsByMovie = topTags(raw);
  const seen = new Set<number>();
  const movies: Movie[] = [];
  for (const rm of raw.movies) {
    if (!Number.isInteger(rm.movieId) || seen.has(rm.movieId)) continue;
    seen.add(rm.movieId);
    const { title, year, altTitles } = parseMovieLensTitle(rm.title);
    const link = links.get(rm.movieId);
    const meta =
      (link?.tmdbId !== undefined ? tmdb?.byTmdbId.get(link.tmdbId) : undefined) ??
      (link?.imdbId !== undefined ? tmdb?.byImdbId.get(link.imdbId) : undefined);
    const tags = tagsByMovie.get(rm.movieId);
    movies.push({
      movieId: rm.movieId,
      title,
      year,
      altTitles,
      genres: parseGenres(rm.genres),
      ...(link?.imdbId ? { imdbId: link.imdbId } : {}),
      ...(link?.tmdbId !== undefined ? { tmdbId: link.tmdbId } : {}),
      ...(meta?.overview ? { overview: meta.overview } : {}),
      ...(meta?.keywords ? { keywords: meta.keywords } : {}),
      ...(meta?.cast ? { cast: meta.cast } : {}),
      ...(meta?.director ? { director: meta.director } : {}),
      ...(meta?.posterPath ? { posterPath: meta.posterPath } : {}),
      ...(meta?.companies ? { companies: meta.companies } : {}),
      ...(meta?.language ? { language: meta.language } : {}),
      ...(meta?.countries ? { countries: meta.countries } : {}),
      ...(meta?.collection ? { collection: meta.collection } : {}),
      ...(tags ? { tags } : {}),
    });
  }
  return movies;
}

function topTags(raw: RawDataset): Map<number, string[]> {
  const counts = new Map<number, Map<string, number>>();
  for (const { movieId, tag } of raw.tags) {
    const t = tag.toLowerCase();
    const m = counts.get(movieId) ?? new Map<string, number>();
    counts.set(movieId, m);
    m.set(t, (m.get(t) ?? 0) + 1);
  }
  const out = new Map<number, string[]>();
  for (const [movieId, m] of counts) {
    const sorted = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    out.set(
      movieId,
      sorted.slice(0, TAGS_PER_MOVIE).map(([t]) => t),
    );
  }
  return out;
}
