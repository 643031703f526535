import { Worker } from "node:worker_threads";
import type { Interactions } from "../../data/gold.ts";
import type { Window } from "./batches.ts";
import type { StepShare } from "./step.ts";
import type { SoftTargets } from "./teacher.ts";

/** What the helper thread needs to build the graph: the shapes, and the dropout it trains with. */
export interface HelperSpec {
  nItems: number;
  dim: number;
  maxLen: number;
  blocks: number;
  dropout: number;
}

export type ToHelper =
  | { type: "share"; share: StepShare; weights: Record<string, Float32Array> }
  | { type: "teacher"; interactions: Interactions; windows: Window[]; k: number };
type FromHelper =
  | { type: "ready" }
  | { type: "gradients"; loss: number; rows: number; grads: Record<string, Float32Array> }
  | { type: "teacher"; targets: SoftTargets }
  | { type: "failed"; message: string };

/** A share's loss and gradients as plain arrays, by weight name. */
export interface RemoteGradients {
  loss: number;
  rows: number;
  grads: Record<string, Float32Array>;
}

const ENTRY = new URL("./gradient-thread.js", import.meta.url);

/**
 * A worker thread doing half of the training's work on the second core, with its own tfjs
 * (a wasm instance is single-threaded; two of them side by side run the step's heavy ops at
 * about 1.9× the throughput of one on this machine's two cores): half of the teacher's soft
 * targets, then one share of each step. One request is in flight at a time.
 */
export class GradientHelper {
  private pending?: { resolve: (m: FromHelper) => void; reject: (e: Error) => void };
  private failure?: Error;

  private constructor(private readonly thread: Worker) {
    thread.on("message", (m: FromHelper) => {
      if (m.type === "failed") this.settle(new Error(m.message));
      else this.settle(undefined, m);
    });
    thread.on("error", (e) => this.settle(e));
    thread.on("exit", (code) => this.settle(new Error(`gradient helper exited with code ${code}`)));
  }

  /** Starts the thread and waits until its tfjs is ready; rejects if it cannot start. */
  static start(spec: HelperSpec): Promise<GradientHelper> {
    const thread = new Worker(ENTRY, { workerData: spec });
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => fail(new Error(`gradient helper exited with code ${code}`));
      const stopWaiting = () => {
        thread.off("error", fail);
        thread.off("exit", onExit);
      };
      function fail(e: Error) {
        stopWaiting();
        void thread.terminate();
        reject(e);
      }
      thread.once("error", fail);
      thread.once("exit", onExit);
      thread.once("message", (m: FromHelper) => {
        // Only these listeners: the Worker keeps its own (they ref its port).
        stopWaiting();
        if (m.type !== "ready") return fail(new Error("gradient helper did not start"));
        resolve(new GradientHelper(thread));
      });
    });
  }

  /** Gradients of `share` at `weights`; the arrays are transferred to the thread. */
  async compute(share: StepShare, weights: Record<string, Float32Array>): Promise<RemoteGradients> {
    const transfer = Object.values(weights).map((a) => a.buffer as ArrayBuffer);
    const m = await this.ask({ type: "share", share, weights }, transfer);
    if (m.type !== "gradients") throw new Error(`gradient helper answered "${m.type}" to a share`);
    return { loss: m.loss, rows: m.rows, grads: m.grads };
  }

  /** The cross-fitted teacher's soft targets for `windows` (teacher.ts), computed there. */
  async teacher(interactions: Interactions, windows: Window[], k: number): Promise<SoftTargets> {
    const m = await this.ask({ type: "teacher", interactions, windows, k }, []);
    if (m.type !== "teacher") throw new Error(`gradient helper answered "${m.type}" to the teacher`);
    return m.targets;
  }

  close(): Promise<number> {
    this.failure ??= new Error("gradient helper closed");
    return this.thread.terminate();
  }

  private ask(message: ToHelper, transfer: ArrayBuffer[]): Promise<FromHelper> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error("gradient helper is busy"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.thread.postMessage(message, transfer);
    });
  }

  private settle(error: Error | undefined, message?: FromHelper) {
    if (error) this.failure ??= error;
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    if (error) p.reject(error);
    else p.resolve(message!);
  }
}
