import { readFileSync } from "node:fs";
import { basename, relative } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { UserFacingError } from "../../core/errors.ts";
import { displayName } from "../../core/movie.ts";
import { feelingMetrics, mentionMetrics, type ScoredLine } from "../../core/titles/mention-metrics.ts";
import type { Sentiment } from "../../core/titles/sentiment.ts";
import type { App } from "../app.ts";
import { applyCorrections, correctionsFor } from "./gold-corrections.ts";
import { type CommonOptions, findConversationsFile, printJson, setupApp, withData } from "./shared.ts";

interface EvalTitlesOptions extends CommonOptions {
  file?: string[];
  misses?: boolean;
}

/** The shared conversation files with gold movie ids for the films each line names. */
const DEFAULT_FILES = [
  "redial_dev_mentions.jsonl",
  "inspired_dev_mentions.jsonl",
  "handmade_dev_mentions.jsonl",
];

const GoldLine = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  movieIds: z.array(z.number().int()),
  /** ReDial: 1 the person liked the film, 0 did not, 2 did not say. */
  liked: z.record(z.string(), z.number()).optional(),
  /** Hand-made lines: the feeling for each gold film. */
  sentiments: z.record(z.string(), z.enum(["like", "dislike", "neutral"])).optional(),
});
type GoldLine = z.infer<typeof GoldLine>;

function readGold(file: string): GoldLine[] {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch {
    throw new UserFacingError(`Cannot read ${file}`);
  }
  return content
    .split("\n")
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = GoldLine.safeParse(JSON.parse(line));
      if (!parsed.success) throw new UserFacingError(`${file}:${i + 1} is not {"id","text","movieIds"}`);
      return parsed.data;
    });
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Scores one gold file's lines; takes only what reading titles needs, so a script can run it without models. */
export function evaluateLines(
  app: Pick<App, "titles" | "catalogue">,
  file: string,
  lines: readonly GoldLine[],
  misses: boolean,
) {
  const name = (id: number) => {
    const m = app.catalogue.byId(id);
    return m ? displayName(m) : `#${id}`;
  };
  const scored: ScoredLine[] = [];
  const wrong: string[] = [];
  // Of the films found right whose gold says liked (1) or not (0) and that the reading gave a
  // like or dislike: how often it agrees. ("Haven't seen X" reads neutral, whatever the gold.)
  const feeling = { judged: 0, agree: 0, neutral: 0 };
  for (const line of lines) {
    // The same call `matinee match` makes for a line.
    const mentions = app.titles.find(line.text);
    const found = mentions.map((m) => m.movieId);
    for (const m of mentions) {
      const gold = line.liked?.[String(m.movieId)];
      if (gold !== 0 && gold !== 1) continue;
      if (m.sentiment === "neutral") {
        feeling.neutral++;
        continue;
      }
      feeling.judged++;
      if ((gold === 1 ? "like" : "dislike") === m.sentiment) feeling.agree++;
    }
    // A film named twice keeps the feeling of its first mention, as the profile does.
    const foundSentiments: Record<string, Sentiment> = {};
    for (const m of mentions) foundSentiments[String(m.movieId)] ??= m.sentiment;
    scored.push({
      gold: line.movieIds,
      found,
      foundSentiments,
      ...(line.sentiments ? { goldSentiments: line.sentiments } : {}),
    });
    if (misses) {
      const missed = line.movieIds.filter((id) => !found.includes(id));
      const extra = found.filter((id) => !line.movieIds.includes(id));
      const felt = line.movieIds.filter(
        (id) => line.sentiments && foundSentiments[id] && foundSentiments[id] !== line.sentiments[id],
      );
      if (missed.length + extra.length + felt.length > 0) {
        const parts = [
          ...missed.map((id) => `- ${id} ${name(id)}`),
          ...extra.map((id) => `+ ${id} ${name(id)}`),
          ...felt.map(
            (id) => `~ ${id} ${name(id)}: read ${foundSentiments[id]}, meant ${line.sentiments?.[id]}`,
          ),
        ];
        wrong.push(`${line.id}\t${line.text}\n\t${parts.join("\n\t")}`);
      }
    }
  }
  const m = mentionMetrics(scored);
  const labelled = scored.some((l) => l.goldSentiments);
  const f = feelingMetrics(scored);
  return {
    file: basename(file),
    metrics: {
      ...m,
      precision: round(m.precision),
      recall: round(m.recall),
      f1: round(m.f1),
      ...(feeling.judged > 0
        ? { sentimentAgreement: round(feeling.agree / feeling.judged), sentimentNeutral: feeling.neutral }
        : {}),
      ...(labelled
        ? {
            sentimentAccuracy: round(f.accuracy),
            sentimentJudged: f.judged,
            filmFreeLines: f.filmFreeLines,
            falseAlarms: f.falseAlarms,
          }
        : {}),
    },
    wrong,
  };
}

interface CorrectedGold {
  correctedLines: number;
  from: string;
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  found: number;
  truePositives: number;
}

/** A file's figures on its gold as given and, where the repository corrects that gold by hand, on both. */
function scoreFile(app: Pick<App, "titles" | "catalogue">, file: string, misses: boolean) {
  const gold = readGold(file);
  const result = evaluateLines(app, file, gold, misses);
  const fixes = correctionsFor(file);
  let correctedGold: CorrectedGold | undefined;
  if (fixes) {
    const { metrics } = evaluateLines(app, file, applyCorrections(gold, fixes.corrections), false);
    correctedGold = {
      correctedLines: fixes.corrections.length,
      from: relative(process.cwd(), fixes.path),
      precision: metrics.precision,
      recall: metrics.recall,
      f1: metrics.f1,
      gold: metrics.gold,
      found: metrics.found,
      truePositives: metrics.truePositives,
    };
  }
  return { ...result, metrics: { ...result.metrics, ...(correctedGold ? { correctedGold } : {}) } };
}

export function registerEvalTitles(program: Command): void {
  withData(program.command("eval-titles"))
    .description(
      "title matching on conversations with gold movie ids: micro precision, recall and F1 per file",
    )
    .option("--file <files...>", "JSON lines {id,text,movieIds} (default: the shared *_mentions.jsonl files)")
    .option("--misses", "also list each line's missed (-) and wrongly found (+) films, on stderr")
    .option("--json", "print one JSON document")
    .action(async (options: EvalTitlesOptions) => {
      const { app, config } = await setupApp(options, true);
      const files =
        options.file ??
        DEFAULT_FILES.map((f) => findConversationsFile(config, f)).filter((f): f is string => !!f);
      if (files.length === 0) {
        throw new UserFacingError(
          `No conversation files found beside ${config.dataDir} (looked for ${DEFAULT_FILES.join(", ")}); pass --file FILE.`,
        );
      }
      const results = files.map((f) => scoreFile(app, f, options.misses ?? false));
      if (options.misses)
        for (const r of results) process.stderr.write(`## ${r.file}\n${r.wrong.join("\n")}\n`);
      const report = Object.fromEntries(results.map((r) => [r.file, r.metrics]));
      if (options.json) printJson({ catalogueSize: app.catalogue.size, files: report });
      else {
        for (const r of results) {
          const m = r.metrics;
          process.stdout.write(
            `${r.file}: precision ${m.precision.toFixed(4)}  recall ${m.recall.toFixed(4)}  F1 ${m.f1.toFixed(4)}` +
              `  (${m.lines} lines, ${m.gold} gold ids, ${m.found} found, ${m.truePositives} right)` +
              (m.sentimentAgreement === undefined
                ? ""
                : `; like/dislike agrees ${m.sentimentAgreement.toFixed(4)}`) +
              (m.sentimentAccuracy === undefined
                ? ""
                : `; sentiment accuracy ${m.sentimentAccuracy.toFixed(4)} (of ${m.sentimentJudged})` +
                  `; false alarms ${m.falseAlarms} of ${m.filmFreeLines} film-free lines`) +
              "\n" +
              (m.correctedGold
                ? `  gold corrected by hand (${m.correctedGold.correctedLines} lines, ${m.correctedGold.from}): ` +
                  `precision ${m.correctedGold.precision.toFixed(4)}  recall ${m.correctedGold.recall.toFixed(4)}` +
                  `  F1 ${m.correctedGold.f1.toFixed(4)}  (${m.correctedGold.gold} gold ids, ${m.correctedGold.found} found, ` +
                  `${m.correctedGold.truePositives} right)\n`
                : ""),
          );
        }
      }
    });
}
