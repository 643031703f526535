import type { Command } from "commander";
import { renderReply } from "../../adapters/terminal/render.ts";
import { UserFacingError } from "../../core/errors.ts";
import type { Card } from "../../core/reply/reply.ts";
import { suggest } from "../../core/suggest.ts";
import { profileFromIds, profileFromText } from "./profile-input.ts";
import { type CommonOptions, parseIds, printJson, setupApp, withData } from "./shared.ts";

interface RecommendOptions extends CommonOptions {
  likes?: string;
  likeIds?: string;
  dislikeIds?: string;
  k: string;
}

export function cardJson(c: Card) {
  return {
    movieId: c.movieId,
    title: c.title,
    year: c.year,
    score: c.score,
    reasons: c.reasons,
    poster: c.posterUrl ?? null,
  };
}

export function parseK(value: string): number {
  const k = Number(value);
  if (!Number.isInteger(k) || k < 1 || k > 500)
    throw new UserFacingError(`-k must be a whole number from 1 to 500 (got "${value}")`);
  return k;
}

export function registerRecommend(program: Command): void {
  withData(program.command("recommend"))
    .description("recommend films for a taste given as free text or MovieLens ids")
    .option("--likes <text>", 'films you like, in words: "The Godfather, Heat, not a fan of Cats"')
    .option("--like-ids <ids>", "MovieLens ids you like, comma-separated")
    .option("--dislike-ids <ids>", "MovieLens ids you dislike, comma-separated")
    .option("-k <n>", "how many films", "10")
    .option("--json", "print one JSON document")
    .action(async (options: RecommendOptions) => {
      if (!options.likes && !options.likeIds)
        throw new UserFacingError('Give --likes "…" or --like-ids 1,2,3.');
      const k = parseK(options.k);
      const { app } = await setupApp(options, true);
      const fromText = options.likes ? profileFromText(app.titles, options.likes) : undefined;
      const profile =
        fromText?.profile ??
        profileFromIds(app.catalogue, parseIds(options.likeIds ?? ""), parseIds(options.dislikeIds ?? ""));
      const cards = suggest(app.catalogue, app.models, profile, { k });
      if (options.json) {
        const understood = (fromText?.mentions ?? []).map((m) => {
          const movie = app.catalogue.byId(m.movieId)!;
          return { movieId: m.movieId, title: movie.title, year: movie.year, sentiment: m.sentiment };
        });
        printJson({ ...(fromText ? { understood } : {}), recommendations: cards.map(cardJson) });
      } else {
        process.stdout.write(`${renderReply({ text: "", cards })}\n`);
      }
    });
}
