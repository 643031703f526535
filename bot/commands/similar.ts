import type { Command } from "commander";
import { renderReply } from "../../adapters/terminal/render.ts";
import { UserFacingError } from "../../core/errors.ts";
import { displayName } from "../../core/movie.ts";
import { similarCards } from "../../core/similar.ts";
import { parseThreads, runBatchOnStdio, threadsOption } from "./batch-command.ts";
import { cardJson } from "./card-json.ts";
import { servingModelsFor } from "./model-choice.ts";
import { resolveFilm } from "./profile-input.ts";
import { parseK } from "./recommend.ts";
import { type CommonOptions, printJson, setupApp, withData } from "./shared.ts";

const BATCH_HELP = `
Batch mode (--batch): one JSON object a line on stdin, one JSON line out per input line, in order:
  {"id": "a", "movieId": 6}   or   {"id": "b", "title": "It (2017)"}
  → {"id": "a", "movie": {"movieId","title","year"}, "recommendations": [{"movieId","title","year","score","reasons","poster"}, …]}
  A bad line gets {"id", "error": "…"} (id null if unreadable) and the rest go on; blank lines are
  skipped. Exit code 1 only if stdin cannot be read.`;

export function registerSimilar(program: Command): void {
  withData(program.command("similar"))
    .description("films most like one film, given by title or MovieLens id (or many: --batch)")
    .argument("[title-or-id]", 'a title ("Heat", "It (2017)") or a MovieLens id')
    .option("-k <n>", "how many films", "10")
    .option("--batch", "read many films as JSON lines on stdin, write a JSON line each (see below)")
    .option("--model <name>", "use one registered model's neighbours instead of the chat's blend")
    .option("--json", "print one JSON document (batch mode always writes JSON lines)")
    .addOption(threadsOption())
    .addHelpText("after", BATCH_HELP)
    .action(
      async (
        query: string | undefined,
        options: CommonOptions & { k: string; batch?: boolean; model?: string; threads?: string },
      ) => {
        if (options.batch && query !== undefined)
          throw new UserFacingError("--batch reads films from stdin: leave out the title.");
        if (!options.batch && query === undefined)
          throw new UserFacingError('Give a title or a MovieLens id: matinee similar "Heat" (or --batch).');
        const k = parseK(options.k);
        const threads = parseThreads(options.threads);
        const { app, log } = await setupApp({ ...options, json: options.json || options.batch }, true);
        const models = await servingModelsFor(app, options.model);
        if (options.batch) {
          const serving = { catalogue: app.catalogue, titles: app.titles, models, k };
          await runBatchOnStdio(log, "similar", serving, threads);
          return;
        }
        const movie = resolveFilm(app.catalogue, app.titles, query!);
        const cards = similarCards(app.catalogue, models, movie.movieId, k);
        if (options.json)
          printJson({
            movie: { movieId: movie.movieId, title: movie.title, year: movie.year },
            recommendations: cards.map(cardJson),
          });
        else process.stdout.write(`${renderReply({ text: `Films like ${displayName(movie)}:`, cards })}\n`);
      },
    );
}
