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
    return { text: ctx.tr.t("profile-empty") };
  }
  // An imported history can hold hundreds of films: name the latest, count the rest.
  const { tr } = ctx;
  const list = (entries: { movieId: number }[]) =>
    entries.length > PROFILE_NAMES
      ? tr.t("profile-latest", {
          films: names(ctx, entries.slice(-PROFILE_NAMES).map(idOf)),
          shown: PROFILE_NAMES,
          total: entries.length,
        })
      : names(ctx, entries.map(idOf)) || tr.t("profile-none");
  const prefs = p.prefs ?? [];
  const wanted = prefs.filter((q) => q.sign > 0).map((q) => prefLabel(q, tr));
  const unwanted = prefs.filter((q) => q.sign < 0).map((q) => prefLabel(q, tr));
  return {
    text: [
      tr.t("profile-liked", { films: list(p.liked) }),
      tr.t("profile-disliked", { films: list(p.disliked) }),
      ...(p.seen.length ? [tr.t("profile-seen", { films: list(p.seen) })] : []),
      ...(p.watchlist.length ? [tr.t("profile-watchlist", { films: list(p.watchlist) })] : []),
      ...(wanted.length ? [tr.t("profile-into", { prefs: wanted.join(", ") })] : []),
      ...(unwanted.length ? [tr.t("profile-not-into", { prefs: unwanted.join(", ") })] : []),
    ].join("\n"),
  };
}
