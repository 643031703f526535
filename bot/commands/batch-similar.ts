import { z } from "zod";
import type { Catalogue } from "../../core/catalogue.ts";
import { UserFacingError } from "../../core/errors.ts";
import type { Movie } from "../../core/movie.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import { similarCards } from "../../core/similar.ts";
import type { TitleMatcher } from "../../core/titles/find-titles.ts";
import { type Answer, guarded, issueText, readObject } from "./batch-lines.ts";
import { cardJson } from "./card-json.ts";
import { filmTitled } from "./profile-input.ts";

/** A title is one film's name; anything much longer is not one. */
const MAX_TITLE_CHARS = 300;

const IdLine = z.object({ movieId: z.int({ error: "movieId must be a whole number (a MovieLens id)" }) });
const TitleLine = z.object({
  title: z
    .string({ error: 'title must be text, like "Heat" or "It (2017)"' })
    .refine((s) => s.trim() !== "", { error: "title is empty" })
    .refine((s) => s.length <= MAX_TITLE_CHARS, {
      error: `title is longer than ${MAX_TITLE_CHARS} characters`,
    }),
});

export interface SimilarContext {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  k: number;
}

/**
 * The answer to one `similar --batch` line: `{"id","movieId"}` or `{"id","title"}` in,
 * `{"id","movie","recommendations"}` or `{"id","error"}` out, ranked as `matinee similar` does.
 */
export function answerSimilarLine(ctx: SimilarContext, line: string, log?: (e: Error) => void): Answer {
  const read = readObject(line);
  if ("answer" in read) return read.answer;
  const { id, fields } = read;
  return guarded(
    id,
    () => {
      const hasId = "movieId" in fields;
      const hasTitle = "title" in fields;
      if (hasId && hasTitle) throw new UserFacingError("give either movieId or title, not both");
      if (!hasId && !hasTitle) throw new UserFacingError('needs "movieId" (a MovieLens id) or "title"');
      let movie: Movie | undefined;
      if (hasId) {
        const parsed = IdLine.safeParse(fields);
        if (!parsed.success) throw new UserFacingError(issueText(parsed.error));
        movie = ctx.catalogue.byId(parsed.data.movieId);
        if (!movie)
          throw new UserFacingError(
            `Unknown MovieLens id ${parsed.data.movieId}: it is not in the catalogue.`,
          );
      } else {
        const parsed = TitleLine.safeParse(fields);
        if (!parsed.success) throw new UserFacingError(issueText(parsed.error));
        // Always a title here ("1917" is a film): ids come in movieId.
        movie = filmTitled(ctx.catalogue, ctx.titles, parsed.data.title);
      }
      const cards = similarCards(ctx.catalogue, ctx.models, movie.movieId, ctx.k);
      return {
        id,
        movie: { movieId: movie.movieId, title: movie.title, year: movie.year },
        recommendations: cards.map(cardJson),
      };
    },
    log,
  );
}
