import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { loadApp } from "../bot/app.ts";
import { loadConfig } from "../bot/config.ts";
import { silentLog } from "../core/log.ts";
import { sharedDataDir } from "./helpers/paths.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dataDir: string;
    /** Gold data and served models, built once here so suites and CLI runs only load them. */
    cacheDir: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = sharedDataDir();
  const cacheDir = mkdtempSync(join(tmpdir(), "matinee-test-cache-"));
  const config = loadConfig({ MATINEE_DATA_DIR: dataDir, MATINEE_CACHE_DIR: cacheDir });
  await loadApp(config, { log: silentLog });
  project.provide("dataDir", dataDir);
  project.provide("cacheDir", cacheDir);
  return () => rmSync(cacheDir, { recursive: true, force: true });
}
