import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import { type BlendConfig, termsWithout } from "../../models/blend/blend.ts";
import { MODEL_KINDS, SERVING_MODELS } from "../../models/kinds.ts";
import type { FitHooks, FitProgress } from "../../models/recommender.ts";
import { trainAndRegister } from "../../models/training.ts";
import { chatCasesFor, loadData, registryFor } from "../app.ts";
import { type CommonOptions, loadOptions, printJson, setup, withData } from "./shared.ts";

const shortValue = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(v) : v.toFixed(4));

/** "12 s", "4 min 05 s", "1 h 02 min": elapsed and remaining time in a progress line. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** Time left in a stage at the rate so far (undefined before the first step is done). */
export function etaSeconds(elapsed: number, step: number, steps: number): number | undefined {
  if (!(step > 0) || !(steps > 0) || step > steps) return undefined;
  return (elapsed / step) * (steps - step);
}

/** How often a line without a terminal repeats a long stage's progress. */
const LINE_EVERY_MS = 15_000;

/**
 * A progress bar on stderr for one model's fit: its stage (a blend member and its step:
 * λ search, sweeps, neighbours per film …), steps, the latest figures (loss, validation
 * NDCG@10) and an ETA. Without a terminal (a log file), a line per stage and every 15 s
 * of a long one, each with the time spent in the stage and the ETA.
 */
export function progressHooks(
  model: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
  tty = Boolean(process.stderr.isTTY),
  now: () => number = () => performance.now(),
): { hooks: FitHooks; stop: () => void } {
  let bar: SingleBar | undefined;
  let stage = "";
  let stageStarted = now();
  // Fits report a step when it is done: a new stage's work began at the previous report.
  let lastReport = stageStarted;
  let lastLine = 0;
  const figures: Record<string, number> = {};
  const onProgress = (p: FitProgress) => {
    if (p.stage !== stage) {
      bar?.stop();
      bar = undefined;
      if (!tty && stage)
        write(`${model}: ${stage} done in ${formatSeconds((now() - stageStarted) / 1000)}\n`);
      stage = p.stage;
      stageStarted = lastReport;
      lastLine = now();
      for (const k of Object.keys(figures)) delete figures[k];
      if (!tty) write(`${model}: ${stage}\n`);
    }
    lastReport = now();
    Object.assign(figures, p.values ?? {});
    const values = Object.entries(figures)
      .map(([k, v]) => `${k} ${shortValue(v)}`)
      .join(", ");
    if (!tty) {
      const t = now();
      if (p.values || t - lastLine >= LINE_EVERY_MS) {
        lastLine = t;
        const elapsed = (t - stageStarted) / 1000;
        const eta = etaSeconds(elapsed, p.step, p.steps);
        const timing = `${formatSeconds(elapsed)} in${eta === undefined ? "" : `, ETA ${formatSeconds(eta)}`}`;
        write(`${model}: ${stage} ${p.step}/${p.steps} (${timing})${values ? ` ${values}` : ""}\n`);
      }
      return;
    }
    if (!bar) {
      bar = new SingleBar(
        {
          format: `${model} | {stage} [{bar}] {value}/{total} | {values} | ETA {eta_formatted}`,
          etaBuffer: 5,
          hideCursor: true,
          stream: process.stderr,
        },
        Presets.shades_classic,
      );
      bar.start(p.steps, 0, { stage, values });
    }
    bar.update(p.step, { stage, values });
  };
  return {
    hooks: { onProgress },
    stop: () => {
      bar?.stop();
      if (!tty && stage)
        write(`${model}: ${stage} done in ${formatSeconds((now() - stageStarted) / 1000)}\n`);
    },
  };
}

/** The blend's recipe without the skipped members. */
export function blendSkipping(skip: readonly string[]): Partial<BlendConfig> {
  return { terms: termsWithout((MODEL_KINDS.blend!.defaults as BlendConfig).terms, skip) };
}

export function registerTrain(program: Command): void {
  withData(program.command("train"))
    .description(
      "train models, register them, and promote each one that beats the served version on validation",
    )
    .option("--model <names...>", `models to train (default: ${SERVING_MODELS.join(", ")})`)
    .option("--skip <names...>", "leave these models out, also as blend members (e.g. --skip sasrec)")
    .option("--json", "print one JSON document")
    .action(async (options: CommonOptions & { model?: string[]; skip?: string[] }) => {
      const skip = options.skip ?? [];
      for (const n of [...(options.model ?? []), ...skip])
        if (!MODEL_KINDS[n])
          throw new UserFacingError(`Unknown model "${n}". Known: ${Object.keys(MODEL_KINDS).join(", ")}.`);
      const names = (options.model ?? [...SERVING_MODELS]).filter((n) => !skip.includes(n));
      const { config, log } = setup(options);
      const { gold } = await loadData(config, loadOptions(log));
      const registry = registryFor(config);
      const chatCases = names.includes("blend") ? await chatCasesFor(config, gold) : undefined;
      const results = [];
      for (const name of names) {
        if (!options.json) process.stderr.write(`Training ${name}…\n`);
        const progress = progressHooks(name);
        const r = await trainAndRegister(MODEL_KINDS[name]!, gold, registry, {
          validate: true,
          log,
          hooks: progress.hooks,
          ...(chatCases ? { chatCases } : {}),
          ...(name === "blend" && skip.length > 0 ? { config: blendSkipping(skip) } : {}),
        }).finally(progress.stop);
        results.push({ ...r.manifest, promoted: r.promoted, reason: r.reason });
        if (!options.json) {
          const ndcg = r.manifest.metrics["ndcg@10"]?.toFixed(4) ?? "n/a";
          process.stdout.write(
            `${name} ${r.manifest.version}: validation NDCG@10 ${ndcg}, ${r.manifest.trainSeconds.toFixed(1)} s, ${r.promoted ? "promoted" : "kept out"} (${r.reason})\n`,
          );
        }
      }
      if (options.json) printJson({ models: results });
    });
}
