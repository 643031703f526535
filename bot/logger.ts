import pino from "pino";
import type { Log } from "../core/log.ts";

/**
 * Structured logs on stderr, so stdout stays clean for chat text and `--json` output.
 * Secrets are redacted wherever they appear as fields.
 */
export function createLogger(level: string): Log & pino.Logger {
  return pino(
    {
      level,
      base: { app: "matinee" },
      redact: {
        paths: [
          "token",
          "*.token",
          "discordToken",
          "telegramToken",
          "tmdbApiKey",
          "*.discordToken",
          "*.telegramToken",
          "*.tmdbApiKey",
          "secret",
          "*.secret",
          "telegramWebhook.secret",
          "*.telegramWebhook.secret",
          "apiKey",
          "*.apiKey",
        ],
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}
