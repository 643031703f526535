import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ModelRegistry } from "../../models/registry/registry.ts";

/** The data pipeline's row counts, as the gold stage recorded them. */
export interface PipelineCounts {
  dataset: string;
  /** Rating rows read from the downloaded files (bronze). */
  bronzeRatings: number;
  /** Films after cleaning (silver). */
  silverMovies: number;
  /** Rating rows the models learn from (gold), and the users they belong to. */
  goldRatings: number;
  goldUsers: number;
  skippedRatings: number;
}

/**
 * `matinee eval --json` output, read loosely: its sections are figures by model name, and the
 * page draws whatever sections and figures it finds (a newer report's extra columns show too).
 */
const Figures = z.record(z.string(), z.union([z.number(), z.boolean(), z.null()]));
const EvalReport = z.looseObject({
  protocol: z.string().optional(),
  dataset: z.string().optional(),
  users: z.number().optional(),
  items: z.number().optional(),
  models: z.record(z.string(), Figures).optional(),
  zeroShot: z.record(z.string(), Figures).optional(),
  personas: Figures.optional(),
  newcomer: z.unknown().optional(),
});

export interface ServedModel {
  name: string;
  version: string;
  createdAt: string;
  trainSeconds: number;
  /** Validation figures the registry stored with it (never test figures). */
  metrics: Record<string, number>;
  /** The blend's members, when it is one. */
  members?: string[];
}

export interface MetricsReport {
  served: ServedModel[];
  pipeline: PipelineCounts;
  /** The stored evaluation report, or null with the reason when there is none to show. */
  report: z.infer<typeof EvalReport> | null;
  reportNote?: string;
}

/**
 * What GET /api/metrics answers: the promoted models as the registry holds them (read on
 * each call, so a retrain's promotion shows), the pipeline's counts, and the evaluation
 * report when one was saved (`matinee eval --json > FILE`, MATINEE_EVAL_REPORT names FILE).
 */
export async function metricsReport(
  registry: ModelRegistry,
  modelNames: string[],
  pipeline: PipelineCounts,
  reportFile: string | undefined,
): Promise<MetricsReport> {
  const served: ServedModel[] = [];
  for (const name of modelNames) {
    const m = await registry.promoted(name).catch(() => undefined);
    if (!m) continue;
    const members = z.array(z.string()).safeParse(m.config.members);
    served.push({
      name: m.name,
      version: m.version,
      createdAt: m.createdAt,
      trainSeconds: m.trainSeconds,
      metrics: m.metrics,
      ...(members.success ? { members: members.data } : {}),
    });
  }
  const { report, note } = await readReport(reportFile);
  return { served, pipeline, report, ...(note ? { reportNote: note } : {}) };
}

async function readReport(
  file: string | undefined,
): Promise<{ report: MetricsReport["report"]; note?: string }> {
  if (!file || !existsSync(file))
    return {
      report: null,
      note: "No evaluation report is stored for the served model: run `matinee eval --json > FILE` and set MATINEE_EVAL_REPORT=FILE. Shown instead: the validation figures the model registry stored at training.",
    };
  try {
    const parsed = EvalReport.safeParse(JSON.parse(await readFile(file, "utf8")));
    if (parsed.success) return { report: parsed.data };
    return {
      report: null,
      note: "The stored evaluation report could not be read (not `matinee eval --json` output).",
    };
  } catch {
    return { report: null, note: "The stored evaluation report could not be read (not JSON)." };
  }
}
