import { setTimeout as sleep } from "node:timers/promises";

export interface RateLimitOptions {
  /** Requests started per second at most (TMDB allows about 50; stay under it). */
  perSecond: number;
  /** Requests in flight at once at most. */
  concurrency: number;
}

/**
 * Spaces tasks out (at most `perSecond` starts a second, at most `concurrency` running) and
 * lets a 429 pause everyone: the limit is per API key, so when TMDB says "wait", every
 * queued request waits, not just the one that was told.
 */
export class RateLimiter {
  private readonly interval: number;
  private nextStart = 0;
  private pausedUntil = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(options.perSecond > 0) || !(options.concurrency >= 1)) {
      throw new RangeError("perSecond must be > 0 and concurrency ≥ 1");
    }
    this.interval = 1000 / options.perSecond;
  }

  /** Holds every start until `ms` from now (a Retry-After). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Requests running or waiting for their turn. */
  get pending(): number {
    return this.active + this.waiting.length;
  }

  /**
   * Runs `task` when its turn comes. `signal` gives up the wait (the task never runs; the
   * promise rejects with the signal's reason): how a client that is closing stops queued
   * and paused requests at once instead of after a Retry-After of a minute.
   */
  async schedule<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Hands the slot straight to the next in line, so a newcomer can't slip in between. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private async acquire(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.active >= this.options.concurrency) await this.queue(signal);
    else this.active++;
    try {
      for (;;) {
        const now = this.now();
        // Reserve a start time before sleeping, so tasks waiting together don't all start together.
        const start = Math.max(now, this.nextStart, this.pausedUntil);
        this.nextStart = start + this.interval;
        if (start <= now) return;
        // Abortable rather than unref'd: someone may be awaiting this request (the poster
        // refresh, a script), and an unref'd wait would let the process end under them.
        await sleep(start - now, undefined, signal ? { signal } : {});
        // A pause may have come in while this one slept: then take a new turn after it.
        if (this.now() >= this.pausedUntil) return;
      }
    } catch (error) {
      this.release();
      throw error;
    }
  }

  /** Waits for a free slot (handed over by `release`), or until `signal` gives up. */
  private queue(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener("abort", abort);
        resolve();
      };
      const abort = () => {
        const at = this.waiting.indexOf(go);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", abort, { once: true });
      this.waiting.push(go);
    });
  }
}
