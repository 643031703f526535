import type { Movie } from "../movie.ts";

export interface Link {
  label: string;
  url: string;
}

/** One recommended film, ready for any front end to draw. */
export interface Card {
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
  reasons: string[];
  score: number;
  posterUrl?: string;
  links: Link[];
}

/** What the bot says back: text, then cards. Platform-neutral; adapters render it. */
export interface Reply {
  text: string;
  cards?: Card[];
}

const POSTER_BASE = "https://image.tmdb.org/t/p/w342";

export function posterUrl(movie: Movie): string | undefined {
  return movie.posterPath ? `${POSTER_BASE}${movie.posterPath}` : undefined;
}

export function movieLinks(movie: Movie): Link[] {
  return [
    ...(movie.imdbId ? [{ label: "IMDb", url: `https://www.imdb.com/title/${movie.imdbId}/` }] : []),
    ...(movie.tmdbId !== undefined
      ? [{ label: "TMDB", url: `https://www.themoviedb.org/movie/${movie.tmdbId}` }]
      : []),
    { label: "MovieLens", url: `https://movielens.org/movies/${movie.movieId}` },
  ];
}

export function card(movie: Movie, score: number, reasons: string[]): Card {
  const poster = posterUrl(movie);
  return {
    movieId: movie.movieId,
    title: movie.title,
    year: movie.year,
    genres: movie.genres,
    reasons,
    score,
    ...(poster ? { posterUrl: poster } : {}),
    links: movieLinks(movie),
  };
}
