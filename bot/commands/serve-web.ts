import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { serveWeb, type WebServer } from "../../adapters/web/server.ts";
import { UserFacingError } from "../../core/errors.ts";
import type { Log } from "../../core/log.ts";
import { writeFileAtomic } from "../../data/write-atomic.ts";
import type { ServingApp } from "../app.ts";
import type { Config } from "../config.ts";
import { openServing, type Serving } from "../serve.ts";
import { type CommonOptions, setupApp, withData } from "./shared.ts";

/** The web app lists ten films a page, as the terminal does. */
const WEB_PAGE_SIZE = 10;
const DEFAULT_PORT = 8080;

/**
 * The cookie secret: the configured one, else one made on first start and kept in the cache
 * folder (mode 600), so profiles outlive a restart without anyone having to set it.
 */
async function webSecret(config: Config): Promise<string> {
  if (config.webSecret) return config.webSecret;
  const file = join(config.cacheDir, "web-secret");
  if (existsSync(file)) {
    const kept = (await readFile(file, "utf8")).trim();
    if (kept.length >= 16) return kept;
  }
  const made = randomBytes(32).toString("base64url");
  await mkdir(config.cacheDir, { recursive: true });
  await writeFileAtomic(file, `${made}\n`, 0o600);
  return made;
}

/** A saved eval report: the one configured, else `eval-report.json` beside the served models. */
function reportFile(config: Config): string {
  return config.evalReport ?? join(config.cacheDir, "models", config.dataset, "eval-report.json");
}

/** The web app over a process's shared serving (one store with the bots), on `port`. */
export async function startWeb(
  app: ServingApp,
  serving: Serving,
  config: Config,
  log: Log,
  port: number,
): Promise<WebServer> {
  const { stats } = app.gold;
  const host = config.httpHost ?? "127.0.0.1";
  try {
    const server = await serveWeb(
      {
        catalogue: app.catalogue,
        titles: app.titles,
        models: app.models,
        registry: app.registry,
        // Per-client HTTP limits instead of the chat's per-person message rate.
        matinee: serving.matinee(WEB_PAGE_SIZE, { rateLimited: false }),
        store: serving.store,
        rerank: config.rerank,
        pipeline: {
          dataset: app.gold.dataset,
          bronzeRatings: stats.ratings + stats.skippedRatings,
          silverMovies: stats.items,
          goldRatings: stats.ratings,
          goldUsers: stats.users,
          skippedRatings: stats.skippedRatings,
        },
        reportFile: reportFile(config),
        secret: await webSecret(config),
        log,
      },
      port,
      host,
    );
    log.info({ platform: "web", url: server.url }, "web app online");
    return server;
  } catch (error) {
    throw new UserFacingError(`Cannot serve the web app on ${host}:${port}: ${(error as Error).message}`);
  }
}

interface ServeOptions extends CommonOptions {
  port?: string;
  host?: string;
}

export function registerServe(program: Command): void {
  withData(program.command("serve"))
    .description(
      "serve the web app (Try it, Rate to start, Tune, How well it works) and its JSON API, " +
        `on MATINEE_HTTP_PORT or --port (default ${DEFAULT_PORT})`,
    )
    .option("--port <n>", "port to listen on (0: any free port)")
    .option("--host <address>", "address to listen on (env MATINEE_HTTP_HOST; default 127.0.0.1)")
    .action(async (options: ServeOptions) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
        throw new UserFacingError(`--port must be a port number from 0 to 65535 (got "${options.port}")`);
      const loaded = await setupApp(options);
      const config = options.host ? { ...loaded.config, httpHost: options.host } : loaded.config;
      const { app, log } = loaded;
      const serving = await openServing(app, config, log);
      let server: WebServer;
      try {
        server = await startWeb(app, serving, config, log, port ?? config.httpPort ?? DEFAULT_PORT);
      } catch (error) {
        await serving.close();
        throw error;
      }
      process.stderr.write(`Matinee is served at ${server.url}/\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      await server.close();
      await serving.close();
    });
}
