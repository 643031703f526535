/**
 * Inline queries come a keystroke at a time ("h", "he", "hea", "heat"), and Telegram only
 * shows the answer to the latest. Per person: one query worked on at a time, a new one
 * started at most every `intervalMs`, and a query still waiting is replaced by the newer
 * one (never answered: its answer would be thrown away). So one fast typist costs at most
 * one answer per interval, and the last thing they typed is always answered.
 */
export class InlineGate {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly intervalMs: number) {}

  /** Runs `job` in its turn: resolves true once it ran, false if a newer query of this person replaced it. */
  submit(person: string, job: () => Promise<void>): Promise<boolean> {
    let lane = this.lanes.get(person);
    if (!lane) {
      lane = { busy: false, startedAt: Number.NEGATIVE_INFINITY };
      this.lanes.set(person, lane);
    }
    lane.waiting?.settle(false);
    const queued = new Promise<boolean>((settle) => {
      lane.waiting = { job, settle };
    });
    this.pump(person, lane);
    return queued;
  }

  /** People with a query running or waiting, or answered within the interval (for tests and bounds). */
  get size(): number {
    return this.lanes.size;
  }

  private pump(person: string, lane: Lane): void {
    if (lane.busy || lane.timer) return;
    const wait = lane.startedAt + this.intervalMs - Date.now();
    if (!lane.waiting) {
      // Idle: forget the person once the interval is over (an early return would have to wait anyway).
      if (wait <= 0) this.lanes.delete(person);
      else lane.timer = this.later(wait, person, lane);
      return;
    }
    if (wait > 0) {
      lane.timer = this.later(wait, person, lane);
      return;
    }
    const { job, settle } = lane.waiting;
    lane.waiting = undefined;
    lane.busy = true;
    lane.startedAt = Date.now();
    // A job reports its own errors; one that throws still frees the lane.
    job()
      .catch(() => {})
      .finally(() => {
        lane.busy = false;
        settle(true);
        this.pump(person, lane);
      });
  }

  private later(ms: number, person: string, lane: Lane): NodeJS.Timeout {
    // Unref'd: a waiting keystroke never keeps a stopping process alive.
    return setTimeout(() => {
      lane.timer = undefined;
      this.pump(person, lane);
    }, ms).unref();
  }
}

interface Lane {
  busy: boolean;
  startedAt: number;
  waiting?: { job: () => Promise<void>; settle: (ran: boolean) => void };
  timer?: NodeJS.Timeout;
}
