import type { Log } from "../../core/log.ts";

export type Tf = typeof import("@tensorflow/tfjs");
export type BackendName = "tensorflow" | "wasm" | "cpu";

let ready: Promise<{ tf: Tf; backend: BackendName }> | undefined;

/**
 * tfjs with the fastest backend that loads here: tfjs-node (native libtensorflow), else
 * wasm, else the pure-JS cpu backend. tfjs-node is an optional dependency because its
 * install downloads a binary that some machines cannot fetch; wasm runs matMul ~40x faster
 * than cpu, so it is the usual choice. Chosen once per process and logged.
 */
export function loadTf(log?: Log): Promise<{ tf: Tf; backend: BackendName }> {
  ready ??= choose(log);
  return ready;
}

async function choose(log?: Log): Promise<{ tf: Tf; backend: BackendName }> {
  try {
    // A string the bundler cannot see through: tfjs-node may legitimately be absent.
    const nodeModule = "@tensorflow/tfjs-node";
    const tfNode = (await import(nodeModule)) as Tf;
    await tfNode.ready();
    log?.info({ backend: "tensorflow" }, "tfjs backend");
    return { tf: tfNode, backend: "tensorflow" };
  } catch {
    // Fall through to wasm.
  }
  const tf = await import("@tensorflow/tfjs");
  try {
    await import("@tensorflow/tfjs-backend-wasm");
    if ((await tf.setBackend("wasm")) && tf.getBackend() === "wasm") {
      await tf.ready();
      log?.info({ backend: "wasm" }, "tfjs backend");
      return { tf, backend: "wasm" };
    }
  } catch {
    // Fall through to cpu.
  }
  await tf.setBackend("cpu");
  await tf.ready();
  log?.warn({ backend: "cpu" }, "tfjs backend: neither tfjs-node nor wasm loaded; training will be slow");
  return { tf, backend: "cpu" };
}
