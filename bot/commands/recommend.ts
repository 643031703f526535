import type { Command } from "commander";
import { renderReply } from "../../adapters/terminal/render.ts";
import { UserFacingError } from "../../core/errors.ts";
import { peopleIndex } from "../../core/recommend/filters.ts";
import { suggest } from "../../core/suggest.ts";
import { parseThreads, runBatchOnStdio, threadsOption } from "./batch-command.ts";
import { cardJson } from "./card-json.ts";
import { servingModelsFor } from "./model-choice.ts";
import { profileFromIds, profileFromText, understoodJson } from "./profile-input.ts";
import { type CommonOptions, parseIds, printJson, setupApp, withData } from "./shared.ts";

interface RecommendOptions extends CommonOptions {
  likes?: string;
  likeIds?: string;
  dislikeIds?: string;
  k: string;
  batch?: boolean;
  model?: string;
  threads?: string;
}

const BATCH_HELP = `
Batch mode (--batch): one JSON object a line on stdin, one JSON line out per input line, in order:
  {"id": "ann", "likeIds": [858, 6], "dislikeIds": [1721]}   or   {"id": "bob", "likes": "I loved Heat, not a fan of Titanic"}
  → {"id": "ann", "recommendations": [{"movieId","title","year","score","reasons","poster"}, …]}
  Free text also gets "understood" (the films read); ids not in the catalogue are left out and
  listed under "unknownIds". A bad line gets {"id", "error": "…"} (id null if unreadable) and the
  rest go on; blank lines are skipped. Exit code 1 only if stdin cannot be read.
  Example: matinee recommend --batch -k 20 < people.jsonl > digest.jsonl`;

export function parseK(value: string): number {
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1 || k > 500)
    throw new UserFacingError(`-k must be a whole number from 1 to 500 (got "${value}")`);
  return k;
}

export function registerRecommend(program: Command): void {
  withData(program.command("recommend"))
    .description("recommend films for a taste given as free text or MovieLens ids (or many: --batch)")
    .option("--likes <text>", 'films you like, in words: "The Godfather, Heat, not a fan of Cats"')
    .option("--like-ids <ids>", "MovieLens ids you like, comma-separated")
    .option("--dislike-ids <ids>", "MovieLens ids you dislike, comma-separated")
    .option("-k <n>", "how many films", "10")
    .option("--batch", "read many profiles as JSON lines on stdin, write a JSON line each (see below)")
    .option("--model <name>", "rank with one registered model instead of the chat's blend")
    .option("--json", "print one JSON document (batch mode always writes JSON lines)")
    .addOption(threadsOption())
    .addHelpText("after", BATCH_HELP)
    .action(async (options: RecommendOptions) => {
      if (options.batch && (options.likes || options.likeIds || options.dislikeIds))
        throw new UserFacingError(
          "--batch reads profiles from stdin: leave out --likes, --like-ids and --dislike-ids.",
        );
      if (!options.batch && !options.likes && !options.likeIds)
        throw new UserFacingError(
          'Give --likes "…" or --like-ids 1,2,3 (or --batch with JSON lines on stdin).',
        );
      const k = parseK(options.k);
      const threads = parseThreads(options.threads);
      const { app, log } = await setupApp({ ...options, json: options.json || options.batch }, true);
      const models = await servingModelsFor(app, options.model);
      if (options.batch) {
        await runBatchOnStdio(
          log,
          "recommend",
          { catalogue: app.catalogue, titles: app.titles, models, k },
          threads,
        );
        return;
      }
      const fromText = options.likes
        ? profileFromText(app.titles, peopleIndex(app.catalogue), options.likes)
        : undefined;
      const profile =
        fromText?.profile ??
        profileFromIds(app.catalogue, parseIds(options.likeIds ?? ""), parseIds(options.dislikeIds ?? ""));
      const filter = fromText?.filter;
      const cards = suggest(app.catalogue, models, profile, { k, ...(filter ? { filter } : {}) });
      if (options.json) {
        printJson({
          ...(fromText ? { understood: understoodJson(app.catalogue, fromText.mentions) } : {}),
          recommendations: cards.map(cardJson),
        });
      } else {
        process.stdout.write(`${renderReply({ text: "", cards })}\n`);
      }
    });
}
