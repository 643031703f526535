import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Log } from "../../core/log.ts";
import type { FromHelper, HelperSpec, ToHelper } from "./batch-helper.ts";
import type { Answer } from "./batch-lines.ts";
import type { LineAnswerer } from "./batch-task.ts";

export interface PoolOptions {
  /** Threads answering lines, this one included; 1 keeps everything in this thread. */
  threads: number;
  /**
   * Lines this thread answers alone before helpers start: a helper loads the catalogue and
   * the models (a second or two), which a short batch would only wait for.
   */
  startAfter: number;
  log: Log;
  /** A bug while answering a line, in whichever thread. */
  onBug: (error: Error) => void;
}

/** One thread per core by default. */
export const defaultThreads = () => availableParallelism();

/** Lines sent to one helper before it answers: enough that it never waits on this thread. */
const LINES_PER_HELPER = 4;
/** About a second of answering in this thread. */
export const DEFAULT_START_AFTER = 200;

const HELPER_ENTRY = new URL("./batch-helper-thread.js", import.meta.url);

/**
 * A helper thread answering lines with the same catalogue and models. If it fails (at start
 * or later), the lines it held are answered by `fallback` in this thread: nothing is lost.
 */
class Helper {
  readonly thread: Worker;
  ready = false;
  dead = false;
  private next = 0;
  private readonly waiting = new Map<number, { line: string; resolve: (answer: Answer) => void }>();
  readonly settled: Promise<void>;

  constructor(
    spec: HelperSpec,
    private readonly fallback: (line: string) => Answer,
    private readonly log: Log,
    onBug: (error: Error) => void,
  ) {
    this.thread = new Worker(HELPER_ENTRY, { workerData: spec });
    let settle: () => void = () => {};
    this.settled = new Promise((resolve) => {
      settle = resolve;
    });
    this.thread.on("message", (message: FromHelper) => {
      if (message.type === "ready") {
        this.ready = true;
        settle();
        return;
      }
      const asked = this.waiting.get(message.seq);
      if (!asked) return;
      this.waiting.delete(message.seq);
      if (message.bug) onBug(Object.assign(new Error(message.bug.message), { stack: message.bug.stack }));
      asked.resolve(message.answer);
    });
    this.thread.on("error", (error) => {
      this.fail(error.message);
      settle();
    });
    this.thread.on("exit", (code) => {
      this.fail(`exited with code ${code}`);
      settle();
    });
  }

  get load(): number {
    return this.waiting.size;
  }

  ask(line: string): Promise<Answer> {
    const seq = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(seq, { line, resolve });
      this.thread.postMessage({ seq, line } satisfies ToHelper);
    });
  }

  /** `closing`: stopped on purpose once the batch is written, which is nothing to warn of. */
  private fail(reason: string, closing = false): void {
    if (this.dead) return;
    this.dead = true;
    if (!closing && (this.ready || this.waiting.size > 0))
      this.log.warn(
        { reason, lines: this.waiting.size },
        "batch helper thread stopped; this thread takes its lines",
      );
    else if (!closing)
      this.log.warn({ reason }, "batch helper thread could not start; answering in this thread");
    for (const { line, resolve } of this.waiting.values()) resolve(this.fallback(line));
    this.waiting.clear();
  }

  /** Stops the thread; lines it still held are answered here. */
  async stop(): Promise<void> {
    this.fail("stopped", true);
    await this.thread.terminate();
  }
}

/**
 * Answers batch lines in this thread and, once a batch is long enough to be worth it, in
 * helper threads too (one per further core). A line goes to the least busy helper that is
 * ready and not full, else it is answered here at once: this thread never idles, and helpers
 * that are still loading or have failed cost nothing. Answers come back as promises;
 * `runBatch` writes them in input order.
 */
export class BatchPool {
  private readonly helpers: Helper[] = [];
  private lines = 0;
  /** Lines answered here (a failed helper's lines included) and lines sent to helpers. */
  readonly counts = { here: 0, helpers: 0 };

  constructor(
    private readonly local: LineAnswerer,
    private readonly spec: () => HelperSpec,
    private readonly options: PoolOptions,
  ) {}

  readonly answer = (line: string): Answer | Promise<Answer> => {
    if (this.lines++ === this.options.startAfter) this.start();
    const helper = this.idlest();
    if (helper) {
      this.counts.helpers++;
      return helper.ask(line);
    }
    return this.here(line);
  };

  /** Resolves once every helper has loaded or failed (benchmarks and tests wait on it). */
  async ready(): Promise<number> {
    await Promise.all(this.helpers.map((h) => h.settled));
    return this.helpers.filter((h) => h.ready && !h.dead).length;
  }

  /** Helper threads started; for tests that need to stop one mid-batch. */
  get threads(): readonly Worker[] {
    return this.helpers.map((h) => h.thread);
  }

  /** Starts the helpers now rather than after `startAfter` lines. */
  start(): void {
    if (this.helpers.length > 0 || this.options.threads <= 1) return;
    const started = performance.now();
    const spec = this.spec();
    for (let i = 1; i < this.options.threads; i++)
      this.helpers.push(new Helper(spec, (line) => this.here(line), this.options.log, this.options.onBug));
    void this.ready().then((ready) =>
      this.options.log.info(
        { helpers: ready, seconds: Math.round((performance.now() - started) / 100) / 10 },
        "batch helper threads ready",
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.helpers.map((h) => h.stop()));
  }

  private here(line: string): Answer {
    this.counts.here++;
    return this.local(line, this.options.onBug);
  }

  private idlest(): Helper | undefined {
    let best: Helper | undefined;
    for (const h of this.helpers)
      if (h.ready && !h.dead && h.load < LINES_PER_HELPER && (!best || h.load < best.load)) best = h;
    return best;
  }
}
