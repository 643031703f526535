import { userCount } from "../data/gold.ts";
import type { TrainingData } from "./recommender.ts";

/** Each user's distinct items, and each item's users, as row-compressed lists. */
export function bipartite(data: TrainingData) {
  const x = data.interactions;
  const users = userCount(x);
  const userOffsets = new Int32Array(users + 1);
  const userItems: number[] = [];
  const mark = new Int32Array(data.nItems).fill(-1);
  const itemUsersCount = new Int32Array(data.nItems);
  for (let u = 0; u < users; u++) {
    for (let k = x.offsets[u]!; k < x.offsets[u + 1]!; k++) {
      const i = x.items[k]!;
      if (mark[i] === u) continue;
      mark[i] = u;
      userItems.push(i);
      itemUsersCount[i]!++;
    }
    userOffsets[u + 1] = userItems.length;
  }
  const itemOffsets = new Int32Array(data.nItems + 1);
  for (let i = 0; i < data.nItems; i++) itemOffsets[i + 1] = itemOffsets[i]! + itemUsersCount[i]!;
  const itemUsers = new Int32Array(userItems.length);
  const fill = itemOffsets.slice(0, data.nItems);
  for (let u = 0; u < users; u++) {
    for (let k = userOffsets[u]!; k < userOffsets[u + 1]!; k++) itemUsers[fill[userItems[k]!]!++] = u;
  }
  return { userOffsets, userItems: Int32Array.from(userItems), itemOffsets, itemUsers, itemUsersCount };
}
