import type { Reply } from "../reply/reply.ts";
import type { UserState } from "../store/store.ts";
import type { SharedContext, TurnContext } from "./context.ts";
import { fresh } from "./helpers.ts";
import { tell } from "./tell.ts";

/** The "forget everything?" question stands: asked, not yet answered, nothing said since, in time. */
function forgetAsked(ctx: SharedContext, state: UserState | undefined): boolean {
  return state?.conversation.confirming === "forget" && fresh(ctx, state.conversation.confirmingAt);
}

/**
 * "Forget everything?" is about the state it was asked in: anything else said first (new
 * likes, a list) ends the question, so a later "ok" or the old button deletes nothing.
 */
export async function dropForgetQuestion(ctx: TurnContext): Promise<void> {
  const state = await ctx.store.get(ctx.key);
  if (state?.conversation.confirming === undefined) return;
  await ctx.store.update(ctx.key, (s) => ({
    ...s,
    conversation: { ...s.conversation, confirming: undefined, confirmingAt: undefined },
  }));
}

/** "forget" asks first; the answer (`true` / `false`) deletes everything or nothing. */
export async function forget(ctx: TurnContext, confirmed: boolean | "ask"): Promise<Reply[]> {
  const { store, key } = ctx;
  if (confirmed === "ask") {
    const state = await store.get(key);
    if (!state) return [{ text: ctx.tr.t("forget-nothing") }];
    const at = ctx.now();
    await store.update(key, (s) => ({
      ...s,
      conversation: { ...s.conversation, confirming: "forget", confirmingAt: at },
    }));
    return [
      {
        text: ctx.tr.t("forget-ask"),
        choices: [
          { label: ctx.tr.t("button-forget-yes"), action: { type: "forget", confirmed: true } },
          { label: ctx.tr.t("button-cancel"), action: { type: "forget", confirmed: false } },
        ],
      },
    ];
  }
  if (!confirmed) {
    const state = await store.get(key);
    if (state?.conversation.confirming) {
      await store.update(key, (s) => ({
        ...s,
        conversation: { ...s.conversation, confirming: undefined, confirmingAt: undefined },
      }));
    }
    return [{ text: ctx.tr.t("forget-kept") }];
  }
  const had = await store.delete(key);
  return [{ text: ctx.tr.t(had ? "forget-done" : "forget-had-nothing") }];
}

/** A typed "yes" / "no": the answer to "forget everything?" while it stands, else just words. */
export async function confirm(ctx: TurnContext, yes: boolean, text: string): Promise<Reply[]> {
  const state = await ctx.store.get(ctx.key);
  if (forgetAsked(ctx, state)) return forget(ctx, yes);
  if (state?.conversation.confirming === "forget") {
    await dropForgetQuestion(ctx);
    return [{ text: ctx.tr.t(yes ? "forget-expired" : "forget-kept") }];
  }
  return tell(ctx, text);
}

/** The "Yes, forget me" / "Cancel" buttons. */
export async function forgetButton(ctx: TurnContext, confirmed: boolean): Promise<Reply[]> {
  // A "Yes, forget me" button from an old question must not wipe a profile built since.
  if (confirmed && !forgetAsked(ctx, await ctx.store.get(ctx.key)))
    return [{ text: ctx.tr.t("forget-expired") }];
  return forget(ctx, confirmed);
}
