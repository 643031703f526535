import { userCount } from "../data/gold.ts";
import type { TrainingData } from "./recommender.ts";

/** Each user's distinct items, and each item's users, as row-compressed lists. */
export function bipartite(data: TrainingData) {
  const x = data.interactions;
  const users = userCount(x);
  const userOffsets = new Int32Array(users + 1);
  // Sized for every rating (distinct pairs are at most that), not a plain array grown by
  // push: at ML-32M that array held 32M boxed-size slots before being copied.
  const all = new Int32Array(x.items.length);
  let filled = 0;
  const mark = new Int32Array(data.nItems).fill(-1);
  const itemUsersCount = new Int32Array(data.nItems);
  for (let u = 0; u < users; u++) {
    for (let k = x.offsets[u]!; k < x.offsets[u + 1]!; k++) {
      const i = x.items[k]!;
      if (mark[i] === u) continue;
      mark[i] = u;
      all[filled++] = i;
      itemUsersCount[i]!++;
    }
    userOffsets[u + 1] = filled;
  }
  const userItems = all.slice(0, filled);
  const itemOffsets = new Int32Array(data.nItems + 1);
  for (let i = 0; i < data.nItems; i++) itemOffsets[i + 1] = itemOffsets[i]! + itemUsersCount[i]!;
  const itemUsers = new Int32Array(filled);
  const fill = itemOffsets.slice(0, data.nItems);
  for (let u = 0; u < users; u++) {
    for (let k = userOffsets[u]!; k < userOffsets[u + 1]!; k++) itemUsers[fill[userItems[k]!]!++] = u;
  }
  return { userOffsets, userItems, itemOffsets, itemUsers, itemUsersCount };
}
