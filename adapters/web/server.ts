import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { apiRoutes } from "./api.ts";
import { BadRequest } from "./bad-request.ts";
import type { WebDeps } from "./deps.ts";
import { readStatic } from "./static.ts";

export { MAX_BODY_BYTES, MAX_UPLOAD_BYTES, WEB_PLATFORM, type WebDeps } from "./deps.ts";

/** The pages, by path: each is a static HTML file whose script is a plain ES module. */
const PAGES: Record<string, string> = {
  "/": "index.html",
  "/rate": "rate.html",
  "/tune": "tune.html",
  "/eval": "eval.html",
};

/**
 * Scripts, styles and data only from this server; posters from TMDB's image host; no
 * framing, no plugins, no inline script.
 */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "https://image.tmdb.org", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The web's routes over the core: JSON API under /api, the pages, /healthz. */
export function webApp(deps: WebDeps): Hono {
  const files = readStatic();
  const app = new Hono();

  app.use("*", secureHeaders({ contentSecurityPolicy: CSP, crossOriginEmbedderPolicy: false }));
  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.json({ error: error.message }, error.status);
    // The detail goes to the log; the client learns only that it was not its fault.
    deps.log.error({ err: error, path: c.req.path }, "web request failed");
    return c.json({ error: "internal error" }, 500);
  });
  app.notFound((c) =>
    c.req.path.startsWith("/api/") ? c.json({ error: "not found" }, 404) : c.text("Not found", 404),
  );

  app.get("/healthz", (c) => c.json({ ok: true }));

  app.route("/api", apiRoutes(deps));

  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, (c) => sendFile(c, files.get(file)));
  }
  app.get("/static/:file", (c) => sendFile(c, files.get(c.req.param("file"))));
  return app;
}

function sendFile(c: Context, file: { body: Uint8Array; type: string } | undefined) {
  if (!file) return c.text("Not found", 404);
  c.header("Content-Type", file.type);
  c.header("Cache-Control", "no-cache");
  return c.body(file.body as Uint8Array<ArrayBuffer>);
}

export interface WebServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Serves the web app on host:port (port 0: any free port, as tests use). */
export function serveWeb(deps: WebDeps, port: number, host = "127.0.0.1"): Promise<WebServer> {
  const app = webApp(deps);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${info.port}`;
      resolve({
        port: info.port,
        url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections would hold the close open until they time out.
            if ("closeAllConnections" in server) server.closeAllConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
