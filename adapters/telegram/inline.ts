import { type Context, GrammyError } from "grammy";
import type {
  InlineKeyboardMarkup,
  InlineQueryResult,
  InlineQueryResultArticle,
  InlineQueryResultPhoto,
  InlineQueryResultsButton,
} from "grammy/types";
import { matchLanguage, type Translator, translator } from "../../core/i18n/i18n.ts";
import type { InlineAnswer, InlineCard } from "../../core/inline.ts";
import type { Log } from "../../core/log.ts";
import type { Matinee } from "../../core/matinee.ts";
import type { Card } from "../../core/reply/reply.ts";
import { InlineGate } from "./inline-gate.ts";
import { cardHtml, TELEGRAM_LIMITS, textCardHtml } from "./render.ts";
import { speakerOf } from "./updates.ts";

/**
 * answerInlineQuery's limits (https://core.telegram.org/bots/api#answerinlinequery): at most
 * 50 results, each id 1-64 bytes and unique in the answer; the answer must come within 10 s of
 * the query ("query is too old and response timeout expired or query ID is invalid").
 */
export const INLINE_LIMITS = { results: 50, idBytes: 64, answerMs: 10_000 } as const;

/** Title results are the same for everyone and change only with the catalogue: a minute's caching. */
const SHARED_CACHE_SECONDS = 60;
/** A person's own picks change as they rate films: Telegram keeps them briefly, for them alone. */
const PERSONAL_CACHE_SECONDS = 10;
/** One new inline answer per person at most this often; the latest keystroke is always answered. */
export const DEFAULT_INLINE_INTERVAL_MS = 250;

export const MORE_IN_CHAT = translator().t("tg-inline-more");
/** The /start payload of the button above the results ("Open a chat with me"). */
export const INLINE_START = "inline";

/** A link that opens a private chat with the bot and sends `/start similar_<id>`. */
export function similarDeepLink(botUsername: string, movieId: number): string {
  return `https://t.me/${botUsername}?start=similar_${movieId}`;
}

/** TMDB serves the same poster small at w92: the thumbnail Telegram shows in the result list. */
export function thumbnailOf(posterUrl: string): string {
  return posterUrl.replace("/t/p/w342/", "/t/p/w92/");
}

const yearOf = (card: Card) => (card.year === null ? "" : ` (${card.year})`);

/** The grey line under a result's title: why it is there, else its genres. */
function descriptionOf(result: InlineCard): string {
  const { card } = result;
  const line =
    result.role === "match" ? card.genres.join(" · ") : (card.reasons[0] ?? card.genres.join(" · "));
  return line.slice(0, 200);
}

function resultKeyboard(card: Card, botUsername: string, tr: Translator): InlineKeyboardMarkup {
  return {
    inline_keyboard: [[{ text: tr.t("tg-inline-more"), url: similarDeepLink(botUsername, card.movieId) }]],
  };
}

/**
 * One film as an inline result: a photo (poster, caption with the reasons) when the film has
 * a poster, else an article whose message is the text card. Either way, a URL button opens a
 * chat with the bot on "films like this" (a callback button would come back without a chat).
 * Ids are the film's: the core lists each film once.
 */
export function inlineResult(
  result: InlineCard,
  botUsername: string,
  tr: Translator = translator(),
): InlineQueryResult {
  const { card } = result;
  const id = `m${card.movieId}`;
  const title = `${card.title}${yearOf(card)}`;
  const reply_markup = resultKeyboard(card, botUsername, tr);
  if (card.posterUrl) {
    const photo: InlineQueryResultPhoto = {
      type: "photo",
      id,
      photo_url: card.posterUrl,
      thumbnail_url: thumbnailOf(card.posterUrl),
      title,
      description: descriptionOf(result),
      caption: cardHtml(card, TELEGRAM_LIMITS.caption),
      parse_mode: "HTML",
      reply_markup,
    };
    return photo;
  }
  const article: InlineQueryResultArticle = {
    type: "article",
    id,
    title,
    description: descriptionOf(result),
    input_message_content: {
      message_text: textCardHtml(card),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
    reply_markup,
  };
  return article;
}

/** A query quoted in a button: short, so the label fits on a phone. */
function quoted(query: string): string {
  const chars = [...query];
  return chars.length > 24 ? `${chars.slice(0, 23).join("")}…` : query;
}

/** The button above the results: opens a private chat with the bot (`/start inline`). */
export function resultsButton(answer: InlineAnswer, tr: Translator = translator()): InlineQueryResultsButton {
  const text =
    answer.kind === "nothing"
      ? tr.t("tg-inline-nothing", { query: quoted(answer.query) })
      : tr.t(`tg-inline-${answer.kind}`);
  return { text, start_parameter: INLINE_START };
}

/** The whole answer: results and answerInlineQuery's options. */
export function inlineReply(answer: InlineAnswer, botUsername: string, tr: Translator = translator()) {
  const results = answer.results.slice(0, INLINE_LIMITS.results).map((r) => inlineResult(r, botUsername, tr));
  return {
    results,
    options: {
      cache_time: answer.personal ? PERSONAL_CACHE_SECONDS : SHARED_CACHE_SECONDS,
      is_personal: answer.personal,
      button: resultsButton(answer, tr),
    },
  };
}

/** grammY types its signal with the abort-controller shim; Node's own is the same at run time. */
type GrammySignal = Parameters<Context["answerInlineQuery"]>[2];
const deadline = (ms: number) => AbortSignal.timeout(Math.max(1, ms)) as unknown as GrammySignal;

export interface InlineHandlerOptions {
  matinee: Matinee;
  log: Log;
  /** The error as a log field, without the token. */
  fail: (error: unknown) => { name: string; message: string };
  /** One new answer per person at most this often (`DEFAULT_INLINE_INTERVAL_MS`). */
  intervalMs?: number;
}

/**
 * The `inline_query` handler. Per person through an `InlineGate`, so a burst of keystrokes is
 * one answer at a time and never queues in front of anyone else; an answer Telegram refuses
 * (the query is too old, a newer keystroke won) is logged and dropped.
 */
export function inlineQueryHandler(options: InlineHandlerOptions): (ctx: Context) => Promise<void> {
  const { matinee, log, fail } = options;
  const gate = new InlineGate(options.intervalMs ?? DEFAULT_INLINE_INTERVAL_MS);
  return async (ctx) => {
    const query = ctx.inlineQuery;
    if (!query) return;
    const received = Date.now();
    await gate.submit(String(query.from.id), async () => {
      try {
        const answer = await matinee.inline(speakerOf(query.from), query.query);
        // Inline queries read no store for a typed title: the app's language says which.
        const tr = translator(matchLanguage(query.from.language_code));
        const { results, options: other } = inlineReply(answer, ctx.me.username, tr);
        // Past Telegram's window the answer is refused anyway: don't let auto-retry hold it.
        const left = INLINE_LIMITS.answerMs - (Date.now() - received);
        await ctx.answerInlineQuery(results, other, deadline(left));
      } catch (error) {
        const tooOld =
          error instanceof GrammyError && /query is too old|query id is invalid/i.test(error.description);
        if (tooOld) log.info({ query: query.id }, "an inline query expired before its answer");
        else log.warn({ error: fail(error), query: query.id }, "could not answer an inline query");
      }
    });
  };
}
