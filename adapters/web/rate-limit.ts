import type { Rate } from "../../core/limits/token-bucket.ts";
import { TokenBuckets } from "../../core/limits/token-bucket.ts";

/** Requests one client (one address) may make: a page's typing and clicking fits well inside. */
export const DEFAULT_HTTP_RATE: Rate = { perSecond: 10, burst: 40 };

/**
 * Per-client admission for the HTTP API: the core's token buckets keyed by address. Unlike a
 * chat, an HTTP client that is over the rate is told so on every request (429), never
 * silently dropped: a page must be able to say "slow down".
 */
export function clientLimiter(rate: Rate, now: () => number = Date.now): (client: string) => boolean {
  const buckets = new TokenBuckets(rate, now);
  return (client) => buckets.admit(client) === "ok";
}
