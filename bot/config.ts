import { homedir } from "node:os";
import { join } from "node:path";
import { validate as validCron } from "node-cron";
import { z } from "zod";
import { DEFAULT_START_RETRY, type StartRetry } from "../adapters/telegram/start-up.ts";
import { UserFacingError } from "../core/errors.ts";
import { DEFAULT_LIMITS, DEFAULT_QUESTION_TTL_MS, DEFAULT_RATE } from "../core/limits/limits.ts";
import type { Rate } from "../core/limits/token-bucket.ts";
import { DEFAULT_RERANK } from "../core/recommend/rerank.ts";
import { DATASET_NAMES } from "../data/datasets.ts";
import { GROUPLENS_BASE_URL } from "../data/download.ts";
import { TMDB_API_BASE } from "../data/tmdb-api/client.ts";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** An unset variable and an empty one mean the same: "use the default". */
const optional = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().optional(),
);

/** `optional` for a value with a shape of its own: blank means unset, anything else must fit. */
const optionalAs = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** A whole number from `min` up, for the input limits ("MATINEE_MAX_FILMS=0" would refuse every film). */
const countFrom = (min: number) =>
  optionalAs(
    z.coerce
      .number({ error: `must be a whole number from ${min} up` })
      .int({ error: `must be a whole number from ${min} up` })
      .min(min, `must be a whole number from ${min} up`),
  );

const PORT_ERROR = "must be a port number from 1 to 65535";
const CRON_ERROR = 'must be a cron expression, like "30 4 * * *" (04:30 every day)';

const Env = z.object({
  MATINEE_DATA_DIR: optional,
  MATINEE_DATASET: z.enum(DATASET_NAMES).default("ml-latest-small"),
  MATINEE_TMDB_DIR: optional,
  MATINEE_CACHE_DIR: optional,
  MATINEE_STORE_PATH: optional,
  /** PostgreSQL for several instances; when set it is the store and MATINEE_STORE_PATH is unused. */
  MATINEE_DATABASE_URL: optionalAs(
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// address" }),
  ),
  MATINEE_METRICS_PORT: optionalAs(
    z.coerce
      .number({ error: PORT_ERROR })
      .int({ error: PORT_ERROR })
      .min(1, PORT_ERROR)
      .max(65535, PORT_ERROR),
  ),
  /** The web app (adapters/web): `matinee serve`, and `npm start` beside the bots, on this port. */
  MATINEE_HTTP_PORT: optionalAs(
    z.coerce
      .number({ error: PORT_ERROR })
      .int({ error: PORT_ERROR })
      .min(1, PORT_ERROR)
      .max(65535, PORT_ERROR),
  ),
  MATINEE_HTTP_HOST: optional,
  MATINEE_WEB_SECRET: optionalAs(z.string().min(16, "must be at least 16 characters")),
  MATINEE_EVAL_REPORT: optional,
  MATINEE_DOWNLOAD_URL: z.url({ protocol: /^https?$/ }).default(GROUPLENS_BASE_URL),
  MATINEE_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  DISCORD_TOKEN: optional,
  DISCORD_APP_ID: optionalAs(z.string().regex(/^\d{17,20}$/, "must be the application id: 17 to 20 digits")),
  /** Discord's REST base (a proxy, or a fake in tests); discord.js's default otherwise. */
  DISCORD_API_URL: optionalAs(z.url({ protocol: /^https?$/ })),
  TELEGRAM_TOKEN: optional,
  /** The Bot API's address: a local Bot API server, a proxy, or a fake in tests. */
  TELEGRAM_API_ROOT: optionalAs(z.url({ protocol: /^https?$/ })),
  /** Start-up: getMe calls at most before giving up with one line (1: no retry). */
  TELEGRAM_START_ATTEMPTS: countFrom(1),
  /** Start-up: seconds of waiting between those calls, at most, all together. */
  TELEGRAM_START_SECONDS: optionalAs(
    z.coerce
      .number({ error: "must be a number of seconds from 0 up" })
      .min(0, "must be a number of seconds from 0 up"),
  ),
  /** Webhook mode (else long polling): the public https address Telegram posts updates to. */
  TELEGRAM_WEBHOOK_URL: optionalAs(
    z.url({ protocol: /^https$/, error: "must be an https:// address Telegram can reach" }),
  ),
  TELEGRAM_WEBHOOK_SECRET: optionalAs(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -"),
  ),
  TELEGRAM_WEBHOOK_PORT: optionalAs(
    z.coerce
      .number({ error: PORT_ERROR })
      .int({ error: PORT_ERROR })
      .min(1, PORT_ERROR)
      .max(65535, PORT_ERROR),
  ),
  TMDB_API_KEY: optional,
  TMDB_API_BASE: optionalAs(z.url({ protocol: /^https?$/ })),
  MATINEE_REGION: optionalAs(
    z.string().regex(/^[A-Za-z]{2}$/, "must be a two-letter country code, like US, GB or DE"),
  ),
  MATINEE_DIVERSITY: optionalAs(
    z.coerce
      .number({ error: "must be a number from 0 to 1" })
      .min(0, "must be from 0 to 1")
      .max(1, "must be from 0 to 1"),
  ),
  MATINEE_RECENCY: optionalAs(
    z.coerce
      .number({ error: "must be a number from 0 to 1" })
      .min(0, "must be from 0 to 1")
      .max(1, "must be from 0 to 1"),
  ),
  /** Characters in one message; longer ones are refused with a reply saying the limit. */
  MATINEE_MAX_MESSAGE_CHARS: countFrom(100),
  /** Films read from one message; the reply says how many were left for another message. */
  MATINEE_MAX_FILMS: countFrom(1),
  /** Messages a second per person on Discord and Telegram, and the burst allowed before "slow down". */
  MATINEE_RATE_PER_SECOND: optionalAs(
    z.coerce.number({ error: "must be a number above 0" }).positive("must be a number above 0"),
  ),
  MATINEE_RATE_BURST: countFrom(1),
  /** Minutes a question ("forget everything?", "did you mean…?") can be answered. */
  MATINEE_QUESTION_MINUTES: optionalAs(
    z.coerce.number({ error: "must be a number above 0" }).positive("must be a number above 0"),
  ),
  MATINEE_RETRAIN_CRON: optionalAs(z.string().refine(validCron, CRON_ERROR)),
  MATINEE_POSTER_REFRESH_CRON: optionalAs(z.string().refine(validCron, CRON_ERROR)),
});

/** Webhook settings come as a set: a secret is what keeps strangers from posting fake updates. */
const CheckedEnv = Env.superRefine((e, ctx) => {
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["TELEGRAM_WEBHOOK_SECRET"],
      message: "is required when TELEGRAM_WEBHOOK_URL is set (Telegram sends it with every update)",
    });
  } else if (!e.TELEGRAM_WEBHOOK_URL && (e.TELEGRAM_WEBHOOK_SECRET || e.TELEGRAM_WEBHOOK_PORT)) {
    ctx.addIssue({
      code: "custom",
      path: ["TELEGRAM_WEBHOOK_URL"],
      message: "is required for webhook mode (TELEGRAM_WEBHOOK_SECRET or TELEGRAM_WEBHOOK_PORT is set)",
    });
  }
});

/** Telegram's webhook mode: where Telegram posts updates, the secret it sends back, the local port. */
export interface TelegramWebhookConfig {
  url: string;
  secret: string;
  port: number;
}

export interface Config {
  dataDir: string;
  dataset: (typeof DATASET_NAMES)[number];
  tmdbDir?: string;
  cacheDir: string;
  /** The embedded store: SQLite for a path ending in .db (the default), lowdb for .json. */
  storePath: string;
  /** Set: PostgreSQL is the store (several instances share it). */
  databaseUrl?: string;
  /** Set: /metrics and /healthz are served on this port. */
  metricsPort?: number;
  /** Set: the web app is served on this port (host `httpHost`, 127.0.0.1 by default). */
  httpPort?: number;
  httpHost?: string;
  /** Signs the web profile cookie; unset, one is made and kept in the cache folder. */
  webSecret?: string;
  /** A saved `matinee eval --json`, shown by the web app's How well it works page. */
  evalReport?: string;
  downloadUrl: string;
  /** Undefined when not set: each command picks its own default (quiet in the chat). */
  logLevel?: (typeof LOG_LEVELS)[number];
  discordToken?: string;
  discordAppId?: string;
  discordApiUrl?: string;
  telegramToken?: string;
  /** The Bot API's address when not Telegram's own (https://api.telegram.org). */
  telegramApiRoot?: string;
  /** How hard start-up tries to reach the Bot API before it exits with one line. */
  telegramStart: StartRetry;
  /** Set for webhook mode; long polling otherwise. */
  telegramWebhook?: TelegramWebhookConfig;
  tmdbApiKey?: string;
  tmdbApiBase: string;
  /** Country for where-to-watch when a person has set none (ISO 3166-1, upper case). */
  region?: string;
  /** Reranking: genre diversity λ (MMR) and recency bonus α; core defaults (0.10, 0.15) when unset. */
  rerank: { lambda: number; alpha: number };
  /** What one person can send (the same on every front end; the rate is for the chat platforms). */
  limits: { messageChars: number; filmsPerMessage: number; rate: Rate };
  /** How long a question stays answerable, in ms. */
  questionTtlMs: number;
  /** node-cron expressions of the scheduled jobs; a job is off when unset. */
  retrainCron?: string;
  posterRefreshCron?: string;
}

/** Where the webhook server listens when TELEGRAM_WEBHOOK_PORT is unset (behind a TLS proxy). */
export const DEFAULT_WEBHOOK_PORT = 8080;

export interface ConfigOverrides {
  dataDir?: string;
}

/** Reads the environment once, at the edge; a bad value stops start-up with one clear line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const parsed = CheckedEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    const got = env[variable];
    throw new UserFacingError(
      `Configuration error: ${variable} ${issue.message.replace(/^Invalid (input|option): /i, "")}` +
        (got !== undefined && !/TOKEN|KEY|SECRET|DATABASE/.test(variable) ? ` (got "${got}")` : ""),
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
    storePath: e.MATINEE_STORE_PATH ?? join(stateDir, "store.db"),
    ...(e.MATINEE_DATABASE_URL ? { databaseUrl: e.MATINEE_DATABASE_URL } : {}),
    ...(e.MATINEE_METRICS_PORT ? { metricsPort: e.MATINEE_METRICS_PORT } : {}),
    ...(e.MATINEE_HTTP_PORT ? { httpPort: e.MATINEE_HTTP_PORT } : {}),
    ...(e.MATINEE_HTTP_HOST ? { httpHost: e.MATINEE_HTTP_HOST } : {}),
    ...(e.MATINEE_WEB_SECRET ? { webSecret: e.MATINEE_WEB_SECRET } : {}),
    ...(e.MATINEE_EVAL_REPORT ? { evalReport: e.MATINEE_EVAL_REPORT } : {}),
    downloadUrl: e.MATINEE_DOWNLOAD_URL,
    ...(e.MATINEE_LOG_LEVEL ? { logLevel: e.MATINEE_LOG_LEVEL } : {}),
    ...(e.DISCORD_TOKEN ? { discordToken: e.DISCORD_TOKEN } : {}),
    ...(e.DISCORD_APP_ID ? { discordAppId: e.DISCORD_APP_ID } : {}),
    ...(e.DISCORD_API_URL ? { discordApiUrl: e.DISCORD_API_URL } : {}),
    ...(e.TELEGRAM_TOKEN ? { telegramToken: e.TELEGRAM_TOKEN } : {}),
    ...(e.TELEGRAM_API_ROOT ? { telegramApiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, "") } : {}),
    telegramStart: {
      attempts: e.TELEGRAM_START_ATTEMPTS ?? DEFAULT_START_RETRY.attempts,
      waitSeconds: e.TELEGRAM_START_SECONDS ?? DEFAULT_START_RETRY.waitSeconds,
    },
    ...(e.TELEGRAM_WEBHOOK_URL && e.TELEGRAM_WEBHOOK_SECRET
      ? {
          telegramWebhook: {
            url: e.TELEGRAM_WEBHOOK_URL,
            secret: e.TELEGRAM_WEBHOOK_SECRET,
            port: e.TELEGRAM_WEBHOOK_PORT ?? DEFAULT_WEBHOOK_PORT,
          },
        }
      : {}),
    ...(e.TMDB_API_KEY ? { tmdbApiKey: e.TMDB_API_KEY } : {}),
    tmdbApiBase: e.TMDB_API_BASE ?? TMDB_API_BASE,
    ...(e.MATINEE_REGION ? { region: e.MATINEE_REGION.toUpperCase() } : {}),
    rerank: {
      lambda: e.MATINEE_DIVERSITY ?? DEFAULT_RERANK.lambda,
      alpha: e.MATINEE_RECENCY ?? DEFAULT_RERANK.alpha,
    },
    limits: {
      messageChars: e.MATINEE_MAX_MESSAGE_CHARS ?? DEFAULT_LIMITS.messageChars,
      filmsPerMessage: e.MATINEE_MAX_FILMS ?? DEFAULT_LIMITS.filmsPerMessage,
      rate: {
        perSecond: e.MATINEE_RATE_PER_SECOND ?? DEFAULT_RATE.perSecond,
        burst: e.MATINEE_RATE_BURST ?? DEFAULT_RATE.burst,
      },
    },
    questionTtlMs:
      e.MATINEE_QUESTION_MINUTES === undefined
        ? DEFAULT_QUESTION_TTL_MS
        : e.MATINEE_QUESTION_MINUTES * 60_000,
    ...(e.MATINEE_RETRAIN_CRON ? { retrainCron: e.MATINEE_RETRAIN_CRON } : {}),
    ...(e.MATINEE_POSTER_REFRESH_CRON ? { posterRefreshCron: e.MATINEE_POSTER_REFRESH_CRON } : {}),
  };
}
