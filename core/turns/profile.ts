import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { idOf, names, prefLabel } from "./helpers.ts";

/** Films named per list in the profile reply. */
const PROFILE_NAMES = 20;

/** "profile": what the bot knows about the person's taste. */
export async function profileReply(ctx: TurnContext): Promise<Reply> {
  const p = (await ctx.store.get(ctx.key))?.profile;
  if (
    !p ||
    p.liked.length + p.disliked.length + p.seen.length + p.watchlist.length + (p.prefs?.length ?? 0) === 0
  ) {
    return { text: "I don't know your taste yet. Tell me a few films you love." };
  }
  // An imported history can hold hundreds of films: name the latest, count the rest.
  const list = (entries: { movieId: number }[]) =>
    entries.length > PROFILE_NAMES
      ? `${names(ctx, entries.slice(-PROFILE_NAMES).map(idOf))} (the latest ${PROFILE_NAMES} of ${entries.length})`
      : names(ctx, entries.map(idOf)) || "none yet";
  const prefs = p.prefs ?? [];
  const wanted = prefs.filter((q) => q.sign > 0).map(prefLabel);
  const unwanted = prefs.filter((q) => q.sign < 0).map(prefLabel);
  return {
    text: [
      `👍 Liked: ${list(p.liked)}`,
      `👎 Disliked: ${list(p.disliked)}`,
      ...(p.seen.length ? [`👀 Seen: ${list(p.seen)}`] : []),
      ...(p.watchlist.length ? [`🔖 Watchlist: ${list(p.watchlist)}`] : []),
      ...(wanted.length ? [`Into: ${wanted.join(", ")}`] : []),
      ...(unwanted.length ? [`Not into: ${unwanted.join(", ")}`] : []),
    ].join("\n"),
  };
}
