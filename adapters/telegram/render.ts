import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { type Translator, translator } from "../../core/i18n/i18n.ts";
import {
  type Choice,
  cardChoices,
  decodeButton,
  encodeButton,
  type Signal,
} from "../../core/reply/actions.ts";
import type { Card, Reply } from "../../core/reply/reply.ts";

/** Telegram's limits (https://core.telegram.org/bots/api#sendphoto, #sendmessage, #inlinekeyboardbutton). */
export const TELEGRAM_LIMITS = {
  caption: 1024,
  text: 4096,
  callbackData: 64,
  /** answerCallbackQuery's notification text. */
  answerText: 200,
  buttonsPerRow: 8,
} as const;

/** One Telegram message to send, in HTML (`parse_mode: "HTML"`); bot.ts decides how. */
export interface OutgoingMessage {
  html: string;
  /** Poster URL: send as a photo with `html` as its caption (≤ 1,024 characters). */
  photo?: string;
  /** The film this message shows, so emoji reactions on it can be mapped back. */
  movieId?: number;
  /** What to send instead when Telegram can't fetch the poster: the same card as text. */
  textCard?: string;
  keyboard?: InlineKeyboardMarkup;
  /** Something the person caused went wrong: quote their message in a group so they see it's theirs. */
  error: boolean;
  /** A list's one message: which list, the card it shows, of how many. */
  list?: { listId: string; index: number; count: number };
  /** A movie night's vote: sent as a Telegram poll (sendPoll), `html` unused, with a Close vote button. */
  poll?: { id: string; question: string; options: string[]; hours: number };
  /** After sending: stop the poll of this message ("telegram:<chat>:<message>") and report its counts. */
  endPoll?: string;
}

/** sendPoll's limits (https://core.telegram.org/bots/api#sendpoll). */
export const POLL_LIMITS = { question: 300, maxOptions: 10, optionText: 100 } as const;

/** At most `max` UTF-16 units (what Telegram counts), cut between code points, ending in "…" when cut. */
function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const char of text) {
    if (out.length + char.length > max - ELLIPSIS.length) break;
    out += char;
  }
  return `${out}${ELLIPSIS}`;
}

/** A vote as a poll message: the question, each film's label within Telegram's limits, the Close vote button. */
function pollMessage(poll: NonNullable<Reply["poll"]>, tr: Translator): OutgoingMessage {
  const close = choiceRows([{ label: tr.t("button-close-vote"), action: { type: "closeVote" } }]);
  return {
    html: "",
    poll: {
      id: poll.id,
      question: clipText(poll.question, POLL_LIMITS.question),
      options: poll.options
        .slice(0, POLL_LIMITS.maxOptions)
        .map((o) => clipText(o.label, POLL_LIMITS.optionText)),
      hours: poll.hours,
    },
    keyboard: { inline_keyboard: close },
    error: false,
  };
}

const ELLIPSIS = "…";

/** Text as Telegram HTML: only &, <, > and " are special (https://core.telegram.org/bots/api#html-style). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The core's plain text as HTML; its `backticks` mark words to type, shown as code. */
export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`\n]+)`/g, "<code>$1</code>");
}

// A tag, an entity, or one character (a whole code point, so a surrogate pair is never split).
const HTML_TOKEN = /<\/?[a-zA-Z][^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[\s\S]/gu;

/**
 * Shortens well-formed HTML to at most `max` characters (UTF-16 units, which is what Telegram
 * counts), ending in "…" and closing every tag it left open. A tag, an entity or an emoji is
 * kept whole or dropped whole, never cut in half. Measuring the markup, not just the visible
 * text, is stricter than Telegram's rule (it counts text after parsing), so the result always fits.
 */
export function truncateHtml(html: string, max: number): string {
  if (html.length <= max) return html;
  const open: string[] = [];
  const closers = (tags: readonly string[]) =>
    tags
      .map((t) => `</${t}>`)
      .reverse()
      .join("");
  let out = "";
  for (const [token] of html.matchAll(HTML_TOKEN)) {
    const next = [...open];
    if (token.startsWith("</")) next.pop();
    else if (token.startsWith("<") && token.length > 1) next.push(tagName(token));
    if (out.length + token.length + ELLIPSIS.length + closers(next).length > max) break;
    out += token;
    open.splice(0, open.length, ...next);
  }
  // An opening tag with nothing after it would be an empty entity, which Telegram rejects.
  return `${out}${ELLIPSIS}${closers(open)}`.replace(/<([a-z-]+)(?:\s[^<>]*)?>(…?)<\/\1>/g, "$2");
}

function tagName(tag: string): string {
  return /^<\/?([a-zA-Z-]+)/.exec(tag)?.[1]?.toLowerCase() ?? "";
}

/** Splits text into messages of at most `max` characters, at line ends where it can. */
export function splitHtmlLines(html: string, max: number = TELEGRAM_LIMITS.text): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const line of html.split("\n")) {
    const piece = truncateHtml(line, max);
    if (current && current.length + 1 + piece.length > max) {
      chunks.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current.trim()) chunks.push(current);
  return chunks;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function linkHtml(link: { label: string; url: string }): string | undefined {
  // Only web links: a data-supplied "javascript:" or "tg:" href must never reach the client.
  return /^https?:\/\//i.test(link.url)
    ? `<a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a>`
    : undefined;
}

/**
 * One film as HTML: bold title and year, genres, one line per reason, where to watch, links.
 * Every string from the data or the person is escaped. When it is too long, the reasons and
 * watch line give way first, so title and links always show.
 */
export function cardHtml(card: Card, max: number = TELEGRAM_LIMITS.caption): string {
  const year = card.year === null ? "" : ` (${card.year})`;
  const head = [
    `<b>${escapeHtml(card.title)}</b>${year}`,
    ...(card.genres.length > 0 ? [`<i>${escapeHtml(card.genres.join(" · "))}</i>`] : []),
  ].join("\n");
  const body = [
    ...card.reasons.map((r) => `• ${escapeHtml(capitalised(r))}`),
    ...(card.watch ? [`📺 ${escapeHtml(card.watch)}`] : []),
  ].join("\n");
  const tail = card.links.flatMap((l) => linkHtml(l) ?? []).join(" · ");
  const join = (parts: string[]) => parts.filter(Boolean).join("\n\n");
  const full = join([head, body, tail]);
  if (full.length <= max) return full;
  const room = max - join([head, "", tail]).length - 2;
  const fitted = join([head, room > 40 ? truncateHtml(body, room) : "", tail]);
  return truncateHtml(fitted, max);
}

/** A card without a poster: the same content as a text message, marked so it reads as a card. */
export function textCardHtml(card: Card, max: number = TELEGRAM_LIMITS.caption): string {
  const mark = "🎬 ";
  return `${mark}${cardHtml(card, max - mark.length)}`;
}

/**
 * A button, or undefined when its action has no compact payload that fits Telegram's 64 bytes.
 * `owner` is the person the message answers: the payload names them (see `encodeButton`).
 */
export function buttonOf(choice: Choice, owner?: string): InlineKeyboardButton.CallbackButton | undefined {
  const data = encodeButton(choice.action, owner);
  if (data === undefined || Buffer.byteLength(data, "utf8") > TELEGRAM_LIMITS.callbackData) return undefined;
  return { text: choice.label, callback_data: data };
}

/**
 * The card's buttons: 👍 👎 👀 Seen on one row (thumb-sized on a phone), "More like this" under
 * them. What the person already said about the film shows as a tick.
 */
export function cardKeyboard(
  card: Pick<Card, "movieId" | "said">,
  owner?: string,
  tr: Translator = translator(),
): InlineKeyboardButton[][] {
  const buttons = cardChoices(card, tr).flatMap((c) => {
    const b = buttonOf(c, owner);
    if (!b) return [];
    const pressed = c.action.type === "feedback" && c.action.signal === card.said;
    return [pressed ? { ...b, text: `${b.text}${PRESSED}` } : b];
  });
  const feedback = buttons.filter((b) => b.callback_data.startsWith("f:"));
  const rest = buttons.filter((b) => !b.callback_data.startsWith("f:"));
  return [feedback, rest].filter((row) => row.length > 0);
}

/** What a pressed feedback button adds to its label. */
const PRESSED = " ✓";

/**
 * Choices as rows: short labels ("Yes, forget me" / "Cancel") share a row, film titles get one
 * each so they're never cut off on a narrow screen. Payloads already on the message are skipped.
 */
export function choiceRows(
  choices: readonly Choice[],
  taken: Set<string> = new Set(),
  owner?: string,
): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  let row: InlineKeyboardButton[] = [];
  let width = 0;
  for (const choice of choices) {
    const button = buttonOf(choice, owner);
    if (!button || taken.has(button.callback_data)) continue;
    taken.add(button.callback_data);
    const w = [...button.text].length;
    if (row.length > 0 && (width + w > 28 || row.length >= TELEGRAM_LIMITS.buttonsPerRow)) {
      rows.push(row);
      row = [];
      width = 0;
    }
    row.push(button);
    width += w;
    if (w > 14) {
      rows.push(row);
      row = [];
      width = 0;
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

function callbackDataOf(button: InlineKeyboardButton): string | undefined {
  return "callback_data" in button ? button.callback_data : undefined;
}

/** A list as one Telegram message shows it: its heading, its cards, its own buttons ("More picks"). */
export interface ListView {
  listId: string;
  text: string;
  cards: readonly Card[];
  choices: readonly Choice[];
  /** The list's language (its reply's), for the card buttons' words. */
  lang?: string;
}

/** The pager's payload: "p:<list id>:<card index>", then the owner like every button. */
const PAGE = /^p:([0-9a-z]{1,12}):(\d{1,2})(?:@([0-9A-Za-z_-]{1,32}))?$/;

export function encodePage(listId: string, index: number, owner?: string): string {
  return `p:${listId}:${index}${owner ? `@${owner}` : ""}`;
}

/** A ◀ ▶ press: which list, which card; undefined for anything else. */
export function decodePage(data: string): { listId: string; index: number; owner?: string } | undefined {
  const m = PAGE.exec(data);
  if (!m) return undefined;
  return { listId: m[1]!, index: Number(m[2]), ...(m[3] ? { owner: m[3] } : {}) };
}

/** The card a list message shows now, read from its pager ("2 / 5"); 0 without one. */
export function shownIndex(markup: InlineKeyboardMarkup | undefined): number {
  for (const row of markup?.inline_keyboard ?? [])
    for (const b of row) {
      const page = /^\d+ \/ \d+$/.test(b.text) ? decodePage(callbackDataOf(b) ?? "") : undefined;
      if (page) return page.index;
    }
  return 0;
}

/** Longest heading a list's caption keeps above its card; a longer one goes as its own message. */
const LIST_HEAD_CHARS = 400;

/**
 * One card of a list as the list's one message: the heading, the card (poster and caption, or
 * a text card), the card's 👍 👎 👀 and More like this, a ◀ n / N ▶ pager that edits this
 * message in place, and the list's own buttons. A list is a photo message only when every
 * card has a poster: Telegram can turn a photo into another photo (editMessageMedia) but never
 * into text, so a list with any card without one is text throughout (editMessageText).
 */
export function listPage(view: ListView, index: number, owner?: string): OutgoingMessage {
  const card = view.cards[index]!;
  const count = view.cards.length;
  const head = textToHtml(view.text.trim());
  const withHead = (body: (room: number) => string) => {
    if (!head) return body(TELEGRAM_LIMITS.caption);
    const room = TELEGRAM_LIMITS.caption - head.length - 2;
    return `${head}\n\n${body(room)}`;
  };
  const rows = cardKeyboard(card, owner, translator(view.lang));
  if (count > 1) {
    const at = (i: number) => encodePage(view.listId, (i + count) % count, owner);
    rows.push([
      { text: "◀", callback_data: at(index - 1) },
      { text: `${index + 1} / ${count}`, callback_data: at(index) },
      { text: "▶", callback_data: at(index + 1) },
    ]);
  }
  const taken = new Set(rows.flat().flatMap((b) => callbackDataOf(b) ?? []));
  rows.push(...choiceRows(view.choices, taken, owner));
  const keyboard = { inline_keyboard: rows };
  const textCard = withHead((room) => textCardHtml(card, room));
  const photoList = view.cards.every((c) => c.posterUrl);
  return photoList && card.posterUrl
    ? {
        html: withHead((room) => cardHtml(card, room)),
        photo: card.posterUrl,
        textCard,
        movieId: card.movieId,
        keyboard,
        list: { listId: view.listId, index, count },
        error: false,
      }
    : {
        html: textCard,
        movieId: card.movieId,
        keyboard,
        list: { listId: view.listId, index, count },
        error: false,
      };
}

/**
 * A turn's replies as Telegram messages, in order. A list is one message (`listPage`): its
 * first card, paged in place with ◀ ▶. Replies of one list (its bundles) are one list. Other
 * replies are their text, with their choices ("Did you mean…?") as buttons under it. `owner`
 * is the person answered: every button names them.
 */
export function renderReplies(replies: readonly Reply[], owner?: string): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  for (let i = 0; i < replies.length; i++) {
    const reply = replies[i]!;
    const error = Boolean(reply.error);
    const cards = reply.cards ?? [];
    if (cards.length > 0) {
      // The replies that follow with the same list id are the rest of this list.
      const group = [reply];
      while (reply.listId && replies[i + 1]?.listId === reply.listId && replies[i + 1]?.cards?.length)
        group.push(replies[++i]!);
      const head = reply.text.trim();
      const longHead = textToHtml(head).length > LIST_HEAD_CHARS;
      if (longHead) messages.push(...splitHtmlLines(textToHtml(head)).map((html) => ({ html, error })));
      const view: ListView = {
        listId: reply.listId ?? "",
        text: longHead ? "" : head,
        cards: group.flatMap((r) => r.cards ?? []),
        choices: group.at(-1)!.choices ?? [],
        ...(reply.lang ? { lang: reply.lang } : {}),
      };
      // Without a list id (a movie night) the pager has nothing to page from: one message per card.
      if (reply.listId) messages.push({ ...listPage(view, 0, owner), error });
      else
        view.cards.forEach((_, k) => {
          const page = listPage(
            {
              ...view,
              cards: [view.cards[k]!],
              choices: k === view.cards.length - 1 ? view.choices : [],
              text: k === 0 ? view.text : "",
            },
            0,
            owner,
          );
          messages.push({ ...page, error });
        });
      continue;
    }
    const own: OutgoingMessage[] = splitHtmlLines(textToHtml(reply.text.trim())).map((html) => ({
      html,
      error,
    }));
    const choices = reply.choices ?? [];
    if (choices.length > 0) {
      if (own.length === 0) own.push({ html: translator(reply.lang).t("tg-choose-one"), error });
      const rows = choiceRows(choices, new Set(), owner);
      if (rows.length > 0) own.at(-1)!.keyboard = { inline_keyboard: rows };
    }
    if (reply.poll) own.push(pollMessage(reply.poll, translator(reply.lang)));
    if (reply.endPoll && own.length > 0) own.at(-1)!.endPoll = reply.endPoll.messageRef;
    messages.push(...own);
  }
  return messages;
}

/**
 * The card's keyboard after a feedback press: the pressed button shows a tick, the other
 * feedback buttons of that film lose theirs, and every other row (the pager, "More picks")
 * stays as it was.
 */
export function markFeedback(
  markup: InlineKeyboardMarkup,
  movieId: number,
  signal: Signal,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: markup.inline_keyboard.map((row) =>
      row.map((button) => {
        const action = decodeButton(callbackDataOf(button) ?? "")?.action;
        if (action?.type !== "feedback" || action.movieId !== movieId) return button;
        const label = button.text.replace(PRESSED, "");
        return { ...button, text: action.signal === signal ? `${label}${PRESSED}` : label };
      }),
    ),
  };
}

/** The text of a turn's replies as a short notification (answerCallbackQuery shows ≤ 200 characters). */
export function noticeText(replies: readonly Reply[]): string {
  const text = replies
    .map((r) => r.text.trim())
    .filter(Boolean)
    .join("\n")
    .replace(/`/g, "");
  return clipText(text, TELEGRAM_LIMITS.answerText);
}

/** The keyboard without the buttons whose payload starts with `prefix` (an answered question's). */
export function withoutButtons(markup: InlineKeyboardMarkup, prefix: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: markup.inline_keyboard
      .map((row) => row.filter((b) => !callbackDataOf(b)?.startsWith(prefix)))
      .filter((row) => row.length > 0),
  };
}

/** Whether a keyboard edit would change nothing (Telegram refuses it: "message is not modified"). */
export function sameKeyboard(current: InlineKeyboardMarkup | undefined, next: InlineKeyboardMarkup): boolean {
  const rows = (m: InlineKeyboardMarkup | undefined) =>
    JSON.stringify((m?.inline_keyboard ?? []).filter((r) => r.length > 0));
  return rows(current) === rows(next);
}
