import type { Movie } from "../../core/movie.ts";
import type { Interactions } from "../../data/gold.ts";
import { seededRandom } from "../../models/random.ts";

/** One user's events, oldest first: item indices and (optionally) timestamps in seconds. */
export interface UserEvents {
  items: number[];
  timestamps?: number[];
  ratings?: number[];
}

/** Builds row-compressed Interactions from per-user event lists (user ids 1, 2, 3 …). */
export function interactionsOf(users: readonly UserEvents[]): Interactions {
  const offsets = [0];
  const items: number[] = [];
  const ratings: number[] = [];
  const timestamps: number[] = [];
  users.forEach((u, row) => {
    u.items.forEach((item, k) => {
      items.push(item);
      ratings.push(u.ratings?.[k] ?? 4);
      timestamps.push(u.timestamps?.[k] ?? 1_000_000 + row * 1000 + k);
    });
    offsets.push(items.length);
  });
  return {
    userIds: Int32Array.from(users.map((_, row) => row + 1)),
    offsets: Int32Array.from(offsets),
    items: Int32Array.from(items),
    ratings: Float32Array.from(ratings),
    timestamps: Float64Array.from(timestamps),
  };
}

/** The project's seeded PRNG, so "random" test data is the same on every run. */
export const prng = seededRandom;

export function movie(
  movieId: number,
  title: string,
  year: number | null,
  genres: string[] = [],
  altTitles: string[] = [],
): Movie {
  return { movieId, title, year, altTitles, genres };
}
