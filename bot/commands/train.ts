import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import { MODEL_KINDS, SERVING_MODELS } from "../../models/kinds.ts";
import { trainAndRegister } from "../../models/training.ts";
import { loadData, registryFor } from "../app.ts";
import { type CommonOptions, loadOptions, printJson, setup, withData } from "./shared.ts";

export function registerTrain(program: Command): void {
  withData(program.command("train"))
    .description(
      "train models, register them, and promote each one that beats the served version on validation",
    )
    .option("--model <names...>", `models to train (default: ${SERVING_MODELS.join(", ")})`)
    .option("--json", "print one JSON document")
    .action(async (options: CommonOptions & { model?: string[] }) => {
      const names = options.model ?? [...SERVING_MODELS];
      for (const n of names)
        if (!MODEL_KINDS[n])
          throw new UserFacingError(`Unknown model "${n}". Known: ${Object.keys(MODEL_KINDS).join(", ")}.`);
      const { config, log } = setup(options);
      const { gold } = await loadData(config, loadOptions(log));
      const registry = registryFor(config);
      const results = [];
      for (const name of names) {
        if (!options.json) process.stderr.write(`Training ${name}…\n`);
        const r = await trainAndRegister(MODEL_KINDS[name]!, gold, registry, { validate: true, log });
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
