import type { SmallTalk } from "../dialogue/small-talk.ts";
import type { Profile } from "../profile/profile.ts";
import type { Reply } from "../reply/reply.ts";
import type { TurnContext } from "./context.ts";
import { help, welcome } from "./help.ts";
import { contextOf } from "./helpers.ts";
import { more } from "./lists.ts";
import { tell } from "./tell.ts";

function isEmpty(profile: Profile | undefined): boolean {
  return (
    !profile ||
    (profile.liked.length === 0 &&
      profile.disliked.length === 0 &&
      profile.seen.length === 0 &&
      profile.watchlist.length === 0 &&
      profile.prefs.length === 0)
  );
}

/**
 * "hi", "what can you do?", "help me find a movie". Someone the bot knows nothing about gets
 * the welcome with an example sentence (not "I couldn't find a film title"); someone it knows
 * gets help or their next picks. A greeting that names a film is about the film.
 */
export async function greet(ctx: TurnContext, text: string, talk: SmallTalk): Promise<Reply[]> {
  const state = await ctx.store.get(ctx.key);
  if (ctx.titles.find(text, contextOf(state)).length > 0) return tell(ctx, text);
  if (isEmpty(state?.profile)) return welcome(ctx.tr);
  switch (talk) {
    case "question":
      return help(ctx.tr);
    case "request":
      return more(ctx);
    case "hello": {
      const who = ctx.speaker.name ?? state?.name;
      return [{ text: who ? ctx.tr.t("greet-again-named", { name: who }) : ctx.tr.t("greet-again") }];
    }
  }
}
