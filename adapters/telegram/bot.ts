import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { autoRetry } from "@grammyjs/auto-retry";
import { run, sequentialize } from "@grammyjs/runner";
import { Bot, type Context, GrammyError, HttpError, webhookCallback } from "grammy";
import type { Document, MaybeInaccessibleMessage } from "grammy/types";
import { UserFacingError } from "../../core/errors.ts";
import type { ChatEvent, ImportEvent, Speaker } from "../../core/events.ts";
import { matchLanguage, type Translator, translator } from "../../core/i18n/i18n.ts";
import { type ImportFormat, MAX_IMPORT_BYTES } from "../../core/import/history.ts";
import type { Log } from "../../core/log.ts";
import type { Matinee } from "../../core/matinee.ts";
import { answersQuestion, decodeButton } from "../../core/reply/actions.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { downloadUpload, formatNamed, meantAsImport } from "../download.ts";
import { COMMANDS, commandMenus } from "./commands.ts";
import { inTelegramTerms } from "./help.ts";
import { inlineQueryHandler } from "./inline.ts";
import { movieNightOutcome } from "./movie-night.ts";
import {
  decodePage,
  listPage,
  markFeedback,
  noticeText,
  type OutgoingMessage,
  renderReplies,
  sameKeyboard,
  shownIndex,
  withoutButtons,
} from "./render.ts";
import { SeenUsers } from "./seen-users.ts";
import { parseStartPayload } from "./start-payload.ts";
import { reachTelegram, type StartRetry } from "./start-up.ts";
import {
  addressedText,
  commandOutcome,
  messageRef,
  PLATFORM,
  reactionEvents,
  SORRY,
  speakerOf,
  unknownCommand,
} from "./updates.ts";

export interface TelegramWebhookOptions {
  /** The public https address Telegram posts updates to; the local server answers on its path. */
  url: string;
  /** Telegram sends it back in X-Telegram-Bot-Api-Secret-Token; requests without it are refused. */
  secret: string;
  /** Where the local server listens (behind the TLS proxy that serves `url`); 0 picks a free port. */
  port: number;
  /** The interface to listen on; all of them by default. */
  host?: string;
}

export interface TelegramBotOptions {
  matinee: Matinee;
  /** The token @BotFather gave (/newbot, or /token to see it again). */
  token: string;
  log: Log;
  /** The Bot API's address, "https://api.telegram.org" by default; tests point it at a fake. */
  apiRoot?: string;
  /** Webhook mode; long polling (with concurrent handling) when absent. */
  webhook?: TelegramWebhookOptions;
  /**
   * The longest flood wait (retry_after, seconds) a turn sits out before its reply is queued
   * instead; 60 by default. A queued reply goes once the wait is over, in order, never dropped.
   */
  floodWaitSeconds?: number;
  /** How hard start-up tries to reach the Bot API before giving up with one line (`DEFAULT_START_RETRY`). */
  startRetry?: StartRetry;
  /**
   * Claims an update id, true the first time: every update is then answered once, though
   * several webhook instances share one URL and Telegram resends an update whose answer it
   * did not see (the store's `claimUpdate`, atomic across processes). Unset: no check.
   */
  claimUpdate?: (updateId: number) => Promise<boolean>;
  /** Inline mode: one new answer per person at most this often, in ms (`DEFAULT_INLINE_INTERVAL_MS`). */
  inlineIntervalMs?: number;
}

export interface TelegramBot {
  bot: Bot;
  /** Webhook mode: the port the local server listens on. */
  port?: number;
  /**
   * Settles when the bot stops receiving updates: with undefined after `stop()`, with the
   * reason when Telegram stopped it (409 Conflict: another process long-polls this bot).
   * Never rejects, so a caller that does not wait for it meets no unhandled rejection.
   */
  stopped: Promise<Error | undefined>;
  stop(): Promise<void>;
}

/** Update kinds the bot asks for. message_reaction is not sent unless listed here. */
export const ALLOWED_UPDATES = ["message", "callback_query", "message_reaction", "inline_query"] as const;

/** Flood control: wait out 429s (retry_after) and brief outages, but don't hold a reply for minutes. */
const RETRY = { maxRetryAttempts: 5, maxDelaySeconds: 60 };

/** A 429's retry_after (seconds): auto-retry gave up on it because it was longer than the bound. */
function floodWait(error: unknown): number | undefined {
  return error instanceof GrammyError && error.error_code === 429 ? error.parameters.retry_after : undefined;
}
/** setTimeout's longest delay (2^31 − 1 ms, about 24.8 days); a longer vote is closed by its button. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A reply's language mark: none for English, every front end's default. */
function langOf(tr: Translator): { lang?: string } {
  return tr.lang === "en" ? {} : { lang: tr.lang };
}

/** What sending needs of a context: its API (an update's context, or the bot's own for a timer). */
type Sender = Pick<Context, "api">;

/** getFile serves files up to 20 MB (https://core.telegram.org/bots/api#getfile); bigger ones never reach a bot. */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
/** Telegram waits for a webhook's answer; past this the update keeps running and Telegram gets its 200. */
const WEBHOOK_ANSWER_MS = 8_000;

/** Where replies to one update go. */
interface Target {
  chatId: number;
  /** Forum topic the update came from, so replies stay in it. */
  threadId?: number;
  /** Quote this message in the first answer (and in error answers): whom or what the answer is about. */
  quote?: number;
  group: boolean;
}

/** An error as a log field, without the token (network errors carry the request URL, which holds it). */
function safeError(error: unknown, token: string): { name: string; message: string } {
  const hide = (s: string) => s.split(token).join("<token>");
  if (error instanceof HttpError) {
    const inner = error.error instanceof Error ? `: ${error.error.message}` : "";
    return { name: error.name, message: hide(`${error.message}${inner}`) };
  }
  if (error instanceof Error) return { name: error.name, message: hide(error.message) };
  return { name: "Error", message: hide(String(error)) };
}

function threadOf(message: MaybeInaccessibleMessage): number | undefined {
  return "is_topic_message" in message && message.is_topic_message ? message.message_thread_id : undefined;
}

/** The grammY bot with its plugins and handlers; no network until it's started. */
export function createTelegramBot(options: TelegramBotOptions): Bot {
  const { matinee, log, token } = options;
  const bot = new Bot(token, options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {});
  const apiRoot = options.apiRoot ?? "https://api.telegram.org";
  const fail = (error: unknown) => safeError(error, token);
  const floodBound = options.floodWaitSeconds ?? RETRY.maxDelaySeconds;

  /**
   * A document's bytes for the core: getFile, then the file URL (it holds the token, so it is
   * never logged). Telegram's own 20 MB limit is checked first where the message states the
   * size, and getFile's "file is too big" says the same where it does not.
   */
  async function documentUpload(
    api: Context["api"],
    document: Document,
    format: ImportFormat | undefined,
  ): Promise<ImportEvent["upload"]> {
    const fileName = document.file_name ?? "file";
    const base = { fileName, ...(format ? { format } : {}) };
    const limit = Math.min(TELEGRAM_DOWNLOAD_LIMIT, MAX_IMPORT_BYTES);
    const tooLarge = (size?: number): ImportEvent["upload"] => ({
      ...base,
      failure: { kind: "too-large", ...(size !== undefined ? { size } : {}), limit, platformLimit: true },
    });
    if (document.file_size !== undefined && document.file_size > limit) return tooLarge(document.file_size);
    let path: string | undefined;
    try {
      path = (await api.getFile(document.file_id)).file_path;
    } catch (error) {
      if (error instanceof GrammyError && /too big/i.test(error.description)) return tooLarge();
      log.warn({ error: fail(error) }, "Telegram getFile failed");
    }
    if (!path) return { ...base, failure: { kind: "unavailable", reason: "download" } };
    return downloadUpload(
      `${apiRoot}/file/bot${token}/${path}`,
      {
        ...base,
        ...(document.file_size !== undefined ? { size: document.file_size } : {}),
      },
      limit,
    );
  }

  // The runner and auto-retry retry failed calls quietly; say why here (409 on getUpdates: another
  // instance or a webhook is set).
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      // A 409 ends polling; startTelegramBot says why in one line (pollingConflict).
      if (!result.ok && method === "getUpdates" && result.error_code !== 409) {
        log.warn({ code: result.error_code, description: result.description }, "Telegram refused getUpdates");
      } else if (!result.ok && result.error_code === 429) {
        const retryAfter = result.parameters?.retry_after;
        if (retryAfter !== undefined && retryAfter > floodBound)
          log.warn({ method, retryAfter }, "Telegram flood limit beyond the bound: the reply is queued");
        else log.info({ method, retryAfter }, "Telegram flood limit: waiting, then retrying");
      }
      return result;
    } catch (error) {
      if (!signal?.aborted) log.warn({ method, error: fail(error) }, "Telegram API call failed");
      throw error;
    }
  });
  // Installed after the logger, so it wraps it: every failed attempt is logged, then retried.
  bot.api.config.use(autoRetry({ ...RETRY, maxDelaySeconds: floodBound }));

  // Who has been seen where, so "/movienight @ann" can find Ann (the Bot API cannot look names up).
  const seen = new SeenUsers();
  bot.use((ctx, next) => {
    if (ctx.chat) {
      seen.note(ctx.chat.id, ctx.from);
      seen.note(ctx.chat.id, ctx.msg?.reply_to_message?.from);
    }
    return next();
  });

  // Updates run concurrently; those of one chat, and of one person across chats, keep their order.
  // Inline queries wait for nothing (inline.ts paces them per person): a burst of keystrokes
  // never holds up the typist's own messages.
  bot.use(
    sequentialize((ctx: Context) =>
      ctx.inlineQuery
        ? undefined
        : [ctx.chat ? `chat:${ctx.chat.id}` : "", ctx.from ? `user:${ctx.from.id}` : ""].filter(Boolean),
    ),
  );

  // Inside the queue, not before it: claims take a store round trip each, and two of one
  // chat's updates whose claims came back out of order would be answered out of order.
  const claim = options.claimUpdate;
  if (claim) {
    bot.use(async (ctx, next) => {
      if (await claim(ctx.update.update_id)) return next();
      log.debug({ update: ctx.update.update_id }, "update already taken by another instance; skipped");
    });
  }

  bot.on(
    "inline_query",
    inlineQueryHandler({
      matinee,
      log,
      fail,
      ...(options.inlineIntervalMs !== undefined ? { intervalMs: options.inlineIntervalMs } : {}),
    }),
  );

  async function runCore(event: ChatEvent): Promise<Reply[]> {
    try {
      return await matinee.handle(event);
    } catch (error) {
      log.error({ error: fail(error) }, "the core failed on a Telegram update");
      const tr = await speech(event);
      return [{ text: tr.lang === "en" ? SORRY : tr.t("notice-sorry"), error: true, ...langOf(tr) }];
    }
  }

  /**
   * The language of what the adapter says itself (no turn ran): the person's own choice when
   * the store has one, else their app's `language_code`.
   */
  async function speech(speaker: Speaker): Promise<Translator> {
    try {
      return translator(await matinee.language(speaker));
    } catch {
      return translator(matchLanguage(speaker.locale));
    }
  }

  async function sendOne(ctx: Sender, target: Target, out: OutgoingMessage, quote: boolean) {
    const common = {
      parse_mode: "HTML" as const,
      ...(out.keyboard ? { reply_markup: out.keyboard } : {}),
      ...(target.threadId !== undefined ? { message_thread_id: target.threadId } : {}),
      ...(quote && target.quote !== undefined
        ? { reply_parameters: { message_id: target.quote, allow_sending_without_reply: true } }
        : {}),
    };
    const asText = (html: string) =>
      ctx.api.sendMessage(target.chatId, html, { ...common, link_preview_options: { is_disabled: true } });
    if (out.poll) {
      // Anonymous: the close needs only the counts, so the bot never learns who voted for what
      // (a vote is not consent to keep anything about a person).
      const { parse_mode: _html, ...plain } = common;
      return ctx.api.sendPoll(
        target.chatId,
        out.poll.question,
        out.poll.options.map((text) => ({ text })),
        { ...plain, is_anonymous: true },
      );
    }
    if (!out.photo) return asText(out.html);
    try {
      return await ctx.api.sendPhoto(target.chatId, out.photo, { ...common, caption: out.html });
    } catch (error) {
      // Telegram fetches the poster itself; when it can't (gone, too big), the card goes as text.
      if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
      log.warn(
        { error: fail(error), photo: out.photo },
        "Telegram could not use a poster; sending a text card",
      );
      return asText(out.textCard ?? out.html);
    }
  }

  async function deliver(ctx: Sender, target: Target, speaker: Speaker, replies: readonly Reply[]) {
    const said = replies.map((r) => inTelegramTerms(r, target.group));
    await deliverMessages(ctx, target, speaker, renderReplies(said, speaker.userId), 0);
  }

  /**
   * Sends a turn's messages in order. A flood wait longer than the bound would hold this
   * chat's turn (and this person's others) for minutes: the rest of the reply is queued for
   * when the wait is over, and the turn ends now. Unref'd, so a queued reply never keeps a
   * stopping process alive; the log line says it was queued.
   */
  async function deliverMessages(
    ctx: Sender,
    target: Target,
    speaker: Speaker,
    messages: readonly OutgoingMessage[],
    first: number,
  ): Promise<void> {
    for (const [k, out] of messages.entries()) {
      const i = first + k;
      let sent: Awaited<ReturnType<typeof sendOne>>;
      try {
        sent = await sendOne(ctx, target, out, i === 0 || out.error);
      } catch (error) {
        const wait = floodWait(error);
        if (wait === undefined) throw error;
        const rest = messages.slice(k);
        log.warn(
          { retryAfter: wait, queued: rest.length },
          "Telegram reply queued until the flood wait is over",
        );
        setTimeout(() => {
          deliverMessages(ctx, target, speaker, rest, i).catch((e: unknown) =>
            log.error({ error: fail(e) }, "a queued Telegram reply could not be sent"),
          );
        }, wait * 1000).unref();
        return;
      }
      if (out.poll) await pollSent(ctx, target, out.poll, sent.message_id);
      if (out.endPoll) await stopPoll(ctx, out.endPoll);
      if (out.movieId === undefined) continue;
      try {
        await matinee.cardSent({
          ...speaker,
          messageRef: messageRef(sent.chat.id, sent.message_id),
          movieId: out.movieId,
        });
      } catch (error) {
        log.warn({ error: fail(error) }, "could not remember a sent card; reactions on it will be ignored");
      }
    }
  }

  /** Tells the core where the vote went, and closes it when its time is up (a timer: see README). */
  async function pollSent(
    ctx: Sender,
    target: Target,
    poll: NonNullable<OutgoingMessage["poll"]>,
    messageId: number,
  ) {
    const ref = messageRef(target.chatId, messageId);
    try {
      await matinee.pollSent({
        platform: PLATFORM,
        place: `${PLATFORM}:${target.chatId}`,
        pollId: poll.id,
        messageRef: ref,
      });
    } catch (error) {
      log.warn({ error: fail(error) }, "could not remember a sent poll; its result will be ignored");
    }
    // open_period stops at 600 s, far short of an evening's vote: the bot stops it itself. The
    // timer dies with the process; the Close vote button on the poll still works after a restart.
    const ms = poll.hours * 3600_000;
    if (ms <= MAX_TIMER_MS)
      setTimeout(() => {
        stopPoll(ctx, ref).catch((e: unknown) => log.error({ error: fail(e) }, "could not close a poll"));
      }, ms).unref();
  }

  /** Stops a poll (stopPoll answers with its final counts), and announces what the core makes of them. */
  async function stopPoll(ctx: Sender, ref: string) {
    const [platform, chat, message] = ref.split(":");
    const chatId = Number(chat);
    const messageId = Number(message);
    if (platform !== PLATFORM || !Number.isSafeInteger(chatId) || !Number.isSafeInteger(messageId)) return;
    let counts: number[];
    try {
      // The Close vote button goes with it, so nobody presses it on a closed poll.
      const poll = await ctx.api.stopPoll(chatId, messageId, { reply_markup: { inline_keyboard: [] } });
      counts = poll.options.map((o) => o.voter_count);
    } catch (error) {
      // Already stopped (the timer and a press both came): the first one's counts were used.
      log.info({ error: fail(error), poll: ref }, "could not stop a Telegram poll");
      return;
    }
    const replies = await matinee.pollClosed({
      platform: PLATFORM,
      place: `${PLATFORM}:${chatId}`,
      messageRef: ref,
      counts,
    });
    const target: Target = { chatId, quote: messageId, group: chatId < 0 };
    await deliver(ctx, target, { platform: PLATFORM, userId: "" }, replies);
  }

  async function respond(ctx: Context, target: Target, said: ChatEvent) {
    const thread = target.threadId !== undefined ? { message_thread_id: target.threadId } : {};
    ctx.api.sendChatAction(target.chatId, "typing", thread).catch(() => {});
    // Where it was said: movie nights are opted into per chat, and only films said in a group are public.
    // A place the event names itself (a group's movie-night link opened in private) stands.
    const event = {
      ...said,
      place: said.place ?? { id: `${PLATFORM}:${target.chatId}`, private: !target.group },
    };
    await deliver(ctx, target, event, await runCore(event));
  }

  function messageTarget(ctx: Context): Target {
    const message = ctx.msg!;
    const thread = threadOf(message);
    return {
      chatId: message.chat.id,
      ...(thread !== undefined ? { threadId: thread } : {}),
      // In a busy group the answer quotes the question; in a private chat that's just clutter.
      ...(message.chat.type !== "private" ? { quote: message.message_id } : {}),
      group: message.chat.type !== "private",
    };
  }

  // A file sent in a private chat is a history to import; in a group, files aren't for the bot.
  // Before the commands: a document captioned "/import" is an import, not the command's how-to.
  bot.on("message:document", async (ctx, next) => {
    if (ctx.chat.type !== "private") return next();
    const speaker = speakerOf(ctx.from);
    const target = messageTarget(ctx);
    const { document } = ctx.msg;
    const caption = ctx.msg.caption?.trim() ?? "";
    if (!meantAsImport(document.file_name ?? "", document.mime_type, caption)) {
      await respond(ctx, target, { ...speaker, text: caption });
      return;
    }
    ctx.api.sendChatAction(target.chatId, "typing").catch(() => {});
    const upload = await documentUpload(ctx.api, document, formatNamed(caption));
    await deliver(ctx, target, speaker, await runCore({ ...speaker, upload }));
  });

  for (const { command } of COMMANDS) {
    bot.command(command, async (ctx) => {
      const target = messageTarget(ctx);
      const speaker = speakerOf(ctx.from!);
      const me = { id: ctx.me.id, username: ctx.me.username };
      const tr = await speech(speaker);
      const night =
        command === "movienight" && target.group
          ? movieNightOutcome(ctx.msg, me, seen, speaker, tr)
          : undefined;
      const payload = command === "start" ? parseStartPayload(ctx.match) : undefined;
      // Whoever opens a group's movie-night link can be named there by @username from then on.
      if (payload?.kind === "movienight") seen.note(payload.chatId, ctx.from);
      const outcome = commandOutcome(command, ctx.match, speaker, ctx.chat.type, night, tr);
      if ("say" in outcome) await deliver(ctx, target, speaker, [{ text: outcome.say, ...langOf(tr) }]);
      else await respond(ctx, target, outcome.event);
    });
  }

  bot.on("message:text", async (ctx) => {
    const me = { id: ctx.me.id, username: ctx.me.username };
    const speaker = speakerOf(ctx.from);
    const unknown = unknownCommand(ctx.msg, me);
    if (unknown !== undefined) {
      const tr = await speech(speaker);
      await deliver(ctx, messageTarget(ctx), speaker, [
        { text: tr.t("tg-unknown-command", { command: unknown }), error: true, ...langOf(tr) },
      ]);
      return;
    }
    const text = addressedText(ctx.msg, me);
    if (text === undefined) return;
    // A bare mention is a greeting: answer with what the bot can do.
    await respond(
      ctx,
      messageTarget(ctx),
      text ? { ...speaker, text } : { ...speaker, action: { type: "help" } },
    );
  });

  /** After a list's message was sent or paged: reactions on it now mean the card it shows. */
  async function noteShown(speaker: Speaker, chatId: number, messageId: number, movieId: number) {
    try {
      await matinee.cardSent({ ...speaker, messageRef: messageRef(chatId, messageId), movieId });
    } catch (error) {
      log.warn({ error: fail(error) }, "could not remember a sent card; reactions on it will be ignored");
    }
  }

  /**
   * ◀ ▶ on a list's message: the core gives the list again, and the message is edited to show
   * another card (photo, caption and keyboard together). Pressing the card already shown edits
   * nothing: Telegram refuses an edit that changes nothing ("message is not modified").
   */
  async function turnPage(
    ctx: Context,
    message: MaybeInaccessibleMessage,
    page: { listId: string; index: number; owner?: string },
  ) {
    const speaker = speakerOf(ctx.from!);
    if (page.owner !== undefined && page.owner !== speaker.userId) {
      await ctx.answerCallbackQuery({ text: (await speech(speaker)).t("tg-not-your-list") });
      return;
    }
    const markup = "reply_markup" in message ? message.reply_markup : undefined;
    if (page.index === shownIndex(markup)) {
      await ctx.answerCallbackQuery();
      return;
    }
    const replies = await runCore({ ...speaker, action: { type: "list", listId: page.listId } });
    const list = replies[0];
    const cards = list?.cards ?? [];
    if (!list || cards.length === 0 || page.index >= cards.length) {
      await ctx.answerCallbackQuery({
        text: noticeText(replies) || (await speech(speaker)).t("tg-expired-button"),
      });
      return;
    }
    await ctx.answerCallbackQuery();
    const out = listPage(
      {
        listId: page.listId,
        text: list.text,
        cards,
        choices: list.choices ?? [],
        ...(list.lang ? { lang: list.lang } : {}),
      },
      page.index,
      speaker.userId,
    );
    const reply_markup = out.keyboard!;
    const isPhoto = "photo" in message && message.photo !== undefined;
    try {
      if (isPhoto && out.photo) {
        await ctx.editMessageMedia(
          { type: "photo", media: out.photo, caption: out.html, parse_mode: "HTML" },
          { reply_markup },
        );
      } else if (isPhoto) {
        await ctx.editMessageCaption({ caption: out.html, parse_mode: "HTML", reply_markup });
      } else {
        await ctx.editMessageText(out.textCard ?? out.html, {
          parse_mode: "HTML",
          reply_markup,
          link_preview_options: { is_disabled: true },
        });
      }
    } catch (error) {
      log.warn({ error: fail(error) }, "could not turn a list's page");
      return;
    }
    await noteShown(speaker, message.chat.id, message.message_id, out.movieId!);
  }

  bot.on("callback_query:data", async (ctx) => {
    const query = ctx.callbackQuery;
    const message = query.message;
    const page = decodePage(query.data);
    if (page && message) {
      await turnPage(ctx, message, page);
      return;
    }
    const decoded = decodeButton(query.data);
    const speaker = speakerOf(ctx.from);
    if (!decoded || !message) {
      await ctx.answerCallbackQuery({ text: (await speech(speaker)).t("tg-expired-button") });
      return;
    }
    const { action, owner } = decoded;
    const thread = threadOf(message);
    const target: Target = {
      chatId: message.chat.id,
      ...(thread !== undefined ? { threadId: thread } : {}),
      group: message.chat.type !== "private",
    };
    const markup = "reply_markup" in message ? message.reply_markup : undefined;
    const answered = answersQuestion(action);
    // The button names whom its message answered; older buttons (without) are judged by the
    // message a group question quotes. Only they answer it: a "Yes, forget me" or a "which
    // version?" press would otherwise act on the presser's own profile.
    const someoneElse = owner !== undefined && owner !== speaker.userId;
    const asker = "reply_to_message" in message ? message.reply_to_message?.from : undefined;
    const askedAnother = target.group && asker && !asker.is_bot && asker.id !== ctx.from.id;
    if (answered && (someoneElse || (owner === undefined && askedAnother))) {
      await ctx.answerCallbackQuery({ text: (await speech(speaker)).t("notice-not-your-question") });
      return;
    }
    if (someoneElse && action.type === "more") {
      await ctx.answerCallbackQuery({ text: (await speech(speaker)).t("tg-not-your-list") });
      return;
    }
    if (action.type === "feedback") {
      // 👍 👎 👀 answer as a notification rather than a new message, and the owner's press
      // shows on the message itself (a tick). Someone else's is theirs alone: noted for them,
      // and the owner's message stays as it was.
      const replies = await runCore({ ...speaker, action });
      await ctx.answerCallbackQuery({ text: noticeText(replies) });
      const mine = owner === undefined ? !target.group : !someoneElse;
      if (mine && markup && !replies.some((r) => r.error)) {
        const next = markFeedback(markup, action.movieId, action.signal);
        // The same button pressed again changes nothing: Telegram refuses such an edit ("message is not modified").
        if (!sameKeyboard(markup, next))
          await ctx
            .editMessageReplyMarkup({ reply_markup: next })
            .catch((error: unknown) =>
              log.debug({ error: fail(error) }, "could not tick the pressed button"),
            );
      }
      return;
    }
    if (action.type === "closeVote") {
      // Only the asker closes a vote: anyone else's press is answered as a notification, not a post.
      const replies = await runCore({
        ...speaker,
        action,
        place: { id: `${PLATFORM}:${target.chatId}`, private: !target.group },
      });
      if (replies.every((r) => r.error)) {
        await ctx.answerCallbackQuery({ text: noticeText(replies) });
        return;
      }
      await ctx.answerCallbackQuery();
      await deliver(ctx, target, speaker, replies);
      return;
    }
    await ctx.answerCallbackQuery();
    const unanswered = markup ? withoutButtons(markup, action.type === "forget" ? "x:" : "c:") : undefined;
    if (answered && unanswered && !sameKeyboard(markup, unanswered)) {
      // A question is answered once: its buttons go, so a second press can't repeat or undo it.
      await ctx
        .editMessageReplyMarkup({ reply_markup: unanswered })
        .catch((error: unknown) => log.debug({ error: fail(error) }, "could not remove answered buttons"));
    }
    await respond(ctx, target, { ...speaker, action });
  });

  bot.on("message_reaction", async (ctx) => {
    const update = ctx.messageReaction;
    for (const event of reactionEvents(update)) {
      const replies = await runCore(event);
      // In a group a "Noted" line per reaction would be noise; the reaction itself shows it landed.
      if (update.chat.type === "private" && replies.length > 0) {
        await deliver(
          ctx,
          { chatId: update.chat.id, quote: update.message_id, group: false },
          event,
          replies,
        );
      }
    }
  });

  bot.catch((err) => {
    log.error(
      { error: fail(err.error), update: err.ctx.update.update_id },
      "could not answer a Telegram update",
    );
  });
  return bot;
}

/**
 * Why Telegram ended long polling, as one line for the operator; undefined for other errors.
 * Telegram answers 409 to the older of two getUpdates callers ("terminated by other getUpdates
 * request") and to any caller while a webhook is set; the runner does not retry a 409.
 */
export function pollingConflict(error: unknown): UserFacingError | undefined {
  if (!(error instanceof GrammyError && error.error_code === 409)) return undefined;
  const fix =
    "Long polling serves one instance: stop the other one, or run several instances in webhook mode " +
    "(TELEGRAM_WEBHOOK_URL; README, Running at scale).";
  return new UserFacingError(
    /webhook/i.test(error.description)
      ? `Telegram stopped long polling: another instance set a webhook for this bot (409 Conflict). ${fix}`
      : `Telegram stopped long polling: another process is polling this bot (409 Conflict). ${fix}`,
  );
}

async function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  server.listen(port, host);
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

/**
 * Connects to Telegram and serves until `stop()`: long polling with grammY's runner (updates
 * handled concurrently, in order per chat and per person), or a webhook server when `webhook`
 * is given. Resolves once the bot is receiving updates.
 */
export async function startTelegramBot(options: TelegramBotOptions): Promise<TelegramBot> {
  const { log, token, webhook } = options;
  const bot = createTelegramBot(options);
  // A bounded getMe with one line per failure, instead of grammY's silent retry for ever.
  bot.botInfo = await reachTelegram({
    token,
    log,
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
    ...(options.startRetry ? { retry: options.startRetry } : {}),
  });
  // One menu for private chats and one for groups, each listing the commands that work there.
  for (const { scope, commands, language_code } of commandMenus()) {
    await bot.api
      .setMyCommands(commands, { scope, ...(language_code ? { language_code } : {}) })
      .catch((error: unknown) =>
        log.warn(
          { error: safeError(error, token), scope: scope.type },
          "could not register the command menu",
        ),
      );
  }

  if (webhook) {
    const path = new URL(webhook.url).pathname;
    // onTimeout "return": a slow turn still gets Telegram its 200 (a 500 would make it resend the update).
    const handle = webhookCallback(bot, "http", {
      secretToken: webhook.secret,
      onTimeout: "return",
      timeoutMilliseconds: WEBHOOK_ANSWER_MS,
    });
    const server = createServer((req, res) => {
      if (req.method !== "POST" || new URL(req.url ?? "/", "http://localhost").pathname !== path) {
        res.writeHead(404).end();
        return;
      }
      handle(req, res).catch((error: unknown) => {
        log.warn({ error: safeError(error, token) }, "bad webhook request");
        if (!res.headersSent) res.writeHead(error instanceof SyntaxError ? 400 : 500).end();
      });
    });
    const port = await listen(server, webhook.port, webhook.host);
    await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: ALLOWED_UPDATES });
    log.info({ bot: bot.botInfo.username, port, path }, "Telegram bot online (webhook)");
    let closed: () => void = () => {};
    const stopped = new Promise<undefined>((resolve) => {
      closed = () => resolve(undefined);
    });
    return {
      bot,
      port,
      stopped,
      stop: async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        closed();
      },
    };
  }

  // A webhook left set from an earlier run would make every getUpdates fail (409).
  await bot.api.deleteWebhook();
  const runner = run(bot, {
    runner: { fetch: { allowed_updates: ALLOWED_UPDATES, timeout: 30 }, silent: true },
  });
  log.info({ bot: bot.botInfo.username }, "Telegram bot online (long polling)");
  const stopped = (runner.task() ?? Promise.resolve()).then(
    () => undefined,
    (error: unknown) =>
      pollingConflict(error) ??
      new UserFacingError(`Telegram long polling stopped: ${safeError(error, token).message}`),
  );
  return {
    bot,
    stopped,
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
    },
  };
}
