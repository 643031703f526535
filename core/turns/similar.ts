import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { name, remember } from "./helpers.ts";
import { updateAndPage } from "./lists.ts";
import { resolveQuery } from "./resolve-query.ts";

/** Films like one film: the list's filter becomes "like it", so `more` pages on through them. */
export async function similar(ctx: TurnContext, movieId: number): Promise<Reply[]> {
  const { replies } = await updateAndPage(
    ctx,
    (s) => ({
      ...s,
      conversation: {
        ...s.conversation,
        filter: { like: movieId },
        mentioned: remember(s.conversation.mentioned, [movieId]),
      },
    }),
    ctx.tr.t("list-intro-like", { title: name(ctx, movieId) }),
  );
  return replies;
}

/** "more like Heat", `/similar Heat`: the film looked up first. */
export async function similarTo(ctx: TurnContext, query: string): Promise<Reply[]> {
  const r = await resolveQuery(ctx, query);
  return "reply" in r ? [r.reply] : similar(ctx, r.movieId);
}

/** "More like this" on a card: a film id, which may have left the catalogue since. */
export async function similarButton(ctx: TurnContext, movieId: number): Promise<Reply[]> {
  if (!ctx.catalogue.byId(movieId)) return [{ text: ctx.tr.t("similar-gone"), error: true }];
  return similar(ctx, movieId);
}
