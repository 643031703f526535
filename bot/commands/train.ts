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

/**
 * A progress bar on stderr for one model's fit: its stage (epoch, λ search …), steps, the
 * latest figures (loss, validation NDCG@10) and an ETA. Without a terminal, a line per stage.
 */
function progressHooks(model: string): { hooks: FitHooks; stop: () => void } {
  let bar: SingleBar | undefined;
  let stage = "";
  const figures: Record<string, number> = {};
  const tty = Boolean(process.stderr.isTTY);
  const onProgress = (p: FitProgress) => {
    if (p.stage !== stage) {
      bar?.stop();
      bar = undefined;
      stage = p.stage;
      for (const k of Object.keys(figures)) delete figures[k];
      if (!tty) process.stderr.write(`${model}: ${stage}\n`);
    }
    Object.assign(figures, p.values ?? {});
    const values = Object.entries(figures)
      .map(([k, v]) => `${k} ${shortValue(v)}`)
      .join(", ");
    if (!tty) {
      if (p.values) process.stderr.write(`${model}: ${stage} ${p.step}/${p.steps} ${values}\n`);
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
