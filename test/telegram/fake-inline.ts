import type { InlineQuery, Update, User } from "grammy/types";
import { parseTelegramHtml } from "./telegram-html.ts";

/**
 * Inline mode for the fake Bot API: `query` pushes an `inline_query` update as Telegram sends
 * one per keystroke, and `check` refuses an answerInlineQuery the way Telegram does
 * (https://core.telegram.org/bots/api#answerinlinequery and the result types under
 * #inlinequeryresult). The clock is injectable, so a test can age a query past Telegram's 10 s
 * without waiting.
 */

type NewUpdate = Omit<Update, "update_id">;
type Failure = { code: number; description: string };

export const INLINE_FAKE_LIMITS = {
  /** "No more than 50 results per query are allowed." */
  results: 50,
  /** Result id: "Unique identifier for this result, 1-64 Bytes". */
  idBytes: 64,
  /** Photo caption: "0-1024 characters after entities parsing". */
  caption: 1024,
  /** input_message_content.message_text: "1-4096 characters after entities parsing". */
  messageText: 4096,
  /** An inline query must be answered within 10 seconds (Telegram's error after that: TOO_OLD). */
  answerMs: 10_000,
  /** InlineQueryResultsButton.start_parameter: "1-64 characters, only A-Z, a-z, 0-9, _ and - are allowed". */
  startParameter: /^[A-Za-z0-9_-]{1,64}$/,
  /** Buttons per keyboard row (as for messages). */
  buttonsPerRow: 8,
} as const;

export const TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid";

interface Asked {
  query: InlineQuery;
  at: number;
  answered: boolean;
}

const bad = (description: string): Failure => ({ code: 400, description: `Bad Request: ${description}` });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const webUrl = (v: unknown) => typeof v === "string" && /^(https?|tg):\/\/\S+$/i.test(v);

export class FakeInline {
  /** The fake's clock for inline queries: when one was asked, and whether an answer is late. */
  now: () => number = Date.now;
  private readonly asked = new Map<string, Asked>();
  private nextId = 1;

  constructor(private readonly push: (update: NewUpdate) => Update) {}

  /** A person typing `@bot <text>`: queues the inline_query update; returns its query id. */
  query(
    from: User,
    text: string,
    options: { chatType?: InlineQuery["chat_type"]; offset?: string } = {},
  ): string {
    const id = `${from.id}${String(this.nextId++).padStart(6, "0")}`;
    const query: InlineQuery = {
      id,
      from,
      query: text,
      offset: options.offset ?? "",
      chat_type: options.chatType ?? "sender",
    };
    this.asked.set(id, { query, at: this.now(), answered: false });
    this.push({ inline_query: query });
    return id;
  }

  /** The query behind an id, as pushed. */
  queryOf(id: string): InlineQuery | undefined {
    return this.asked.get(id)?.query;
  }

  /** Why Telegram would refuse this answerInlineQuery, or undefined (then the query counts as answered). */
  check(p: Record<string, unknown>): Failure | undefined {
    const asked = this.asked.get(String(p.inline_query_id));
    if (!asked || asked.answered || this.now() - asked.at > INLINE_FAKE_LIMITS.answerMs) {
      return { code: 400, description: TOO_OLD };
    }
    const problem = this.checkResults(p.results) ?? this.checkOptions(p);
    if (!problem) asked.answered = true;
    return problem;
  }

  private checkOptions(p: Record<string, unknown>): Failure | undefined {
    if (p.cache_time !== undefined && !(Number.isInteger(p.cache_time) && Number(p.cache_time) >= 0))
      return bad("cache_time must be a non-negative integer");
    if (p.button !== undefined) {
      const button = p.button;
      if (!isRecord(button) || !nonEmpty(button.text)) return bad("BUTTON_TEXT_INVALID");
      if (button.start_parameter === undefined && button.web_app === undefined)
        return bad("a results button needs start_parameter or web_app");
      if (
        button.start_parameter !== undefined &&
        !(
          typeof button.start_parameter === "string" &&
          INLINE_FAKE_LIMITS.startParameter.test(button.start_parameter)
        )
      )
        return bad("START_PARAM_INVALID");
    }
    return undefined;
  }

  private checkResults(results: unknown): Failure | undefined {
    if (!Array.isArray(results)) return bad("results must be an array");
    if (results.length > INLINE_FAKE_LIMITS.results) return bad("RESULTS_TOO_MUCH");
    const ids = new Set<string>();
    for (const result of results) {
      if (!isRecord(result)) return bad("result must be an object");
      const id = result.id;
      if (typeof id !== "string" || id === "" || Buffer.byteLength(id, "utf8") > INLINE_FAKE_LIMITS.idBytes)
        return bad("RESULT_ID_INVALID");
      if (ids.has(id)) return bad("RESULT_ID_DUPLICATE");
      ids.add(id);
      const problem = this.checkResult(result);
      if (problem) return problem;
    }
    return undefined;
  }

  private checkResult(r: Record<string, unknown>): Failure | undefined {
    switch (r.type) {
      case "photo": {
        if (!webUrl(r.photo_url)) return bad("PHOTO_URL_INVALID");
        if (!webUrl(r.thumbnail_url)) return bad("PHOTO_THUMB_URL_EMPTY");
        if (r.caption !== undefined) {
          const problem = this.checkHtml(r.caption, r.parse_mode, INLINE_FAKE_LIMITS.caption, "caption");
          if (problem) return problem;
        }
        if (r.input_message_content !== undefined) {
          const problem = this.checkMessageContent(r.input_message_content);
          if (problem) return problem;
        }
        break;
      }
      case "article": {
        if (!nonEmpty(r.title)) return bad("RESULT_TITLE_EMPTY");
        const problem = this.checkMessageContent(r.input_message_content);
        if (problem) return problem;
        break;
      }
      default:
        return bad(`the fake knows inline results of type photo and article, not ${String(r.type)}`);
    }
    return this.checkKeyboard(r.reply_markup);
  }

  private checkMessageContent(content: unknown): Failure | undefined {
    if (!isRecord(content)) return bad("input_message_content is required");
    if (!nonEmpty(content.message_text)) return bad("MESSAGE_EMPTY");
    return this.checkHtml(
      content.message_text,
      content.parse_mode,
      INLINE_FAKE_LIMITS.messageText,
      "message",
    );
  }

  private checkHtml(
    html: unknown,
    parseMode: unknown,
    max: number,
    what: "caption" | "message",
  ): Failure | undefined {
    if (typeof html !== "string") return bad(`${what} must be a string`);
    const parsed = parseMode === "HTML" ? parseTelegramHtml(html) : { text: html };
    if ("error" in parsed) return bad(parsed.error);
    if (parsed.text.length > max)
      return bad(what === "caption" ? "MEDIA_CAPTION_TOO_LONG" : "MESSAGE_TOO_LONG");
    return undefined;
  }

  /** An inline result's keyboard: rows of 1-8 buttons, each with a label and one action (URL or callback data). */
  private checkKeyboard(markup: unknown): Failure | undefined {
    if (markup === undefined) return undefined;
    if (!isRecord(markup) || !Array.isArray(markup.inline_keyboard)) return bad("REPLY_MARKUP_INVALID");
    for (const row of markup.inline_keyboard) {
      if (!Array.isArray(row) || row.length === 0 || row.length > INLINE_FAKE_LIMITS.buttonsPerRow)
        return bad("BUTTON_ROW_INVALID");
      for (const button of row) {
        if (!isRecord(button) || !nonEmpty(button.text)) return bad("BUTTON_TEXT_EMPTY");
        if (button.url !== undefined) {
          if (!webUrl(button.url)) return bad("BUTTON_URL_INVALID");
        } else if (
          typeof button.callback_data !== "string" ||
          button.callback_data === "" ||
          Buffer.byteLength(button.callback_data) > 64
        ) {
          return bad("BUTTON_DATA_INVALID");
        }
      }
    }
    return undefined;
  }
}
