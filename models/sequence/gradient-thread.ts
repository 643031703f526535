import { parentPort, workerData } from "node:worker_threads";
import { loadTf } from "../tfjs/backend.ts";
import type { HelperSpec, ToHelper } from "./gradient-helper.ts";
import { assignWeights, type GraphVars, toVariables } from "./graph.ts";
import { shareGradients } from "./step.ts";
import { seqKnnTeacher } from "./teacher.ts";
import { initialWeights } from "./weights.ts";

// The parent's helper (gradient-helper.ts): the parent sends the current weights with each
// share, so this thread keeps no optimizer state of its own.
const spec = workerData as HelperSpec;
const { tf } = await loadTf();
const vars: GraphVars = toVariables(tf, initialWeights(spec.nItems, spec.dim, spec.maxLen, spec.blocks, 0));
const port = parentPort!;

port.on("message", (message: ToHelper) => {
  try {
    if (message.type === "teacher") {
      const targets = seqKnnTeacher(spec.nItems, message.interactions, message.windows, message.k);
      port.postMessage({ type: "teacher", targets });
      return;
    }
    assignWeights(tf, vars, message.weights);
    const { loss, rows, grads } = shareGradients(tf, vars, message.share, spec);
    const arrays: Record<string, Float32Array> = {};
    for (const [name, g] of Object.entries(grads)) {
      // A copy: the backend may hand out its own buffer, which the transfer below would detach.
      arrays[name] = Float32Array.from(g.dataSync() as Float32Array);
      g.dispose();
    }
    port.postMessage(
      { type: "gradients", loss, rows, grads: arrays },
      Object.values(arrays).map((a) => a.buffer as ArrayBuffer),
    );
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ type: "failed", message: e.message });
  }
});
port.postMessage({ type: "ready" });
