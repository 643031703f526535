import { quote } from "../reply/quote.ts";
import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { contextOf, name, names, TITLE_QUERY_CHARS } from "./helpers.ts";

/**
 * One film from a typed query (`/similar Heat`, `/like Alien`, "more like Heat"; "id:123"
 * from autocomplete), or the reply saying it was not found, with the closest titles.
 */
export async function resolveQuery(
  ctx: TurnContext,
  query: string,
): Promise<{ movieId: number } | { reply: Reply }> {
  const { catalogue, titles } = ctx;
  const byId = /^id:(\d+)$/.exec(query.trim());
  if (byId) {
    const id = Number(byId[1]);
    if (catalogue.byId(id)) return { movieId: id };
  }
  // No title runs to hundreds of characters: a longer query is not read at all (resolving
  // grows faster than its length), and is answered like any unknown title.
  const readable = query.length <= TITLE_QUERY_CHARS;
  const state = readable ? await ctx.store.get(ctx.key) : undefined;
  const r = readable ? titles.resolve(query, contextOf(state)) : undefined;
  if (r) return { movieId: r.movieId };
  const close = readable ? titles.complete(query, 3) : [];
  return {
    reply: {
      text:
        close.length > 0
          ? ctx.tr.t("query-not-found-close", { query: quote(query), films: names(ctx, close) })
          : ctx.tr.t("query-not-found", { query: quote(query) }),
      error: true,
      choices: close.map((id) => ({ label: name(ctx, id), action: { type: "similar", movieId: id } })),
    },
  };
}
