import type { StoreBackend } from "../../core/store/backend.ts";
import type { StoreData } from "../../core/store/lowdb-store.ts";
import { STORE_SCHEMA_VERSION } from "../../core/store/migrations.ts";
import { freshUser, type UserState } from "../../core/store/store.ts";
import { seededRandom } from "../../models/random.ts";

/** A stored person as a few weeks of chat leave them: some likes and dislikes, lists shown. */
export function storedUser(key: string, rand: () => number, movieIds: readonly number[]): UserState {
  const at = 1_700_000_000_000 + Math.floor(rand() * 1e9);
  const film = () => movieIds[Math.floor(rand() * movieIds.length)]!;
  const state = freshUser(key, at);
  state.profile.liked = Array.from({ length: 3 + Math.floor(rand() * 8) }, (_, i) => ({
    movieId: film(),
    at: at + i,
  }));
  state.profile.disliked = Array.from({ length: Math.floor(rand() * 3) }, (_, i) => ({
    movieId: film(),
    at: at + 20 + i,
  }));
  state.conversation.shown = Array.from({ length: 20 }, film);
  state.conversation.lastCards = state.conversation.shown.slice(-5);
  return state;
}

/** Fills a store with `count` users (keys "seed:<n>"), in batches so memory stays flat. */
export async function seedUsers(
  store: StoreBackend,
  count: number,
  movieIds: readonly number[],
  seed = 5,
): Promise<void> {
  const rand = seededRandom(seed);
  const batch = 10_000;
  for (let start = 0; start < count; start += batch) {
    const doc: StoreData = { schemaVersion: STORE_SCHEMA_VERSION, users: {}, cards: {} };
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const key = `seed:${i}`;
      doc.users[key] = storedUser(key, rand, movieIds);
    }
    await store.importDocument(doc, "seed");
  }
}
