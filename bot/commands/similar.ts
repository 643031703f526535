import type { Command } from "commander";
import { renderReply } from "../../adapters/terminal/render.ts";
import { UserFacingError } from "../../core/errors.ts";
import { displayName } from "../../core/movie.ts";
import { similarCards } from "../../core/similar.ts";
import { cardJson, parseK } from "./recommend.ts";
import { type CommonOptions, printJson, setupApp, withData } from "./shared.ts";

export function registerSimilar(program: Command): void {
  withData(program.command("similar"))
    .description("films most like one film, given by title or MovieLens id")
    .argument("<title-or-id>", 'a title ("Heat", "It (2017)") or a MovieLens id')
    .option("-k <n>", "how many films", "10")
    .option("--json", "print one JSON document")
    .action(async (query: string, options: CommonOptions & { k: string }) => {
      const k = parseK(options.k);
      const { app } = await setupApp(options, true);
      const movieId = /^\d+$/.test(query.trim()) ? Number(query) : app.titles.resolve(query)?.movieId;
      const movie = movieId === undefined ? undefined : app.catalogue.byId(movieId);
      if (!movie)
        throw new UserFacingError(
          `No film found for "${query}". Try the title as on the poster, or a MovieLens id.`,
        );
      const cards = similarCards(app.catalogue, app.models, movie.movieId, k);
      if (options.json)
        printJson({
          movie: { movieId: movie.movieId, title: movie.title, year: movie.year },
          recommendations: cards.map(cardJson),
        });
      else process.stdout.write(`${renderReply({ text: `Films like ${displayName(movie)}:`, cards })}\n`);
    });
}
