import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { withName } from "./helpers.ts";

/** "region DE", `/region DE`: the country for where-to-watch. */
export async function setRegion(ctx: TurnContext, code: string): Promise<Reply[]> {
  const region = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) return [{ text: ctx.tr.t("region-bad", { code }), error: true }];
  await ctx.store.update(ctx.key, (s) => ({ ...withName(s, ctx.speaker), region }));
  return [
    {
      text: ctx.tr.t(ctx.artwork ? "region-set" : "region-saved-no-key", { region }),
    },
  ];
}
