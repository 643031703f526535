import type { Movie } from "./movie.ts";

/**
 * The films Matinee knows, in a fixed order. Models address films by their index in
 * this order ("item index"); people and the outside world use MovieLens ids.
 */
export class Catalogue {
  readonly movies: readonly Movie[];
  /** How many ratings each film has in the training data: the popularity prior. */
  readonly ratingCounts: Float32Array;
  private readonly indexById: Map<number, number>;

  constructor(movies: readonly Movie[], ratingCounts: Float32Array) {
    if (ratingCounts.length !== movies.length) {
      throw new Error(`ratingCounts has ${ratingCounts.length} entries for ${movies.length} movies`);
    }
    this.movies = movies;
    this.ratingCounts = ratingCounts;
    this.indexById = new Map(movies.map((m, i) => [m.movieId, i]));
  }

  private newest: number | undefined;

  /** The latest release year in the catalogue: what "new" means for this data. */
  get newestYear(): number {
    if (this.newest === undefined) {
      this.newest = 0;
      for (const m of this.movies) if (m.year !== null && m.year > this.newest) this.newest = m.year;
    }
    return this.newest;
  }

  get size(): number {
    return this.movies.length;
  }

  indexOf(movieId: number): number | undefined {
    return this.indexById.get(movieId);
  }

  byId(movieId: number): Movie | undefined {
    const i = this.indexById.get(movieId);
    return i === undefined ? undefined : this.movies[i];
  }

  at(index: number): Movie {
    const movie = this.movies[index];
    if (!movie) throw new RangeError(`no movie at index ${index}`);
    return movie;
  }

  popularity(movieId: number): number {
    const i = this.indexById.get(movieId);
    return i === undefined ? 0 : (this.ratingCounts[i] ?? 0);
  }
}
