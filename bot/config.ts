import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { UserFacingError } from "../core/errors.ts";
import { DATASET_NAMES } from "../data/datasets.ts";
import { GROUPLENS_BASE_URL } from "../data/download.ts";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** An unset variable and an empty one mean the same: "use the default". */
const optional = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().optional(),
);

const Env = z.object({
  MATINEE_DATA_DIR: optional,
  MATINEE_DATASET: z.enum(DATASET_NAMES).default("ml-latest-small"),
  MATINEE_TMDB_DIR: optional,
  MATINEE_CACHE_DIR: optional,
  MATINEE_STORE_PATH: optional,
  MATINEE_DOWNLOAD_URL: z.url({ protocol: /^https?$/ }).default(GROUPLENS_BASE_URL),
  MATINEE_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  DISCORD_TOKEN: optional,
  DISCORD_APP_ID: optional,
  TELEGRAM_TOKEN: optional,
  TMDB_API_KEY: optional,
});

export interface Config {
  dataDir: string;
  dataset: (typeof DATASET_NAMES)[number];
  tmdbDir?: string;
  cacheDir: string;
  storePath: string;
  downloadUrl: string;
  /** Undefined when not set: each command picks its own default (quiet in the chat). */
  logLevel?: (typeof LOG_LEVELS)[number];
  discordToken?: string;
  discordAppId?: string;
  telegramToken?: string;
  tmdbApiKey?: string;
}

export interface ConfigOverrides {
  dataDir?: string;
}

/** Reads the environment once, at the edge; a bad value stops start-up with one clear line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    const got = env[variable];
    throw new UserFacingError(
      `Configuration error: ${variable} ${issue.message.replace(/^Invalid (input|option): /i, "")}` +
        (got !== undefined && !/TOKEN|KEY/.test(variable) ? ` (got "${got}")` : ""),
    );
  }
  const e = parsed.data;
  const home = homedir();
  const cacheDir = e.MATINEE_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(home, ".cache"), "matinee");
  const stateDir = join(env.XDG_STATE_HOME || join(home, ".local", "state"), "matinee");
  return {
    dataDir: overrides.dataDir ?? e.MATINEE_DATA_DIR ?? join(cacheDir, "data"),
    dataset: e.MATINEE_DATASET,
    ...(e.MATINEE_TMDB_DIR ? { tmdbDir: e.MATINEE_TMDB_DIR } : {}),
    cacheDir,
    storePath: e.MATINEE_STORE_PATH ?? join(stateDir, "store.json"),
    downloadUrl: e.MATINEE_DOWNLOAD_URL,
    ...(e.MATINEE_LOG_LEVEL ? { logLevel: e.MATINEE_LOG_LEVEL } : {}),
    ...(e.DISCORD_TOKEN ? { discordToken: e.DISCORD_TOKEN } : {}),
    ...(e.DISCORD_APP_ID ? { discordAppId: e.DISCORD_APP_ID } : {}),
    ...(e.TELEGRAM_TOKEN ? { telegramToken: e.TELEGRAM_TOKEN } : {}),
    ...(e.TMDB_API_KEY ? { tmdbApiKey: e.TMDB_API_KEY } : {}),
  };
}
