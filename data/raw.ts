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

/** Collects ratings into typed arrays, growing them as needed (ML-32M has 32 million rows). */
export class RatingsBuilder {
  private n = 0;
  private userIds = new Int32Array(1024);
  private movieIds = new Int32Array(1024);
  private ratings = new Float32Array(1024);
  private timestamps = new Float64Array(1024);

  push(userId: number, movieId: number, rating: number, timestamp: number): void {
    if (this.n === this.userIds.length) this.grow();
    this.userIds[this.n] = userId;
    this.movieIds[this.n] = movieId;
    this.ratings[this.n] = rating;
    this.timestamps[this.n] = timestamp;
    this.n++;
  }

  private grow(): void {
    const size = this.userIds.length * 2;
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

  build(): RawRatings {
    return {
      length: this.n,
      userIds: this.userIds.slice(0, this.n),
      movieIds: this.movieIds.slice(0, this.n),
      ratings: this.ratings.slice(0, this.n),
      timestamps: this.timestamps.slice(0, this.n),
    };
  }
}
