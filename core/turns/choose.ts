import { applyOpinions, type Opinion, opinionOn, withoutMovie } from "../profile/profile.ts";
import type { Choice } from "../reply/actions.ts";
import { quote } from "../reply/quote.ts";
import type { Reply } from "../reply/reply.ts";
import type { PendingChoice, UserState } from "../store/store.ts";
import type { SharedContext, TurnContext } from "./context.ts";
import { fresh, name, OPINION_EMOJI, remember } from "./helpers.ts";
import { headed, updateAndPage } from "./lists.ts";

/** Versions offered when asking "Did you mean…?". */
export const MAX_OPTIONS = 4;

/** The "did you mean…?" versions still open to an answer (none once the question expired). */
export function openChoices(ctx: SharedContext, state: UserState | undefined): PendingChoice[] {
  return state && fresh(ctx, state.conversation.pendingAt) ? (state.conversation.pending ?? []) : [];
}

/** "Did you mean…?" for each film read with close versions, and buttons for the first. */
export function askAbout(
  ctx: SharedContext & Pick<TurnContext, "tr">,
  pending: readonly PendingChoice[],
): { lines: string[]; choices: Choice[] } {
  const lines: string[] = [];
  const choices: Choice[] = [];
  for (const p of pending) {
    const options = [p.guess, ...p.options].slice(0, MAX_OPTIONS);
    lines.push(
      ctx.tr.t("choose-did-you-mean", {
        text: quote(p.text),
        options: options.map((id) => name(ctx, id)).join(ctx.tr.t("choose-or")),
        guess: name(ctx, p.guess),
      }),
    );
    if (choices.length === 0) {
      options.forEach((id) => {
        choices.push({ label: name(ctx, id), action: { type: "choose", movieId: id, instead: p.guess } });
      });
    }
  }
  if (pending.length > 0) lines.push(ctx.tr.t("choose-reply-hint"));
  return { lines, choices };
}

/** The person picked `movieId` where the bot had guessed `instead`: swap them, keeping the opinion. */
export async function choose(ctx: TurnContext, movieId: number, instead?: number): Promise<Reply[]> {
  if (!ctx.catalogue.byId(movieId)) return [{ text: ctx.tr.t("choose-gone"), error: true }];
  let opinion: Opinion = "like";
  const at = ctx.now();
  const { replies } = await updateAndPage(
    ctx,
    (s) => {
      let profile = s.profile;
      if (instead !== undefined && instead !== movieId) {
        opinion = opinionOn(profile, instead) ?? "like";
        profile = withoutMovie(profile, instead);
      } else opinion = opinionOn(profile, movieId) ?? "like";
      profile = applyOpinions(profile, [{ movieId, opinion }], at);
      const pending = (s.conversation.pending ?? []).filter(
        (p) => p.guess !== instead && p.guess !== movieId,
      );
      return {
        ...s,
        profile,
        conversation: {
          ...s.conversation,
          pending,
          mentioned: remember(
            (s.conversation.mentioned ?? []).filter((id) => id !== instead),
            [movieId],
          ),
        },
      };
    },
    ctx.tr.t("list-intro"),
  );
  const got = `${OPINION_EMOJI[opinion]} ${name(ctx, movieId)}`;
  const items =
    instead !== undefined && instead !== movieId
      ? ctx.tr.t("tell-instead", { got, other: name(ctx, instead) })
      : got;
  return headed([ctx.tr.t("tell-got-it", { items })], replies);
}

/** A "did you mean" button: an answer only while its question stands. */
export async function chooseButton(ctx: TurnContext, movieId: number, instead?: number): Promise<Reply[]> {
  // An old "did you mean" button answers a question about an earlier message: the guess
  // it would swap out may since have been confirmed, rated or removed.
  const open = openChoices(ctx, await ctx.store.get(ctx.key));
  const asked = open.some((p) => p.guess === instead && [p.guess, ...p.options].includes(movieId));
  if (!asked) return [{ text: ctx.tr.t("choose-expired") }];
  return choose(ctx, movieId, instead);
}
