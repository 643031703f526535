import { z } from "zod";
import type { Catalogue } from "../../core/catalogue.ts";
import { UserFacingError } from "../../core/errors.ts";
import { profileOf } from "../../core/profile/profile.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import { suggest } from "../../core/suggest.ts";
import type { TitleMatcher } from "../../core/titles/find-titles.ts";
import { type Answer, guarded, issueText, readObject } from "./batch-lines.ts";
import { cardJson } from "./card-json.ts";
import { profileFromText, splitKnown, understoodJson } from "./profile-input.ts";

/** Longer free text is not a chat message; reading it would only cost time. */
export const MAX_LIKES_CHARS = 4000;

const MovieId = z.int({ error: "must be a whole number (a MovieLens id)" }).positive({
  error: "must be a positive MovieLens id",
});
const IdList = (field: string) =>
  z.array(MovieId, { error: `${field} must be a list of MovieLens ids, like [858, 6]` });

const IdsLine = z.object({
  likeIds: IdList("likeIds").min(1, { error: "likeIds is empty: name at least one liked film" }),
  dislikeIds: IdList("dislikeIds").optional(),
});
const TextLine = z.object({
  likes: z
    .string({ error: 'likes must be text, like "The Godfather, Heat"' })
    .refine((s) => s.trim() !== "", { error: "likes is empty: name at least one film" })
    .refine((s) => s.length <= MAX_LIKES_CHARS, {
      error: `likes is longer than ${MAX_LIKES_CHARS} characters`,
    }),
});

export interface RecommendContext {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  /** The catalogue's people index (core/recommend/filters `peopleIndex`), built once. */
  knownPerson: (name: string) => boolean;
  k: number;
}

/**
 * The answer to one `recommend --batch` line: `{"id","likeIds","dislikeIds"?}` or
 * `{"id","likes"}` in, `{"id", …, "recommendations"}` or `{"id","error"}` out. The ranking is
 * `suggest`, exactly as in the chat and in single mode. Unknown ids in a list are left out and
 * listed under `unknownIds` (one stale id should not cost a person their digest); a line left
 * with no known liked film is an error.
 */
export function answerRecommendLine(ctx: RecommendContext, line: string, log?: (e: Error) => void): Answer {
  const read = readObject(line);
  if ("answer" in read) return read.answer;
  const { id, fields } = read;
  return guarded(
    id,
    () => {
      const hasIds = "likeIds" in fields;
      const hasText = "likes" in fields;
      if (hasIds && hasText) throw new UserFacingError("give either likeIds or likes, not both");
      if (!hasIds && !hasText)
        throw new UserFacingError('needs "likeIds" (MovieLens ids) or "likes" (free text)');
      if (hasText) {
        const parsed = TextLine.safeParse(fields);
        if (!parsed.success) throw new UserFacingError(issueText(parsed.error));
        const { profile, mentions, filter } = profileFromText(ctx.titles, ctx.knownPerson, parsed.data.likes);
        const cards = suggest(ctx.catalogue, ctx.models, profile, {
          k: ctx.k,
          ...(filter ? { filter } : {}),
        });
        return {
          id,
          understood: understoodJson(ctx.catalogue, mentions),
          recommendations: cards.map(cardJson),
        };
      }
      const parsed = IdsLine.safeParse(fields);
      if (!parsed.success) throw new UserFacingError(issueText(parsed.error));
      const likes = splitKnown(ctx.catalogue, parsed.data.likeIds);
      const dislikes = splitKnown(ctx.catalogue, parsed.data.dislikeIds ?? []);
      if (likes.known.length === 0)
        throw new UserFacingError(`none of likeIds is in the catalogue (${likes.unknown.join(", ")})`);
      const unknownIds = [...likes.unknown, ...dislikes.unknown];
      const cards = suggest(ctx.catalogue, ctx.models, profileOf(likes.known, dislikes.known), { k: ctx.k });
      return {
        id,
        ...(unknownIds.length > 0 ? { unknownIds } : {}),
        recommendations: cards.map(cardJson),
      };
    },
    log,
  );
}
