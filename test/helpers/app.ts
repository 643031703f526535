import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Memory } from "lowdb";
import { inject } from "vitest";
import { type App, loadApp } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { silentLog } from "../../core/log.ts";
import { createMatinee, type Matinee } from "../../core/matinee.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { REPO_ROOT } from "./paths.ts";
import { tempDir } from "./temp-dir.ts";

export { tempDir };

let app: Promise<App> | undefined;

/** The real app over the shared ml-latest-small, loaded once per test file from the warm cache. */
export function sharedApp(): Promise<App> {
  app ??= loadApp(
    loadConfig({ MATINEE_DATA_DIR: inject("dataDir"), MATINEE_CACHE_DIR: inject("cacheDir") }),
    {
      log: silentLog,
    },
  );
  return app;
}

/** The core over the shared app with a fresh in-memory store, as every front end gets it. */
export async function memoryMatinee(): Promise<{ app: App; store: LowdbStore; matinee: Matinee }> {
  const app = await sharedApp();
  const store = new LowdbStore(new Memory<StoreData>());
  const matinee = createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });
  return { app, store, matinee };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a `matinee` child process starts from in tests: no token or setting of the
 * machine's own, the shared data and the warm model cache.
 */
export function cliEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpdir(),
    MATINEE_DATA_DIR: inject("dataDir"),
    MATINEE_CACHE_DIR: inject("cacheDir"),
  };
}

/**
 * Runs the real `matinee` command (bot/bin.js) in a child process against the shared data
 * and warm cache, with its own store file unless the caller's env names one.
 */
export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const env: Record<string, string> = {
    ...cliEnv(),
    MATINEE_STORE_PATH: join(tempDir("matinee-store-"), "store.json"),
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "bot/bin.js"), ...args], { cwd: REPO_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}
