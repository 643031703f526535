import type { Reply } from "../reply/reply.ts";
import { askAbout, choose, openChoices } from "./choose.ts";
import type { TurnContext } from "./context.ts";
import { contextOf, name, TITLE_QUERY_CHARS } from "./helpers.ts";
import { tell } from "./tell.ts";

/** "2", "1990", "the 1990 one", "no, I meant Heat (1995)": which version was meant. */
export async function correct(ctx: TurnContext, text: string): Promise<Reply[]> {
  const { catalogue, titles } = ctx;
  const state = await ctx.store.get(ctx.key);
  const pending = openChoices(ctx, state);
  for (const p of pending) {
    const options = [p.guess, ...p.options];
    const number = /^#?(\d{1,2})$/.exec(text.trim());
    const year = /\b(18|19|20)\d\d\b/.exec(text)?.[0];
    let chosen: number | undefined;
    if (number) chosen = options[Number(number[1]) - 1];
    else if (year) chosen = options.find((id) => catalogue.byId(id)?.year === Number(year));
    else if (text.length <= TITLE_QUERY_CHARS) {
      const r = titles.resolve(text, contextOf(state));
      chosen = r && options.includes(r.movieId) ? r.movieId : undefined;
    }
    if (chosen !== undefined) return choose(ctx, chosen, p.guess);
  }
  // A bare number answers a question; with none open it is a position, never a title ("2").
  if (/^#?\d{1,2}$/.test(text.trim())) return [{ text: ctx.tr.t("correct-no-question") }];
  // No question pending: a year ("the 1990 one") means another version of the film named last.
  const last = state?.conversation.mentioned?.at(-1);
  const lastMovie = last === undefined ? undefined : catalogue.byId(last);
  const year = /\b(18|19|20)\d\d\b/.exec(text)?.[0];
  if (lastMovie && year && /^(?:the\s+)?\d{4}(?:\s+(?:one|version))?$/i.test(text.trim())) {
    const other = titles.resolve(`${lastMovie.title} (${year})`, contextOf(state));
    if (other && other.movieId !== last && catalogue.byId(other.movieId)?.year === Number(year))
      return choose(ctx, other.movieId, last);
    return [
      {
        text: ctx.tr.t("correct-no-version", { year, title: name(ctx, lastMovie.movieId) }),
      },
    ];
  }
  const r = text.length <= TITLE_QUERY_CHARS ? titles.resolve(text, contextOf(state)) : undefined;
  if (r && last !== undefined && r.movieId !== last) return choose(ctx, r.movieId, last);
  if (pending.length > 0) {
    const ask = askAbout(ctx, pending);
    return [{ text: ctx.tr.t("correct-sorry", { question: ask.lines.join("\n") }), choices: ask.choices }];
  }
  return tell(ctx, text);
}
