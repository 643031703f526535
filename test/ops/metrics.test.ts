import { createServer } from "node:net";
import { join } from "node:path";
import { expect, inject, test } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { openServing } from "../../bot/serve.ts";
import { silentLog } from "../../core/log.ts";
import { sharedApp, tempDir } from "../helpers/app.ts";

/** A port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

test("MATINEE_METRICS_PORT: /metrics counts turns, replies and store calls; /healthz tells whether the store answers", async () => {
  const app = await sharedApp();
  const port = await freePort();
  const config = loadConfig({
    MATINEE_DATA_DIR: inject("dataDir"),
    MATINEE_CACHE_DIR: inject("cacheDir"),
    MATINEE_STORE_PATH: join(tempDir("matinee-metrics-"), "store.db"),
    MATINEE_METRICS_PORT: String(port),
  });
  const serving = await openServing(app, config, silentLog, { jobs: false });
  const base = `http://127.0.0.1:${port}`;
  try {
    const matinee = serving.matinee();
    await matinee.handle({ platform: "test", userId: "1", text: "I loved Heat and The Godfather" });
    await matinee.handle({ platform: "test", userId: "1", action: { type: "help" } });

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^matinee_messages_total\{kind="message"\} 1$/m);
    expect(text).toMatch(/^matinee_messages_total\{kind="action"\} 1$/m);
    expect(text).toMatch(/^matinee_replies_total [1-9]/m);
    expect(text).toMatch(/^matinee_reply_latency_seconds_count 2$/m);
    expect(text).toMatch(/^matinee_store_latency_seconds_count\{op="update"\} [1-9]/m);
    expect(text).toMatch(/^matinee_store_backend\{backend="sqlite"\} 1$/m);
    expect(text).toMatch(/^matinee_model_info\{model="blend",version="[^"]+"\} 1$/m);
    expect(text).toMatch(/^matinee_process_resident_memory_bytes /m);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", store: "sqlite" });
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);

    // A store that stops answering turns the health check red.
    await serving.store.close();
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "unavailable", store: "sqlite" });
  } finally {
    await serving.close();
  }
  await expect(fetch(`${base}/healthz`)).rejects.toThrow();
});

test("a bad MATINEE_METRICS_PORT stops start-up with one line", () => {
  expect(() => loadConfig({ MATINEE_METRICS_PORT: "http" })).toThrow(
    /^Configuration error: MATINEE_METRICS_PORT must be a port number from 1 to 65535 \(got "http"\)$/,
  );
});
