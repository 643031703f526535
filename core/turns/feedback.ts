import { applyOpinions } from "../profile/profile.ts";
import { SIGNAL_EMOJI, type Signal, signalOfEmoji } from "../reply/actions.ts";
import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { name, withName } from "./helpers.ts";
import { moreChoice } from "./lists.ts";

/** 👍 👎 👀 🔖 on films: recorded, and said back; no new list (the person is still reading this one). */
export async function feedback(ctx: TurnContext, movieIds: number[], signal: Signal): Promise<Reply[]> {
  const known = movieIds.filter((id) => ctx.catalogue.byId(id));
  if (known.length === 0) return [{ text: ctx.tr.t("feedback-gone"), error: true }];
  const at = ctx.now();
  const state = await ctx.store.update(ctx.key, (s) => ({
    ...withName(s, ctx.speaker),
    profile: applyOpinions(
      s.profile,
      known.map((movieId) => ({ movieId, opinion: signal })),
      at,
    ),
  }));
  const what =
    signal === "watchlist" ? "feedback-watchlist" : signal === "seen" ? "feedback-seen" : "feedback-noted";
  return [
    {
      text: ctx.tr.t(what, {
        films: known.map((id) => `${SIGNAL_EMOJI[signal]} ${name(ctx, id)}`).join(", "),
      }),
      choices: [moreChoice(state.conversation.listId, ctx.tr)],
    },
  ];
}

/** "seen #3", "save it", "seen them all": feedback on films of the last list, by position. */
export async function onLastList(
  ctx: TurnContext,
  which: number[] | "all",
  signal: "seen" | "watchlist",
): Promise<Reply[]> {
  const { ids, bad } = await inLastList(ctx, which);
  if (ids.length === 0)
    return [
      {
        text: bad.length
          ? ctx.tr.t("feedback-no-place", {
              places: bad.map((n) => (n > 0 ? `#${n}` : ctx.tr.t("feedback-such-place"))).join(", "),
            })
          : ctx.tr.t("feedback-no-list"),
      },
    ];
  return feedback(ctx, ids, signal);
}

/** An emoji on one of the bot's messages: feedback on the film that message showed, if any. */
export async function react(ctx: TurnContext, messageRef: string, emoji: string): Promise<Reply[]> {
  const { store, key } = ctx;
  const signal = signalOfEmoji(emoji);
  const sent = signal ? await store.recallCard(messageRef) : undefined;
  // Any other emoji, or one on a message that showed no film, is just a reaction.
  if (!signal || !sent) return [];
  // Someone who never talked to the bot, reacting on another person's card, is just
  // reacting: no profile is made for them and nothing is said.
  if (sent.key !== key && !(await store.get(key))) return [];
  return feedback(ctx, [sent.movieId], signal);
}

/** Positions in the last list ("seen #3") → films; out-of-range positions are named back. */
async function inLastList(
  ctx: TurnContext,
  which: number[] | "all",
): Promise<{ ids: number[]; bad: number[] }> {
  const last = (await ctx.store.get(ctx.key))?.conversation.lastCards ?? [];
  if (which === "all") return { ids: last, bad: [] };
  const ids: number[] = [];
  const bad: number[] = [];
  for (const n of which) {
    const id = n === -1 ? last.at(-1) : last[n - 1];
    if (id === undefined) bad.push(n);
    else ids.push(id);
  }
  return { ids, bad };
}
