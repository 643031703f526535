import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import { parseCount, writeSynthetic } from "../../data/synth.ts";
import { printJson } from "./shared.ts";

const count = (value: string) => {
  try {
    return parseCount(value);
  } catch (error) {
    throw new UserFacingError((error as Error).message);
  }
};

export function registerSynth(program: Command): void {
  program
    .command("synth")
    .description(
      "write deterministic MovieLens-layout data (movies, ratings, tags, links) with long-tailed " +
        "popularity, genre tastes, series watched in order and same-second bursts",
    )
    .option("--ratings <n>", "ratings to write (1000000, 32M)", count, 1_000_000)
    .option("--films <n>", "films (87k)", count, 20_000)
    .option("--users <n>", "users (200k)", count, 8_000)
    .option("--seed <n>", "same seed, same files", (v) => Number.parseInt(v, 10), 1)
    .requiredOption(
      "--out <dir>",
      "folder for the four CSV files (name it ml-32m/ to load it as MATINEE_DATASET=ml-32m)",
    )
    .option("--json", "print one JSON document")
    .action(
      async (options: {
        ratings: number;
        films: number;
        users: number;
        seed: number;
        out: string;
        json?: boolean;
      }) => {
        const bar = process.stderr.isTTY
          ? new SingleBar(
              {
                format: "Writing ratings [{bar}] {percentage}% {value}/{total} | ETA {eta_formatted}",
                stream: process.stderr,
              },
              Presets.shades_classic,
            )
          : undefined;
        bar?.start(options.ratings, 0);
        let shown = 0;
        const summary = await writeSynthetic({
          ...options,
          onProgress: (written) => {
            // A redraw per percent: a bar per user would cost more than the writing.
            if (written - shown < options.ratings / 100) return;
            shown = written;
            bar?.update(written);
          },
        }).finally(() => bar?.stop());
        if (options.json) printJson({ out: options.out, seed: options.seed, ...summary });
        else
          process.stdout.write(
            `${summary.ratings} ratings by ${summary.users} users of ${summary.films} films (${summary.series} series, ${summary.tags} tags) in ${options.out}, ${summary.seconds.toFixed(1)} s\n`,
          );
      },
    );
}
