import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { UserFacingError } from "../core/errors.ts";
import { buildPopularity, type Gold, type Interactions, userCount } from "./gold.ts";

/**
 * Chat users join the training data under ids from here up: far above any MovieLens user
 * id (ML-32M's largest is about 200 000), so the two can never collide.
 */
export const FEEDBACK_USER_BASE = 1_000_000_000;
/**
 * A like counts as a top rating, a dislike as a bottom one, on MovieLens' 0.5–5 scale, unless
 * the person gave their own (an imported history keeps it): a 3.5★ like is not a 5★ one to
 * the members that learn from the films people loved.
 */
export const LIKE_RATING = 5;
export const DISLIKE_RATING = 1;

const Entry = z.object({
  movieId: z.number().int(),
  at: z.number(),
  rating: z.number().min(0.5).max(5).optional(),
});
const StoredUser = z.object({
  profile: z.object({ liked: z.array(Entry).default([]), disliked: z.array(Entry).default([]) }),
});
const StoreDocument = z.object({ users: z.record(z.string(), z.unknown()) });

export interface FeedbackEvent {
  movieId: number;
  rating: number;
  /** Seconds since the epoch, as MovieLens timestamps are. */
  timestamp: number;
}

export interface Feedback {
  /** One entry per chat user with at least one like or dislike, in store-key order. */
  users: FeedbackEvent[][];
  ratings: number;
}

/**
 * The likes and dislikes people gave the bot, from a store document, as rating events in
 * time order. Users whose record doesn't parse are skipped (the store's own schema owns
 * them); films are kept by MovieLens id, whatever the catalogue.
 */
export function feedbackOf(storeDocument: unknown): Feedback {
  const doc = StoreDocument.safeParse(storeDocument);
  if (!doc.success) return { users: [], ratings: 0 };
  const users: FeedbackEvent[][] = [];
  let ratings = 0;
  for (const key of Object.keys(doc.data.users).sort()) {
    const parsed = StoredUser.safeParse(doc.data.users[key]);
    if (!parsed.success) continue;
    const { liked, disliked } = parsed.data.profile;
    const events = [
      ...liked.map((e) => ({
        movieId: e.movieId,
        rating: e.rating ?? LIKE_RATING,
        timestamp: Math.floor(e.at / 1000),
      })),
      ...disliked.map((e) => ({
        movieId: e.movieId,
        rating: e.rating ?? DISLIKE_RATING,
        timestamp: Math.floor(e.at / 1000),
      })),
    ].sort((a, b) => a.timestamp - b.timestamp || a.movieId - b.movieId);
    if (events.length === 0) continue;
    users.push(events);
    ratings += events.length;
  }
  return { users, ratings };
}

/** The feedback in the store file at `path`; none when there is no file yet. */
export function readFeedback(path: string): Feedback {
  if (!existsSync(path)) return { users: [], ratings: 0 };
  try {
    return feedbackOf(JSON.parse(readFileSync(path, "utf8")));
  } catch (error) {
    throw new UserFacingError(`Cannot read the store ${path} for feedback: ${(error as Error).message}`);
  }
}

/**
 * Gold data with the chat users appended as extra users (ids from FEEDBACK_USER_BASE), for
 * retraining. Films outside the catalogue are dropped. The data hash stays the MovieLens
 * one on purpose: the registry compares models by it (a candidate is only measured against
 * a served model of the same data) and the app serves a promoted model only if its hash
 * matches the data it loads; item indices are the same, so a model trained with feedback
 * fits that data.
 */
export function withFeedback(gold: Gold, feedback: Feedback): { gold: Gold; users: number; ratings: number } {
  const x = gold.interactions;
  let maxId = 0;
  for (const id of x.userIds) if (id > maxId) maxId = id;
  if (maxId >= FEEDBACK_USER_BASE)
    throw new Error(`MovieLens user id ${maxId} reaches the feedback id range`);
  const indexById = new Map(gold.movies.map((m, i) => [m.movieId, i]));
  const rows = feedback.users
    .map((events) => events.filter((e) => indexById.has(e.movieId)))
    .filter((events) => events.length > 0);
  const added = rows.reduce((n, events) => n + events.length, 0);
  const n = x.items.length + added;
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  const timestamps = new Float64Array(n);
  items.set(x.items);
  ratings.set(x.ratings);
  timestamps.set(x.timestamps);
  const offsets = [...x.offsets];
  const userIds = [...x.userIds];
  let k = x.items.length;
  rows.forEach((events, u) => {
    for (const e of events) {
      items[k] = indexById.get(e.movieId)!;
      ratings[k] = e.rating;
      timestamps[k] = e.timestamp;
      k++;
    }
    userIds.push(FEEDBACK_USER_BASE + u);
    offsets.push(k);
  });
  const interactions: Interactions = {
    userIds: Int32Array.from(userIds),
    offsets: Int32Array.from(offsets),
    items,
    ratings,
    timestamps,
  };
  return {
    gold: {
      ...gold,
      dataset: rows.length > 0 ? `${gold.dataset}+feedback` : gold.dataset,
      interactions,
      popularity: buildPopularity(interactions, gold.movies.length),
      stats: { ...gold.stats, users: userCount(interactions), ratings: n },
    },
    users: rows.length,
    ratings: added,
  };
}
