import { z } from "zod";
import { SIGNALS } from "../../core/reply/actions.ts";

/** A MovieLens id as a client sends it. */
const MovieId = z
  .number()
  .int()
  .positive()
  .max(2 ** 31);

/** Lists of films a page sends: bounded, so one request cannot ask for a huge profile. */
const Ids = z.array(MovieId).max(200);

/** The most cards one API call returns (a page shows 10; "more like this" a few). */
export const MAX_K = 50;

export const MatchBody = z.strictObject({ text: z.string().min(1).max(2000) });

/**
 * A taste to recommend for: words (`likes`), ids (`likeIds`/`dislikeIds`/`seenIds`), or
 * neither, meaning the web profile the cookie names. `diversity` and `recency` are the
 * reranking's λ and α (the Tune page's sliders).
 */
export const RecommendBody = z
  .strictObject({
    likes: z.string().min(1).max(2000).optional(),
    likeIds: Ids.optional(),
    dislikeIds: Ids.optional(),
    seenIds: Ids.optional(),
    k: z.number().int().min(1).max(MAX_K).default(10),
    diversity: z.number().min(0).max(1).optional(),
    recency: z.number().min(0).max(1).optional(),
  })
  .refine((b) => !(b.likes && b.likeIds), { message: "give likes or likeIds, not both", path: ["likes"] });
export type RecommendBody = z.infer<typeof RecommendBody>;

/** 👍 👎 seen 🔖 on a film, or a 1–5 star rating (Rate to start): exactly one of the two. */
export const FeedbackBody = z
  .strictObject({
    movieId: MovieId,
    signal: z.enum(SIGNALS).optional(),
    rating: z.number().int().min(1).max(5).optional(),
  })
  .refine((b) => (b.signal === undefined) !== (b.rating === undefined), {
    message: "give either signal or rating",
    path: ["signal"],
  });
export type FeedbackBody = z.infer<typeof FeedbackBody>;

/** Rate to start: what was rated so far and what was skipped or shown; the next film comes back. */
export const StarterBody = z.strictObject({
  rated: z.array(z.strictObject({ movieId: MovieId, rating: z.number().int().min(1).max(5) })).max(100),
  shown: Ids.default([]),
});
export type StarterBody = z.infer<typeof StarterBody>;

export const SimilarParams = z.object({
  movieId: z.coerce.number({ error: "must be a number" }).int().positive(),
  k: z.coerce.number({ error: "must be a number" }).int().min(1).max(MAX_K).default(10),
});

export const TitlesQuery = z.object({ q: z.string().max(200).default("") });

/** The first problem and the field it is in ("k", "Too big: expected number to be <=50"). */
export function describeIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: "body", message: "invalid request" };
  const field = issue.path.length > 0 ? issue.path.join(".") : "body";
  const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
  return { field, message: `${issue.message}${keys}` };
}

/** An upload's file name (the core tells watched.csv from ratings.csv and a zip by it). */
export const ImportQuery = z.object({
  name: z
    .string({ error: "give the file's name (?name=ratings.csv)" })
    .min(1)
    .max(200)
    .regex(/^[^/\\]+$/, "a file name, not a path"),
});
