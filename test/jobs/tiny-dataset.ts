import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../models/random.ts";

export interface TinyDataset {
  /** Folder holding ml-latest-small/ (what MATINEE_DATA_DIR names). */
  dataDir: string;
  /** Films in order of how often they were rated, most first. */
  byPopularity: number[];
  /** Films no MovieLens user rated. */
  unrated: number[];
}

/**
 * A generated ml-latest-small: 60 users rating 6–12 of 40 films each, film i chosen with
 * weight 1/i (so popularity is clear-cut), and 6 more films nobody rated. Seeded: the
 * same files every run.
 */
export function writeTinyDataset(root: string, seed = 11): TinyDataset {
  const dir = join(root, "ml-latest-small");
  mkdirSync(dir, { recursive: true });
  const rand = seededRandom(seed);
  const rated = 40;
  const films = rated + 6;
  const movies = ["movieId,title,genres"];
  const links = ["movieId,imdbId,tmdbId"];
  for (let id = 1; id <= films; id++) {
    movies.push(`${id},Film ${id} (${1970 + id}),${id % 2 ? "Drama" : "Comedy"}`);
    links.push(`${id},${String(100000 + id).padStart(7, "0")},${5000 + id}`);
  }
  const weights = Array.from({ length: rated }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const pick = () => {
    let r = rand() * total;
    for (let i = 0; i < rated; i++) {
      r -= weights[i]!;
      if (r <= 0) return i + 1;
    }
    return rated;
  };
  const ratings = ["userId,movieId,rating,timestamp"];
  const counts = new Map<number, number>();
  for (let u = 1; u <= 60; u++) {
    const want = 6 + Math.floor(rand() * 7);
    const chosen = new Set<number>();
    while (chosen.size < want) chosen.add(pick());
    [...chosen].forEach((id, k) => {
      ratings.push(
        `${u},${id},${(3 + Math.floor(rand() * 5) / 2).toFixed(1)},${1_400_000_000 + u * 10_000 + k * 60}`,
      );
      counts.set(id, (counts.get(id) ?? 0) + 1);
    });
  }
  writeFileSync(join(dir, "movies.csv"), `${movies.join("\n")}\n`);
  writeFileSync(join(dir, "links.csv"), `${links.join("\n")}\n`);
  writeFileSync(join(dir, "ratings.csv"), `${ratings.join("\n")}\n`);
  writeFileSync(join(dir, "tags.csv"), "userId,movieId,tag,timestamp\n");
  const byPopularity = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  const unrated = Array.from({ length: films - rated }, (_, i) => rated + 1 + i);
  return { dataDir: root, byPopularity, unrated };
}
