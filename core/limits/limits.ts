import type { Rate } from "./token-bucket.ts";

/** What one person can send in one message and per second, the same on every front end. */
export interface InputLimits {
  /** Characters in one message; a longer one is refused before any of it is read. */
  messageChars: number;
  /** Films read from one message; the rest are named back as left for another message. */
  filmsPerMessage: number;
  /** Messages per person; unset for a piped terminal, whose lines are a script taken in turn. */
  rate?: Rate;
}

/**
 * 2,000 characters is a Discord message and half a Telegram one: a long list of films fits,
 * and reading it stays in the tens of milliseconds. 25 films is more than any list people
 * type; an export file (`import`) is the way to bring in hundreds.
 */
export const DEFAULT_LIMITS: InputLimits = { messageChars: 2000, filmsPerMessage: 25 };

/** One message a second on average with bursts of five: typing never meets it, a script does. */
export const DEFAULT_RATE: Rate = { perSecond: 1, burst: 5 };

/** Ten minutes: long enough to read a question, short enough that "ok" tomorrow is not a yes. */
export const DEFAULT_QUESTION_TTL_MS = 10 * 60 * 1000;
