import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { withName } from "./helpers.ts";

/** "region DE", `/region DE`: the country for where-to-watch. */
export async function setRegion(ctx: TurnContext, code: string): Promise<Reply[]> {
  const region = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(region))
    return [{ text: `"${code}" isn't a country code. Use two letters, like US, GB or DE.`, error: true }];
  await ctx.store.update(ctx.key, (s) => ({ ...withName(s, ctx.speaker), region }));
  return [
    {
      text: ctx.artwork
        ? `Where-to-watch is now for ${region}.`
        : `Saved ${region}. Where-to-watch needs a TMDB API key on this bot, so it's off for now.`,
    },
  ];
}
