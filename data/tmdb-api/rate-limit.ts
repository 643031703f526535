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

  async schedule<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line, so a newcomer can't slip in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  private async acquire(): Promise<void> {
    if (this.active >= this.options.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    for (;;) {
      const now = this.now();
      // Reserve a start time before sleeping, so tasks waiting together don't all start together.
      const start = Math.max(now, this.nextStart, this.pausedUntil);
      this.nextStart = start + this.interval;
      if (start <= now) return;
      await sleep(start - now);
      // A pause may have come in while this one slept: then take a new turn after it.
      if (this.now() >= this.pausedUntil) return;
    }
  }
}
