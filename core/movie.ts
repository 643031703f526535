/** One film in the catalogue, as the silver stage cleans it. */
export interface Movie {
  movieId: number;
  /** Display title with its leading article restored: "The Godfather". */
  title: string;
  year: number | null;
  /** Other names the film goes by: a.k.a. titles, original-language titles. */
  altTitles: string[];
  genres: string[];
  imdbId?: string;
  tmdbId?: number;
  overview?: string;
  keywords?: string[];
  cast?: string[];
  director?: string;
  posterPath?: string;
  /** TMDB: production companies, original language (ISO 639-1), countries (ISO 3166-1), series. */
  companies?: string[];
  language?: string;
  countries?: string[];
  collection?: string;
  /** Most used MovieLens user tags, lower-cased, most frequent first. */
  tags?: string[];
}

export function displayName(movie: Pick<Movie, "title" | "year">): string {
  return movie.year === null ? movie.title : `${movie.title} (${movie.year})`;
}

/** 1995 → "1990s". */
export function decadeOf(year: number | null): string | undefined {
  return year === null ? undefined : `${Math.floor(year / 10) * 10}s`;
}

/** MovieLens's genre vocabulary (its README), in its order; "(no genres listed)" is not a genre. */
export const MOVIELENS_GENRES = [
  "Action",
  "Adventure",
  "Animation",
  "Children",
  "Comedy",
  "Crime",
  "Documentary",
  "Drama",
  "Fantasy",
  "Film-Noir",
  "Horror",
  "IMAX",
  "Musical",
  "Mystery",
  "Romance",
  "Sci-Fi",
  "Thriller",
  "War",
  "Western",
] as const;
