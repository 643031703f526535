import { decadeOf, type Movie } from "../core/movie.ts";
import type { RawRatings } from "./raw.ts";

/**
 * Every user's ratings in time order, stored row-compressed: user u's events are
 * positions offsets[u] .. offsets[u+1]-1, sorted by timestamp; ratings of the same second
 * in the order of `tieOrder(user, movie)`.
 */
export interface Interactions {
  /** MovieLens user id of each row. */
  userIds: Int32Array;
  offsets: Int32Array;
  /** Item index (position in the catalogue), not MovieLens id. */
  items: Int32Array;
  ratings: Float32Array;
  timestamps: Float64Array;
}

export interface Popularity {
  /** Ratings per item over all time. */
  count: Float32Array;
  /** Ratings per item in the last year of the data (what is popular lately). */
  recent: Float32Array;
}

export interface Gold {
  dataset: string;
  /** sha256 over the source files: ties models in the registry to the data they learned from. */
  dataHash: string;
  movies: Movie[];
  interactions: Interactions;
  popularity: Popularity;
  /** Sparse descriptive tokens per item ("genre:crime", "decade:1990s", "tag:heist"), for content models. */
  itemFeatures: string[][];
  stats: { users: number; items: number; ratings: number; skippedRatings: number };
}

/** Gold without its ratings: what serving keeps once the models are trained. */
export type GoldCatalogue = Omit<Gold, "interactions">;

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The order of ratings that share a second: a seeded hash of (user, movie). Ordering them by
 * movieId leaked an order the sequence models learned (94 of 610 users rated their test and
 * validation films in one second, and "the next movieIds above the last film" read HR@10
 * 0.053 on them with no learning at all); a hash is fixed, so every run splits alike.
 */
export function tieOrder(userId: number, movieId: number, seed = 0x9e3779b9): number {
  let h = Math.imul(userId ^ seed, 0x85ebca6b) ^ Math.imul(movieId + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The kept rows (itemOf ≥ 0) ordered by user, then time, then the tie hash, then movieId. A
 * counting sort by user and a small sort per user: one comparator sort over ML-32M's 32
 * million rows (as a JS array) took minutes and gigabytes.
 */
function byUserThenTime(ratings: RawRatings, itemOf: Int32Array): Int32Array {
  const { userIds: u, timestamps: t, movieIds: m } = ratings;
  const distinct = new Map<number, number>();
  for (let r = 0; r < ratings.length; r++) if (itemOf[r]! >= 0) distinct.set(u[r]!, 0);
  const ids = Float64Array.from(distinct.keys()).sort();
  for (const [k, id] of ids.entries()) distinct.set(id, k);
  const starts = new Int32Array(ids.length + 1);
  for (let r = 0; r < ratings.length; r++) if (itemOf[r]! >= 0) starts[distinct.get(u[r]!)! + 1]!++;
  for (let k = 0; k < ids.length; k++) starts[k + 1]! += starts[k]!;
  const order = new Int32Array(starts[ids.length]!);
  const next = starts.slice(0, ids.length);
  for (let r = 0; r < ratings.length; r++) if (itemOf[r]! >= 0) order[next[distinct.get(u[r]!)!]!++] = r;
  const tie = new Uint32Array(ratings.length);
  for (const r of order) tie[r] = tieOrder(u[r]!, m[r]!);
  for (let k = 0; k < ids.length; k++)
    order
      .subarray(starts[k]!, starts[k + 1]!)
      .sort((a, b) => t[a]! - t[b]! || tie[a]! - tie[b]! || m[a]! - m[b]!);
  return order;
}

export function buildInteractions(
  ratings: RawRatings,
  indexOf: (movieId: number) => number | undefined,
): { interactions: Interactions; skipped: number } {
  const itemOf = new Int32Array(ratings.length).fill(-1);
  let skipped = 0;
  for (let r = 0; r < ratings.length; r++) {
    const item = indexOf(ratings.movieIds[r]!);
    if (item === undefined || !Number.isFinite(ratings.timestamps[r]!)) {
      skipped++;
      continue;
    }
    itemOf[r] = item;
  }
  const { userIds: u, timestamps: t } = ratings;
  const order = byUserThenTime(ratings, itemOf);

  const n = order.length;
  const items = new Int32Array(n);
  const rs = new Float32Array(n);
  const ts = new Float64Array(n);
  const users: number[] = [];
  const offsets: number[] = [];
  for (let k = 0; k < n; k++) {
    const r = order[k]!;
    if (k === 0 || u[r] !== u[order[k - 1]!]) {
      users.push(u[r]!);
      offsets.push(k);
    }
    items[k] = itemOf[r]!;
    rs[k] = ratings.ratings[r]!;
    ts[k] = t[r]!;
  }
  offsets.push(n);
  return {
    interactions: {
      userIds: Int32Array.from(users),
      offsets: Int32Array.from(offsets),
      items,
      ratings: rs,
      timestamps: ts,
    },
    skipped,
  };
}

export function buildPopularity(interactions: Interactions, nItems: number): Popularity {
  const count = new Float32Array(nItems);
  const recent = new Float32Array(nItems);
  let latest = Number.NEGATIVE_INFINITY;
  for (const t of interactions.timestamps) if (t > latest) latest = t;
  const since = latest - YEAR_SECONDS;
  interactions.items.forEach((item, k) => {
    count[item]! += 1;
    if (interactions.timestamps[k]! >= since) recent[item]! += 1;
  });
  return { count, recent };
}

function token(prefix: string, value: string): string {
  return `${prefix}:${value.toLowerCase().trim().replace(/\s+/g, "-")}`;
}

export function buildItemFeatures(movies: readonly Movie[]): string[][] {
  return movies.map((m) => {
    const decade = decadeOf(m.year);
    const features = [
      ...m.genres.map((g) => token("genre", g)),
      ...(decade ? [token("decade", decade)] : []),
      ...(m.tags ?? []).map((t) => token("tag", t)),
      ...(m.keywords ?? []).map((k) => token("kw", k)),
      ...(m.cast ?? []).map((p) => token("cast", p)),
      ...(m.director ? [token("director", m.director)] : []),
      ...(m.companies ?? []).map((c) => token("company", c)),
      ...(m.language ? [token("lang", m.language)] : []),
      ...(m.countries ?? []).map((c) => token("country", c)),
      ...(m.collection ? [token("collection", m.collection)] : []),
    ];
    return [...new Set(features)];
  });
}

/** Number of users, and the item sequence of user row `u` (oldest first). */
export function userCount(x: Interactions): number {
  return x.offsets.length - 1;
}

export function userItems(x: Interactions, u: number): Int32Array {
  return x.items.subarray(x.offsets[u]!, x.offsets[u + 1]!);
}

/** Only the ratings of at least `min` (a film loved, not merely watched), order kept. */
export function withMinRating(x: Interactions, min: number): Interactions {
  if (!(min > 0)) return x;
  const keep: number[] = [];
  const offsets = new Int32Array(x.offsets.length);
  for (let u = 0; u < x.offsets.length - 1; u++) {
    for (let p = x.offsets[u]!; p < x.offsets[u + 1]!; p++) if (x.ratings[p]! >= min) keep.push(p);
    offsets[u + 1] = keep.length;
  }
  return {
    userIds: x.userIds,
    offsets,
    items: Int32Array.from(keep, (p) => x.items[p]!),
    ratings: Float32Array.from(keep, (p) => x.ratings[p]!),
    timestamps: Float64Array.from(keep, (p) => x.timestamps[p]!),
  };
}
