import { setTimeout as sleep } from "node:timers/promises";
import { type Log, silentLog } from "../../core/log.ts";
import { RateLimiter, type RateLimitOptions } from "./rate-limit.ts";

export const TMDB_API_BASE = "https://api.themoviedb.org/3";

export interface TmdbClientOptions {
  /** A v3 API key (sent as `api_key`) or a v4 read access token (a JWT, sent as a Bearer header). */
  apiKey: string;
  /** Overridable for tests (a fake server on 127.0.0.1) and proxies. */
  baseUrl?: string;
  rateLimit?: RateLimitOptions;
  /** Per attempt, connecting and reading the body. */
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** First back-off after a timeout or server error; doubles each attempt. */
  backoffMs?: number;
  /** A Retry-After longer than this is not waited out by the request (the pause still holds). */
  maxRetryAfterMs?: number;
  log?: Log;
  random?: () => number;
}

/** TMDB refused the key (401): retrying cannot help, and nothing else will work either. */
export class TmdbAuthError extends Error {
  override readonly name = "TmdbAuthError";
}

export class TmdbRequestError extends Error {
  override readonly name: string = "TmdbRequestError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Retry-After as seconds ("2") or an HTTP date; milliseconds from now, or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The client was stopped (shutting down) while this request waited or ran: not TMDB's fault. */
export class TmdbStoppedError extends TmdbRequestError {
  override readonly name = "TmdbStoppedError";
}

type Outcome =
  | { kind: "ok"; body: unknown }
  | { kind: "missing" }
  | { kind: "retry"; why: string }
  | { kind: "rateLimited"; retryAfterMs: number | undefined };

/**
 * TMDB's REST API with the manners it asks for: under its rate limit, a pause for everyone
 * on 429 (honouring Retry-After), timeouts, and exponential back-off with jitter on server
 * errors and timeouts. The key never appears in a log line or an error message: those name
 * the path only.
 */
export class TmdbClient {
  private readonly baseUrl: string;
  private readonly limiter: RateLimiter;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly log: Log;
  private readonly random: () => number;
  private readonly bearer: boolean;
  /** Aborted by `stop`: no request waits for its turn, a Retry-After or a back-off any more. */
  private readonly stopWaiting = new AbortController();
  /** Aborted by `abort`: requests on the wire are dropped too. */
  private readonly stopRequests = new AbortController();

  constructor(private readonly options: TmdbClientOptions) {
    this.baseUrl = (options.baseUrl ?? TMDB_API_BASE).replace(/\/+$/, "");
    this.limiter = new RateLimiter(options.rateLimit ?? { perSecond: 40, concurrency: 8 });
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.log = options.log ?? silentLog;
    this.random = options.random ?? Math.random;
    this.bearer = options.apiKey.startsWith("eyJ");
  }

  /** Requests waiting or running. */
  get pending(): number {
    return this.limiter.pending;
  }

  /**
   * Leaving: every request waiting (for its turn, out a 429's Retry-After, or a back-off)
   * fails now with a `TmdbRequestError`, and none is retried; a request on the wire may
   * still finish. A chat's `quit` must not sit out a minute of TMDB's rate limit.
   */
  stop(): void {
    this.stopWaiting.abort();
  }

  /** `stop`, and requests on the wire are dropped as well. */
  abort(): void {
    this.stop();
    this.stopRequests.abort();
  }

  private stopped(path: string): TmdbStoppedError {
    return new TmdbStoppedError(`TMDB ${path}: given up, the client is closing`);
  }

  /** GET `path` (e.g. "/movie/603"): the JSON body, or undefined when TMDB has no such thing (404). */
  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const { signal } = this.stopWaiting;
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw this.stopped(path);
      let outcome: Outcome;
      try {
        outcome = await this.limiter.schedule(() => this.attempt(path, query), signal);
      } catch (error) {
        if (signal.aborted) throw this.stopped(path);
        throw error;
      }
      if (outcome.kind === "ok") return outcome.body;
      if (outcome.kind === "missing") return undefined;
      const why = outcome.kind === "rateLimited" ? "HTTP 429" : outcome.why;
      const backoff = this.backoffMs * 2 ** (attempt - 1);
      const waitMs =
        outcome.kind === "rateLimited"
          ? (outcome.retryAfterMs ?? backoff)
          : backoff / 2 + (this.random() * backoff) / 2;
      if (outcome.kind === "rateLimited") {
        // The limit is per key: everyone waits, not just this request.
        this.limiter.pauseFor(waitMs);
        this.log.warn({ path, waitMs: Math.round(waitMs) }, "TMDB rate limit hit (429): pausing requests");
      }
      if (attempt >= this.maxAttempts) {
        throw new TmdbRequestError(`TMDB ${path}: gave up after ${attempt} attempts (${why})`);
      }
      if (waitMs > this.maxRetryAfterMs) {
        throw new TmdbRequestError(`TMDB ${path}: asked to wait ${Math.round(waitMs / 1000)} s (${why})`);
      }
      this.log.debug({ path, attempt, waitMs: Math.round(waitMs), why }, "TMDB request retried");
      if (signal.aborted) throw this.stopped(path);
      // After a 429 the limiter holds the next attempt; otherwise this request alone backs off
      // (abortable: `stop` ends the wait, and the loop's first line then gives up).
      if (outcome.kind === "retry") await sleep(waitMs, undefined, { signal }).catch(() => {});
    }
  }

  private url(path: string, query: Record<string, string>): string {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    if (!this.bearer) url.searchParams.set("api_key", this.options.apiKey);
    return url.toString();
  }

  private async attempt(path: string, query: Record<string, string>): Promise<Outcome> {
    let response: Response;
    try {
      response = await fetch(this.url(path, query), {
        headers: {
          accept: "application/json",
          ...(this.bearer ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.stopRequests.signal]),
      });
      if (response.status === 429) {
        await response.body?.cancel();
        return { kind: "rateLimited", retryAfterMs: retryAfterMs(response.headers.get("retry-after")) };
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return { kind: "missing" };
      }
      if (response.status === 401) {
        await response.body?.cancel();
        throw new TmdbAuthError("TMDB refused the API key (HTTP 401): check TMDB_API_KEY");
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        return { kind: "retry", why: `HTTP ${response.status}` };
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new TmdbRequestError(`TMDB ${path}: HTTP ${response.status}`, response.status);
      }
      return { kind: "ok", body: await response.json() };
    } catch (error) {
      if (error instanceof TmdbAuthError || error instanceof TmdbRequestError) throw error;
      const name = (error as Error).name;
      if (name === "TimeoutError" || name === "AbortError") return { kind: "retry", why: "timed out" };
      if (error instanceof SyntaxError) return { kind: "retry", why: "malformed JSON" };
      // fetch's own message is "fetch failed"; the reason is in its cause (ECONNREFUSED…).
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { kind: "retry", why: `network error${cause ? ` ${cause}` : ""}` };
    }
  }
}
