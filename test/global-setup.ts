import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { chatCasesFor, loadApp, loadData, registryFor } from "../bot/app.ts";
import { loadConfig } from "../bot/config.ts";
import { silentLog } from "../core/log.ts";
import { MODEL_KINDS } from "../models/kinds.ts";
import { trainAndRegister } from "../models/training.ts";
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
  await trainCheapBlend(config);
  await loadApp(config, { log: silentLog });
  project.provide("dataDir", dataDir);
  project.provide("cacheDir", cacheDir);
  return () => rmSync(cacheDir, { recursive: true, force: true });
}

/**
 * The served blend for the suites: its weights still learned (validation items and chat
 * cases), but with the members' settings fixed and the slow members left out, so setup
 * takes seconds; `matinee train` searches the settings and adds sasrec.
 */
async function trainCheapBlend(config: ReturnType<typeof loadConfig>) {
  const { gold } = await loadData(config, { log: silentLog });
  const chatCases = await chatCasesFor(config, gold);
  await trainAndRegister(MODEL_KINDS.blend!, gold, registryFor(config), {
    validate: false,
    log: silentLog,
    ...(chatCases ? { chatCases } : {}),
    config: {
      terms: [
        "ease",
        "ease-chat",
        "ease-loved",
        "transitions",
        "content",
        "popularity",
        "loved-popularity",
        "content*popularity",
      ],
      memberConfigs: {
        ease: { lambda: 200 },
        "ease-chat": { lambda: 1000 },
        "ease-loved": { lambda: 3000 },
        content: { recencyDecay: 0.9 },
      },
    },
  });
}
