/** A MovieLens release as its files hold it, before any cleaning (the bronze layer, parsed). */
export interface RawMovie {
  movieId: number;
  title: string;
  genres: string;
}

export interface RawRatings {
  length: number;
  userIds: Int32Array;
  movieIds: Int32Array;
  ratings: Float32Array;
  timestamps: Float64Array;
}

export interface RawTag {
  movieId: number;
  tag: string;
}

export interface RawLink {
  movieId: number;
  imdbId?: string;
  tmdbId?: number;
}

export interface RawDataset {
  movies: RawMovie[];
  ratings: RawRatings;
  tags: RawTag[];
  links: RawLink[];
  /** The files read, for fingerprints and checksums. */
  files: string[];
}

/** Told how far a reader is through a file, in bytes (for a progress bar). */
export type ReadProgress = (file: string, read: number, total: number) => void;

/**
 * Collects ratings into typed arrays, growing them as needed (ML-32M has 32 million rows).
 * Given the expected row count (from the file's size) it rarely grows: each growth holds the
 * old and the new arrays at once, the peak memory of a load.
 */
export class RatingsBuilder {
  private n = 0;
  private userIds: Int32Array;
  private movieIds: Int32Array;
  private ratings: Float32Array;
  private timestamps: Float64Array;

  constructor(expected = 1024) {
    const size = Math.max(1024, expected);
    this.userIds = new Int32Array(size);
    this.movieIds = new Int32Array(size);
    this.ratings = new Float32Array(size);
    this.timestamps = new Float64Array(size);
  }

  push(userId: number, movieId: number, rating: number, timestamp: number): void {
    if (this.n === this.userIds.length) this.grow();
    this.userIds[this.n] = userId;
    this.movieIds[this.n] = movieId;
    this.ratings[this.n] = rating;
    this.timestamps[this.n] = timestamp;
    this.n++;
  }

  private grow(): void {
    // A quarter more: the estimate was close, and doubling 32 million rows would waste a lot.
    const size = Math.ceil(this.userIds.length * 1.25);
    const grow = <T extends Int32Array | Float32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.userIds = grow(this.userIds, (n) => new Int32Array(n));
    this.movieIds = grow(this.movieIds, (n) => new Int32Array(n));
    this.ratings = grow(this.ratings, (n) => new Float32Array(n));
    this.timestamps = grow(this.timestamps, (n) => new Float64Array(n));
  }

  /** Views of the rows, not copies: a copy would double the peak for a moment. */
  build(): RawRatings {
    return {
      length: this.n,
      userIds: this.userIds.subarray(0, this.n),
      movieIds: this.movieIds.subarray(0, this.n),
      ratings: this.ratings.subarray(0, this.n),
      timestamps: this.timestamps.subarray(0, this.n),
    };
  }
}
