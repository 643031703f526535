/** How fast one person may send messages: `perSecond` on average, bursts of up to `burst`. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/**
 * What to do with a message: answer it; say "slow down" once (the first message over the
 * rate); or drop it quietly (answering every message of a flood would be a flood of our own).
 */
export type Admission = "ok" | "slow-down" | "drop";

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

/**
 * One token bucket per person. Written here rather than taken from `limiter` or
 * `rate-limiter-flexible`: those read the wall clock themselves, and the core runs on the
 * clock it is given (tests step it, so nothing here depends on real time).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number,
    /** People tracked at once; beyond it the longest-idle bucket goes (it would be full again). */
    private readonly maxKeys = 50_000,
  ) {}

  admit(key: string): Admission {
    const at = this.now();
    const old = this.buckets.get(key);
    const refilled = old
      ? Math.min(this.rate.burst, old.tokens + (Math.max(0, at - old.at) / 1000) * this.rate.perSecond)
      : this.rate.burst;
    const bucket: Bucket = { tokens: refilled, at, warned: old?.warned ?? false };
    let admission: Admission;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      admission = "ok";
    } else {
      admission = bucket.warned ? "drop" : "slow-down";
      bucket.warned = true;
    }
    // Re-inserting keeps the map in least-recently-seen order, so the first key is the idlest.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const idlest = this.buckets.keys().next().value;
      if (idlest !== undefined) this.buckets.delete(idlest);
    }
    return admission;
  }
}
