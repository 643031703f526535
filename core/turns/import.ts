import type { ImportEvent } from "../events.ts";
import { type ImportOutcome, importTurn } from "../import/import-turn.ts";

import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { decorate } from "./decorate.ts";
import { updateAndPage } from "./lists.ts";

/** "import" typed: how to send an export (the file itself arrives as an `ImportEvent`). */
export function importUsage(ctx: Pick<TurnContext, "tr">): Reply[] {
  return [{ text: ctx.tr.t("import-usage") }];
}

/** An export file: the import turn, its cards decorated, and what was imported spelled out. */
export async function importHistory(ctx: TurnContext, event: ImportEvent): Promise<ImportOutcome> {
  const { catalogue, titles, now } = ctx;
  const outcome = await importTurn(
    {
      catalogue,
      titles,
      now,
      tr: ctx.tr,
      updateAndPage: (key, speaker, change, intro) => updateAndPage({ ...ctx, key, speaker }, change, intro),
    },
    ctx.key,
    event,
  );
  const replies = await decorate(ctx, outcome.replies);
  return outcome.result
    ? {
        ...outcome,
        replies,
        result: { ...outcome.result, recommendations: replies.flatMap((r) => r.cards ?? []) },
      }
    : { ...outcome, replies };
}
