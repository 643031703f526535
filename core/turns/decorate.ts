import { withArtwork } from "../reply/artwork.ts";
import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";

/** Posters and where-to-watch from the artwork cache, for the person's region. */
export async function decorate(ctx: TurnContext, replies: Reply[]): Promise<Reply[]> {
  const artwork = ctx.artwork;
  if (!artwork || !replies.some((r) => r.cards?.length)) return replies;
  const region = (await ctx.store.get(ctx.key))?.region ?? ctx.defaultRegion;
  return replies.map((r) => (r.cards ? { ...r, cards: withArtwork(r.cards, artwork, region, ctx.tr) } : r));
}
