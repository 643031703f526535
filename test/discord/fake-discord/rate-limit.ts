/**
 * Discord's per-route rate limits as the fake applies them
 * (https://discord.com/developers/docs/topics/rate-limits): each bucket allows `limit`
 * requests per `windowMs` for one major parameter (a channel), every answer in it carries
 * X-RateLimit-Limit / -Remaining / -Reset / -Reset-After / -Bucket, and one over the limit is
 * HTTP 429 `{message, retry_after, global: false}` with Retry-After and X-RateLimit-Scope.
 * Discord says not to hard-code its figures; the one it reports for creating messages in a
 * channel is 5 per 5 s, the default here. Windows run on the wall clock, because discord.js
 * waits out what these headers say in real time; suites shorten `windowMs` instead.
 */
export interface Bucket {
  limit: number;
  windowMs: number;
}

export const CHANNEL_MESSAGES: Bucket = { limit: 5, windowMs: 5000 };

export interface RateLimitAnswer {
  limited: boolean;
  headers: Record<string, string>;
  /** The 429's body when limited. */
  body?: { message: string; retry_after: number; global: false };
}

export class RateLimiter {
  /** Window start and requests counted, by bucket key (route + major parameter). */
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly bucket: Bucket,
    /** Discord's opaque bucket id for the route. */
    private readonly hash: string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Counts one request for `key` (unless refused) and says how to answer it. */
  take(key: string): RateLimitAnswer {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.bucket.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    const limited = window.used >= this.bucket.limit;
    if (!limited) window.used++;
    const resetAt = window.start + this.bucket.windowMs;
    const resetAfter = Math.max(0, resetAt - now) / 1000;
    const headers: Record<string, string> = {
      "X-RateLimit-Limit": String(this.bucket.limit),
      "X-RateLimit-Remaining": String(this.bucket.limit - window.used),
      "X-RateLimit-Reset": (resetAt / 1000).toFixed(3),
      "X-RateLimit-Reset-After": resetAfter.toFixed(3),
      "X-RateLimit-Bucket": this.hash,
    };
    if (!limited) return { limited, headers };
    return {
      limited,
      headers: { ...headers, "Retry-After": String(Math.ceil(resetAfter)), "X-RateLimit-Scope": "user" },
      body: {
        message: "You are being rate limited.",
        retry_after: Number(resetAfter.toFixed(3)),
        global: false,
      },
    };
  }
}
