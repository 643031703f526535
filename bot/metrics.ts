import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Log } from "../core/log.ts";
import type { ChatEvent, Matinee } from "../core/matinee.ts";
import type { StoreBackend } from "../core/store/backend.ts";
import type { ModelRegistry } from "../models/registry/registry.ts";

/** The figures an operator watches, in one registry per process (prom-client's default is global). */
export class Metrics {
  readonly registry = new Registry();
  readonly messages = new Counter({
    name: "matinee_messages_total",
    help: "Events handled by the core, by kind (message, action, import)",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly replies = new Counter({
    name: "matinee_replies_total",
    help: "Replies the core produced",
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: "matinee_errors_total",
    help: "Failed turns by kind (the error's name; 'reply' for an error shown to the person)",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly replyLatency = new Histogram({
    name: "matinee_reply_latency_seconds",
    help: "Time from an event reaching the core to its replies",
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly storeLatency = new Histogram({
    name: "matinee_store_latency_seconds",
    help: "Store calls by operation",
    labelNames: ["op"] as const,
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  constructor(backend: string, models?: ModelRegistry) {
    // Node's own figures (matinee_process_resident_memory_bytes, event-loop lag, GC…).
    collectDefaultMetrics({ register: this.registry, prefix: "matinee_" });
    new Gauge({
      name: "matinee_store_backend",
      help: "The store this process uses (label backend), always 1",
      labelNames: ["backend"] as const,
      registers: [this.registry],
    }).set({ backend }, 1);
    if (models) {
      // Read at scrape time: a scheduled retrain may promote a new version while running.
      new Gauge({
        name: "matinee_model_info",
        help: "The promoted version of each served model (label version), always 1",
        labelNames: ["model", "version"] as const,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const name of ["blend", "popularity"]) {
            const promoted = await models.promoted(name).catch(() => undefined);
            if (promoted) this.set({ model: name, version: promoted.version }, 1);
          }
        },
      });
    }
  }
}

const kindOf = (event: ChatEvent) =>
  "upload" in event ? "import" : "action" in event ? "action" : "message";

/** The core with every turn counted and timed; what the front ends get when metrics are on. */
export function measuredMatinee(matinee: Matinee, metrics: Metrics): Matinee {
  return {
    ...matinee,
    async handle(event) {
      metrics.messages.inc({ kind: kindOf(event) });
      const stop = metrics.replyLatency.startTimer();
      try {
        const replies = await matinee.handle(event);
        metrics.replies.inc(replies.length);
        for (const r of replies) if (r.error) metrics.errors.inc({ kind: "reply" });
        return replies;
      } catch (error) {
        metrics.errors.inc({ kind: (error as Error).name || "Error" });
        throw error;
      } finally {
        stop();
      }
    },
  };
}

/** The store with each call timed by operation. */
export function measuredStore(store: StoreBackend, metrics: Metrics): StoreBackend {
  const timed =
    <A extends unknown[], R>(op: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const stop = metrics.storeLatency.startTimer({ op });
      try {
        return await call(...args);
      } finally {
        stop();
      }
    };
  return {
    backend: store.backend,
    get: timed("get", (key: string) => store.get(key)),
    update: timed("update", (key: string, change: Parameters<StoreBackend["update"]>[1]) =>
      store.update(key, change),
    ),
    delete: timed("delete", (key: string) => store.delete(key)),
    rememberCard: timed("rememberCard", (ref: string, card: Parameters<StoreBackend["rememberCard"]>[1]) =>
      store.rememberCard(ref, card),
    ),
    recallCard: timed("recallCard", (ref: string) => store.recallCard(ref)),
    getPlace: timed("getPlace", (id: string) => store.getPlace(id)),
    updatePlace: timed("updatePlace", (id: string, change: Parameters<StoreBackend["updatePlace"]>[1]) =>
      store.updatePlace(id, change),
    ),
    joinRoster: timed("joinRoster", (place: string, key: string) => store.joinRoster(place, key)),
    roster: timed("roster", (place: string) => store.roster(place)),
    claimUpdate: timed("claimUpdate", (id: number) => store.claimUpdate(id)),
    exportDocument: () => store.exportDocument(),
    importDocument: (doc, label) => store.importDocument(doc, label),
    close: () => store.close(),
  };
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * GET /metrics (Prometheus text) and GET /healthz (200 when the store answers, 503 when it
 * does not), nothing else. Listens on every interface: a scraper is usually on another host.
 */
export function serveMetrics(
  metrics: Metrics,
  store: StoreBackend,
  port: number,
  log: Log,
  host?: string,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET" }).end();
      return;
    }
    if (path === "/metrics") {
      metrics.registry
        .metrics()
        .then((text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text))
        .catch((error: Error) => res.writeHead(500).end(error.message));
      return;
    }
    if (path === "/healthz") {
      store
        .get("healthz:probe")
        .then(() =>
          res
            .writeHead(200, { "content-type": "application/json" })
            .end(JSON.stringify({ status: "ok", store: store.backend })),
        )
        .catch((error: Error) => {
          log.warn({ error: error.message }, "health check: the store does not answer");
          res
            .writeHead(503, { "content-type": "application/json" })
            .end(JSON.stringify({ status: "unavailable", store: store.backend }));
        });
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      log.info({ port: actual }, "metrics on /metrics, health on /healthz");
      resolve({
        port: actual,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
