/** Milliseconds since some origin: what a fake server reads to decide whether a deadline passed. */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const realClock: Clock = { now: () => Date.now() };

/**
 * A clock that stands still until a test moves it, so a fake's deadlines (Discord's 3 s to
 * answer an interaction, 15 min for its token) are crossed exactly when the test says and
 * never because a loaded machine was slow; no test waits for real.
 */
export class FakeClock implements Clock {
  private ms: number;

  constructor(start = Date.UTC(2024, 4, 1, 20)) {
    this.ms = start;
  }

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error("a clock does not go back");
    this.ms += ms;
  }
}
