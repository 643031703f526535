import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The shared MovieLens copy: MATINEE_DATA_DIR in CI, else ../shared beside the checkout. */
export function sharedDataDir(): string {
  const dir = process.env.MATINEE_DATA_DIR || resolve(REPO_ROOT, "../shared/data/movielens");
  if (!existsSync(join(dir, "ml-latest-small", "ratings.csv"))) {
    throw new Error(
      `No ml-latest-small under ${dir}: set MATINEE_DATA_DIR to the shared data/movielens folder.`,
    );
  }
  return dir;
}

/** ../shared/conversations, found from the data folder (data/movielens → ../../conversations). */
export function sharedConversationsDir(): string {
  return resolve(sharedDataDir(), "../../conversations");
}
