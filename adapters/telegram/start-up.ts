import { setTimeout as sleep } from "node:timers/promises";
import { Api, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import { networkCode } from "../network-error.ts";

/** How hard start-up tries to reach the Bot API before it gives up with one line. */
export interface StartRetry {
  /** getMe calls at most, the first included (1: no retry). */
  attempts: number;
  /** Total seconds of waiting between them (back-off, or a 429's retry_after), at most. */
  waitSeconds: number;
  /** One getMe call's limit; grammY's own is 500 s, so a silently dropping network would hang. */
  callSeconds?: number;
}

/** Five tries over 30 s (waits of 2, 4, 8 and 16 s): a blip or a restarting proxy passes, an outage is named. */
export const DEFAULT_START_RETRY: StartRetry = { attempts: 5, waitSeconds: 30 };
const DEFAULT_CALL_SECONDS = 10;

export const DEFAULT_API_ROOT = "https://api.telegram.org";

/** The token is in every Bot API address (`/bot<token>/getMe`): never let it into a line. */
export function withoutToken(text: string, token: string): string {
  const hidden = token ? text.split(token).join("<token>") : text;
  return hidden.replace(/bot\d+:[A-Za-z0-9_-]+/g, "bot<token>");
}

type Failure =
  | { kind: "rejected"; status: number }
  | { kind: "rate-limited"; retryAfter: number }
  | { kind: "unreachable"; code: string }
  | { kind: "timed-out" }
  | { kind: "server"; status: number; description: string }
  | { kind: "refused"; status: number; description: string }
  | { kind: "network"; detail: string };

function classify(error: unknown, token: string): Failure {
  if (error instanceof GrammyError) {
    const status = error.error_code;
    if (status === 401 || status === 404) return { kind: "rejected", status };
    if (status === 429) return { kind: "rate-limited", retryAfter: error.parameters.retry_after ?? 5 };
    const description = withoutToken(error.description, token);
    return status >= 500 ? { kind: "server", status, description } : { kind: "refused", status, description };
  }
  const code = networkCode(error);
  if (code) return { kind: "unreachable", code };
  const inner = error instanceof HttpError ? error.error : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  if (/timed out/i.test(message)) return { kind: "timed-out" };
  return { kind: "network", detail: withoutToken(message, token) };
}

/** What the operator reads, for a failure that will not be retried any more. */
function finalLine(failure: Failure, apiRoot: string, tried: string): string {
  const where = apiRoot === DEFAULT_API_ROOT ? "" : ` at ${apiRoot} (TELEGRAM_API_ROOT)`;
  switch (failure.kind) {
    case "rejected":
      return `Telegram rejected TELEGRAM_TOKEN (${failure.status} ${failure.status === 401 ? "Unauthorized" : "Not Found"}): copy the token again from @BotFather (/token).`;
    case "rate-limited":
      return `Telegram is rate limiting this bot and asked it to wait ${failure.retryAfter} s${tried}. Wait that long before starting again (restarting in a loop makes it longer).`;
    case "unreachable":
      return `Cannot reach Telegram (${failure.code})${where}${tried}: check this machine's network and DNS.`;
    case "timed-out":
      return `Telegram did not answer${where}${tried}: check this machine's network (a firewall dropping the connection?).`;
    case "server":
      return `Telegram's Bot API is failing (${failure.status}: ${failure.description})${tried}: try again later.`;
    case "refused":
      return `Telegram refused getMe (${failure.status}: ${failure.description}).`;
    case "network":
      return `Cannot reach Telegram${where} (${failure.detail})${tried}.`;
  }
}

/** The warning between attempts: the operator sees start-up is retrying, and why. */
function retryLine(failure: Failure): string {
  switch (failure.kind) {
    case "rate-limited":
      return "Telegram is rate limiting this bot at start-up: waiting as asked";
    case "unreachable":
      return `Cannot reach Telegram (${failure.code}): trying again`;
    case "timed-out":
      return "Telegram did not answer: trying again";
    case "server":
      return `Telegram's Bot API answered ${failure.status}: trying again`;
    default:
      return "Telegram start-up failed: trying again";
  }
}

/** Waits before attempt `next` (2, 3, …): doubling, scaled so all of them add up to the budget. */
function backoffMs(retry: StartRetry, next: number): number {
  const waits = retry.attempts - 1;
  if (waits <= 0) return 0;
  const unit = (retry.waitSeconds * 1000) / (2 ** waits - 1);
  return unit * 2 ** (next - 2);
}

/** "0.3", "14", "30": tenths only where they say something. */
const seconds = (ms: number) =>
  ms < 10_000 ? String(Math.round(ms / 100) / 10) : String(Math.round(ms / 1000));

export interface ReachOptions {
  token: string;
  apiRoot?: string;
  retry?: StartRetry;
  log: Log;
  /** Aborts the waits (tests; a SIGTERM during start-up). */
  signal?: AbortSignal;
}

/**
 * Start-up's getMe, with a bounded retry and one line that says what is wrong: the token
 * refused (401, not retried), the bot rate limited (429: its retry_after waited out while it
 * fits the budget), the network down (ENOTFOUND, ECONNREFUSED…), no answer. It calls the
 * Bot API without the bot's auto-retry, which would retry a dead network for ever in
 * silence. Throws a `UserFacingError` whose message never holds the token.
 */
export async function reachTelegram(options: ReachOptions): Promise<UserFromGetMe> {
  const { token, log } = options;
  const apiRoot = options.apiRoot ?? DEFAULT_API_ROOT;
  const retry = options.retry ?? DEFAULT_START_RETRY;
  const api = new Api(token, {
    apiRoot,
    timeoutSeconds: retry.callSeconds ?? DEFAULT_CALL_SECONDS,
  });
  const budgetMs = retry.waitSeconds * 1000;
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    let failure: Failure;
    try {
      return await api.getMe();
    } catch (error) {
      failure = classify(error, token);
    }
    const tried = attempt > 1 ? `; tried ${attempt} times over ${seconds(waitedMs)} s` : "";
    const retryable = failure.kind !== "rejected" && failure.kind !== "refused";
    const waitMs =
      failure.kind === "rate-limited" ? failure.retryAfter * 1000 : backoffMs(retry, attempt + 1);
    if (!retryable || attempt >= retry.attempts || waitedMs + waitMs > budgetMs + 1) {
      throw new UserFacingError(finalLine(failure, apiRoot, tried));
    }
    log.warn({ attempt, of: retry.attempts, waitSeconds: Math.round(waitMs / 100) / 10 }, retryLine(failure));
    await sleep(waitMs, undefined, options.signal ? { signal: options.signal } : {});
    waitedMs += waitMs;
  }
}
