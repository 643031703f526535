import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { type App, type LoadOptions, loadApp, loadServingApp, type ServingApp } from "../app.ts";
import { type Config, loadConfig } from "../config.ts";
import { createLogger } from "../logger.ts";

export interface CommonOptions {
  data?: string;
  json?: boolean;
}

/** Every subcommand takes --data DIR (the ARCHITECTURE contract). */
export function withData(command: Command): Command {
  return command.option(
    "--data <dir>",
    "folder holding the MovieLens dataset folders (env MATINEE_DATA_DIR)",
  );
}

export function setup(options: CommonOptions, quietByDefault = false) {
  const config = loadConfig(process.env, options.data ? { dataDir: options.data } : {});
  const log = createLogger(config.logLevel ?? (quietByDefault || options.json ? "warn" : "info"));
  return { config, log };
}

/** Progress for people: a bar for the one-time download, short lines otherwise (stderr). */
export function loadOptions(log: LoadOptions["log"]): LoadOptions {
  let bar: SingleBar | undefined;
  let readBar: SingleBar | undefined;
  return {
    log,
    notice: (line) => process.stderr.write(`${line}\n`),
    onDownloadProgress: (received, total) => {
      if (!process.stderr.isTTY) return;
      if (!bar) {
        bar = new SingleBar(
          { format: "Downloading MovieLens [{bar}] {percentage}% {value}/{total} KB" },
          Presets.shades_classic,
        );
        bar.start(Math.ceil((total ?? received) / 1024), 0);
      }
      bar.update(Math.ceil(received / 1024));
      if (total !== undefined && received >= total) bar.stop();
    },
    // Once per data change the CSV is read (ML-32M: a minute): a bar on a terminal.
    onReadProgress: (file, read, total) => {
      if (!process.stderr.isTTY || total < 50 * 2 ** 20) return;
      if (!readBar) {
        readBar = new SingleBar(
          {
            format: `Reading ${file} [{bar}] {percentage}% {value}/{total} MB | ETA {eta_formatted}`,
            stream: process.stderr,
          },
          Presets.shades_classic,
        );
        readBar.start(Math.ceil(total / 2 ** 20), 0);
      }
      readBar.update(Math.floor(read / 2 ** 20));
      if (read >= total) readBar.stop();
    },
  };
}

/**
 * The served app, without the ratings in memory (a bot, a one-shot recommendation).
 * `background`: a first start serves at once while the blend trains (`matinee start`, `chat`).
 */
export async function setupApp(
  options: CommonOptions,
  quietByDefault = false,
  load: Pick<LoadOptions, "background"> = {},
): Promise<{ config: Config; app: ServingApp; log: ReturnType<typeof createLogger> }> {
  const { config, log } = setup(options, quietByDefault);
  const app = await loadServingApp(config, { ...loadOptions(log), ...load });
  return { config, app, log };
}

/** The served app with every rating in memory: evaluation and benches, which read them. */
export async function setupAppWithRatings(
  options: CommonOptions,
  quietByDefault = false,
): Promise<{ config: Config; app: App; log: ReturnType<typeof createLogger> }> {
  const { config, log } = setup(options, quietByDefault);
  const app = await loadApp(config, loadOptions(log));
  return { config, app, log };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** The shared conversations folder sits beside the data folder in a checkout (../shared). */
export function findConversationsFile(config: Config, file: string): string | undefined {
  const data = resolve(config.dataDir);
  return [
    join(data, "conversations", file),
    join(dirname(data), "conversations", file),
    join(dirname(dirname(data)), "conversations", file),
  ].find((p) => existsSync(p));
}

export function parseIds(value: string): number[] {
  return value
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n)) throw new Error(`"${v}" is not a MovieLens id`);
      return n;
    });
}
