import { EventEmitter, once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Document, InlineKeyboardMarkup, Message, Update, UserFromGetMe } from "grammy/types";
import { setMyCommandsProblem } from "./fake-commands.ts";
import { FakeInline } from "./fake-inline.ts";
import { FakePolls } from "./fake-polls.ts";
import { FloodControl, type FloodWindow, GROUP_MESSAGES, SENDING_METHODS } from "./flood-control.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

/** One request the bot made, as the fake answered it. */
export interface Call {
  method: string;
  payload: Record<string, unknown>;
  /** HTTP status the fake answered with: 200, or the error it was told to return / found. */
  status: number;
  description?: string;
  /** A failure a test asked for (failNext, rejectPhoto), not a mistake of the bot's. */
  injected?: boolean;
  /** What the fake answered with on success (the sent Message, true…). */
  result?: unknown;
}

/** An error answer; code 0 hangs up without answering (a network failure). */
type Failure = { code: number; description: string; retryAfter?: number };
type NewUpdate = Omit<Update, "update_id">;

/** Waits for the first of these events, or `ms`; leaves no listener or timer behind. */
async function firstOf(sources: [EventEmitter, string][], ms: number): Promise<void> {
  const stop = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ...sources.map(([emitter, event]) => once(emitter, event, { signal: stop.signal }).catch(() => {})),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, ms));
      }),
    ]);
  } finally {
    stop.abort();
    clearTimeout(timer);
  }
}

const LIMITS = {
  text: 4096,
  caption: 1024,
  callbackData: 64,
  /** Buttons on one inline keyboard, all rows together ("reply markup is too long" past it). */
  keyboardButtons: 100,
  /** answerCallbackQuery's text (https://core.telegram.org/bots/api#answercallbackquery: 0-200 characters). */
  answerText: 200,
  /** getFile refuses bigger files: "Bad Request: file is too big" (https://core.telegram.org/bots/api#getfile). */
  download: 20 * 1024 * 1024,
};

export interface FakeBotApiOptions {
  /** Messages per group chat per window: Telegram's 20 a minute by default; `false` turns it off. */
  groupMessages?: FloodWindow | false;
  /** Messages per private chat per window: off by default (Telegram's 1 a second is a soft limit). */
  privateMessages?: FloodWindow | false;
}

/** An inline keyboard as Telegram compares it: no keyboard and an empty one are the same. */
function markupKey(markup: unknown): string {
  const rows = (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? [];
  return rows.some((row) => row.length > 0) ? JSON.stringify(rows) : "";
}

/** A file someone sent, as the fake stores it for getFile and the download URL. */
interface StoredFile {
  document: Document;
  bytes: Uint8Array;
  path: string;
}

/**
 * A Bot API server on 127.0.0.1 for grammY's `client.apiRoot`: getMe, long-polled getUpdates
 * fed by `push`, and the send / edit / answer methods, which it records and checks the way
 * Telegram does (HTML parse mode, caption and text limits, keyboard shape), answering 400 for
 * what Telegram would refuse. `failNext` makes the next call of a method fail (e.g. 429 with
 * retry_after) to exercise flood handling.
 */
export class FakeBotApi {
  readonly token = "123456789:TEST-fake-token_for-the-fake-api";
  readonly me: UserFromGetMe = {
    id: 900_001,
    is_bot: true,
    first_name: "Matinee",
    username: "matinee_test_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: true,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  readonly calls: Call[] = [];
  /** Inline mode: `inline.query(...)` pushes an inline_query; answerInlineQuery is checked there. */
  readonly inline = new FakeInline((update) => this.push(update));
  /** Every message sent in a chat (by the bot or pushed as a person's), by "<chat>:<message id>", as edited since. */
  readonly messages = new Map<string, Message>();
  readonly polls: FakePolls = new FakePolls(this);
  private readonly updates: Update[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private readonly files = new Map<string, StoredFile>();
  /** Every request for a file's bytes (GET /file/bot<token>/<path>), with the status it got. */
  readonly downloads: { path: string; status: number }[] = [];
  /** sendPhoto fails for these poster URLs, as when Telegram can't fetch the picture. */
  rejectPhoto: (url: string) => boolean = () => false;
  private readonly events = new EventEmitter();
  /** The webhook setWebhook registered (deleteWebhook removes it): getUpdates is refused meanwhile. */
  webhook: { url: string; secret?: string } | undefined;
  /** The getUpdates request being held: a newer one ends it with 409, as Telegram does. */
  private heldPoll: { terminatedBy?: string } | undefined;
  private nextUpdateId = 1;
  private nextMessageId = 1000;

  private readonly flood: FloodControl;

  private constructor(
    private readonly server: Server,
    options: FakeBotApiOptions,
  ) {
    this.events.setMaxListeners(100);
    this.flood = new FloodControl(options.groupMessages ?? GROUP_MESSAGES, options.privateMessages ?? false);
  }

  static async start(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
    const server = createServer();
    const fake = new FakeBotApi(server, options);
    server.on("request", (req, res) => void fake.serve(req, res));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return fake;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues an update for the next getUpdates; returns it with its id. */
  push(update: NewUpdate): Update {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    if (full.message) this.messages.set(`${full.message.chat.id}:${full.message.message_id}`, full.message);
    this.updates.push(full);
    this.events.emit("update");
    return full;
  }

  /** An update with the next id, not queued for getUpdates: for `deliver` (webhook mode). */
  update(update: NewUpdate): Update {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    if (full.message) this.messages.set(`${full.message.chat.id}:${full.message.message_id}`, full.message);
    return full;
  }

  /**
   * Posts an update to a webhook as Telegram does: JSON, with the secret setWebhook registered
   * in X-Telegram-Bot-Api-Secret-Token. `url` is where the bot's server listens (the public
   * URL is the TLS proxy's, which a test plays by choosing the instance). Returns the status.
   */
  async deliver(update: Update, url: string): Promise<number> {
    if (!this.webhook) throw new Error("no webhook is set: Telegram would not post updates");
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(this.webhook.secret ? { "X-Telegram-Bot-Api-Secret-Token": this.webhook.secret } : {}),
      },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /**
   * A document as if a person uploaded it: what a message carries, served by getFile and at
   * /file/bot<token>/<file_path>. `size` is the size Telegram states (the bytes' by default),
   * so a test can send a "21 MB" file without making one; `statedSize: false` leaves
   * file_size out of the message, as Telegram may.
   */
  addFile(
    fileName: string,
    bytes: Uint8Array,
    options: { mimeType?: string; size?: number; statedSize?: boolean } = {},
  ): Document {
    const n = this.files.size + 1;
    const size = options.size ?? bytes.length;
    const document: Document = {
      file_id: `BQACAgIAAxkBAAI${n}`,
      file_unique_id: `AgAD${n}`,
      file_name: fileName,
      ...(options.mimeType ? { mime_type: options.mimeType } : {}),
      ...(options.statedSize === false ? {} : { file_size: size }),
    };
    const extension = /\.[a-z0-9]+$/i.exec(fileName)?.[0] ?? "";
    this.files.set(document.file_id, {
      document: { ...document, file_size: size },
      bytes,
      path: `documents/file_${n}${extension}`,
    });
    return document;
  }

  /** A message id for a message a person sends (ids are unique across the fake's chats). */
  messageId(): number {
    return this.nextMessageId++;
  }

  /** The next call of `method` fails with this error (once per call to failNext). */
  failNext(method: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * Calls Telegram refused (besides the failures a test asked for): should stay empty. A flood
   * limit's 429 is not a refusal but a "wait": see `flooded()`; the bot must send it again.
   */
  refused(): Call[] {
    return this.calls.filter((c) => c.status !== 200 && c.status !== 429 && !c.injected);
  }

  /** Sends the flood limit held back with 429 (not injected ones). */
  flooded(): Call[] {
    return this.calls.filter((c) => c.status === 429 && !c.injected);
  }

  /** Resolves with the first recorded call (from index `from`) that matches; fails after `ms`. */
  async waitFor(match: (call: Call) => boolean, options: { from?: number; ms?: number } = {}): Promise<Call> {
    const { from = 0, ms = 15_000 } = options;
    const found = () => this.calls.slice(from).find(match);
    const deadline = Date.now() + ms;
    for (let hit = found(); ; hit = found()) {
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) {
        const recent = this.calls
          .slice(from)
          .map((c) => `${c.method} ${c.status} ${JSON.stringify(c.payload).slice(0, 160)}`);
        throw new Error(`no matching Bot API call within ${ms} ms; calls since:\n${recent.join("\n")}`);
      }
      await firstOf([[this.events, "call"]], Math.min(left, 250));
    }
  }

  async close(): Promise<void> {
    for (const c of this.calls.filter((c) => c.status !== 200))
      console.error("DIAG telegram", c.status, c.method, c.injected, c.description);
    this.events.emit("update");
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------------ serving

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(pathname);
    if (download) return this.serveFile(res, download[1]!, decodeURIComponent(download[2]!));
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(pathname);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (!match) return send(404, { ok: false, error_code: 404, description: "Not Found" });
    const [, token, method] = match as unknown as [string, string, string];
    if (token !== this.token) return send(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const raw = Buffer.concat(chunks).toString("utf8");
    const type = req.headers["content-type"] ?? "";
    if (raw && !type.includes("application/json")) {
      return send(400, {
        ok: false,
        error_code: 400,
        description: `Bad Request: fake expects JSON, got ${type}`,
      });
    }
    const payload = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    if (method === "getUpdates") {
      const conflict = (description: string) => {
        this.record({ method, payload, status: 409, description });
        return send(409, { ok: false, error_code: 409, description });
      };
      if (this.webhook) {
        return conflict(
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        );
      }
      const updates = await this.longPoll(payload, req);
      if (typeof updates === "string") return res.destroyed ? undefined : conflict(updates);
      return send(200, { ok: true, result: updates });
    }
    const call: Call = { method, payload, status: 200 };
    const photoRejected: Failure | undefined =
      method === "sendPhoto" && this.rejectPhoto(String(payload.photo))
        ? { code: 400, description: "Bad Request: wrong file identifier/HTTP URL specified" }
        : undefined;
    const injected: Failure | undefined = this.failures.get(method)?.shift() ?? photoRejected;
    const problem: Failure | undefined =
      injected ??
      this.polls.check(method, payload) ??
      this.check(method, payload) ??
      this.floodWait(method, payload);
    if (problem) {
      call.status = problem.code;
      call.description = problem.description;
      call.injected = injected !== undefined;
      this.record(call);
      if (problem.code === 0) {
        req.socket.destroy();
        return;
      }
      return send(problem.code, {
        ok: false,
        error_code: problem.code,
        description: problem.description,
        ...(problem.retryAfter !== undefined ? { parameters: { retry_after: problem.retryAfter } } : {}),
      });
    }
    call.result = this.polls.result(method, payload) ?? this.result(method, payload);
    this.record(call);
    return send(200, { ok: true, result: call.result });
  }

  /** A file's bytes, for the bot's token and the path getFile gave; anything else is 404, as on Telegram. */
  private serveFile(res: ServerResponse, token: string, path: string): void {
    const file = [...this.files.values()].find((f) => f.path === path);
    const ok = token === this.token && file !== undefined && file.bytes.length <= LIMITS.download;
    this.downloads.push({ path, status: ok ? 200 : 404 });
    if (!ok) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
      return;
    }
    res.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": String(file.bytes.length),
    });
    res.end(Buffer.from(file.bytes));
  }

  private record(call: Call): void {
    this.calls.push(call);
    this.events.emit("call", call);
  }

  /**
   * Holds getUpdates until an update at or after `offset` is queued, the timeout passes, or the
   * bot hangs up. A newer getUpdates ends the one held, as Telegram does, so of two processes
   * polling one bot the older one is refused with 409; so does a setWebhook. The 409's
   * description comes back instead of updates.
   */
  private async longPoll(payload: Record<string, unknown>, req: IncomingMessage): Promise<Update[] | string> {
    this.endHeldPoll(
      "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    );
    const mine: { terminatedBy?: string } = {};
    this.heldPoll = mine;
    try {
      return await this.holdPoll(payload, req, mine);
    } finally {
      if (this.heldPoll === mine) this.heldPoll = undefined;
    }
  }

  private endHeldPoll(description: string): void {
    if (!this.heldPoll) return;
    this.heldPoll.terminatedBy = description;
    this.events.emit("update");
  }

  private async holdPoll(
    payload: Record<string, unknown>,
    req: IncomingMessage,
    mine: { terminatedBy?: string },
  ): Promise<Update[] | string> {
    const offset = Number(payload.offset ?? 0);
    const limit = Number(payload.limit ?? 100);
    const timeoutMs = Number(payload.timeout ?? 0) * 1000;
    if (this.calls.every((c) => c.method !== "getUpdates"))
      this.record({ method: "getUpdates", payload, status: 200 });
    // Confirmed updates (ids below offset) are gone for good, as on Telegram.
    while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift();
    const deadline = Date.now() + timeoutMs;
    while (
      this.updates.length === 0 &&
      mine.terminatedBy === undefined &&
      Date.now() < deadline &&
      // The socket, not req: a request whose body has been read reports destroyed already.
      !req.socket.destroyed &&
      this.server.listening
    ) {
      await firstOf(
        [
          [this.events, "update"],
          [req.socket, "close"],
        ],
        deadline - Date.now(),
      );
    }
    if (mine.terminatedBy !== undefined) return mine.terminatedBy;
    return this.updates.slice(0, limit);
  }

  /** 429 when this send goes over its chat's flood limit (see flood-control.ts). */
  private floodWait(method: string, p: Record<string, unknown>): Failure | undefined {
    if (!SENDING_METHODS.has(method)) return undefined;
    const wait = this.flood.take(Number(p.chat_id));
    if (wait === undefined) return undefined;
    return { code: 429, description: `Too Many Requests: retry after ${wait}`, retryAfter: wait };
  }

  /**
   * Telegram refuses an edit that changes nothing: same text (or caption) and same keyboard,
   * a keyboard left out meaning none (https://core.telegram.org/bots/api#updating-messages).
   */
  private unmodified(method: string, p: Record<string, unknown>): boolean {
    const current = this.messages.get(`${p.chat_id}:${p.message_id}`) as
      | (Message & { text?: string; caption?: string })
      | undefined;
    if (!current) return false;
    const sameMarkup = markupKey(current.reply_markup) === markupKey(p.reply_markup);
    if (method === "editMessageReplyMarkup") return sameMarkup;
    if (method === "editMessageText") return sameMarkup && current.text === p.text;
    if (method === "editMessageCaption") return sameMarkup && (current.caption ?? "") === (p.caption ?? "");
    return false;
  }

  private check(method: string, p: Record<string, unknown>): Failure | undefined {
    if (method === "answerInlineQuery") return this.inline.check(p);
    const bad = (description: string): Failure => ({ code: 400, description: `Bad Request: ${description}` });
    const html = method === "sendPhoto" || method === "editMessageCaption" ? p.caption : p.text;
    const limit = method === "sendPhoto" || method === "editMessageCaption" ? LIMITS.caption : LIMITS.text;
    if (["sendMessage", "sendPhoto", "editMessageText", "editMessageCaption"].includes(method)) {
      if (method === "sendMessage" && (typeof html !== "string" || html.trim() === ""))
        return bad("message text is empty");
      if (typeof html === "string") {
        const parsed = p.parse_mode === "HTML" ? parseTelegramHtml(html) : { text: html };
        if ("error" in parsed) return bad(parsed.error);
        if (parsed.text.length > limit) {
          return bad(method === "sendPhoto" ? "message caption is too long" : "message is too long");
        }
      }
    }
    const markup = p.reply_markup as InlineKeyboardMarkup | undefined;
    if (markup !== undefined) {
      if (!Array.isArray(markup.inline_keyboard)) return bad("reply markup must be an inline keyboard");
      const buttons = markup.inline_keyboard.reduce((n, row) => n + (Array.isArray(row) ? row.length : 0), 0);
      if (buttons > LIMITS.keyboardButtons) return bad("reply markup is too long");
      for (const row of markup.inline_keyboard) {
        if (!Array.isArray(row) || row.length === 0 || row.length > 8) return bad("BUTTON_ROW_INVALID");
        for (const button of row) {
          if (typeof button.text !== "string" || button.text.trim() === "") return bad("BUTTON_TEXT_EMPTY");
          const data = "callback_data" in button ? button.callback_data : undefined;
          if (typeof data !== "string" || data === "" || Buffer.byteLength(data) > LIMITS.callbackData) {
            return bad("BUTTON_DATA_INVALID");
          }
        }
      }
    }
    if (
      method === "setWebhook" &&
      typeof p.url === "string" &&
      p.url !== "" &&
      !p.url.startsWith("https://")
    ) {
      return bad("bad webhook: An HTTPS URL must be provided for webhook");
    }
    if (method.startsWith("editMessage") && !this.messages.has(`${p.chat_id}:${p.message_id}`)) {
      return bad("message to edit not found");
    }
    if (method === "setMyCommands") {
      const problem = setMyCommandsProblem(p);
      if (problem) return bad(problem);
    }
    if (method.startsWith("editMessage") && this.unmodified(method, p)) {
      return bad(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    if (method === "answerCallbackQuery" && typeof p.text === "string" && p.text.length > LIMITS.answerText) {
      return bad("MESSAGE_TOO_LONG");
    }
    const media = this.checkMedia(method, p);
    if (media) return media;
    if (method === "getFile") {
      const file = this.files.get(String(p.file_id));
      if (!file) return bad("invalid file_id");
      if ((file.document.file_size ?? 0) > LIMITS.download) return bad("file is too big");
    }
    return undefined;
  }

  private result(method: string, p: Record<string, unknown>): unknown {
    switch (method) {
      case "getMe":
        return this.me;
      case "sendMessage":
      case "sendPhoto": {
        const chatId = Number(p.chat_id);
        const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
        const quoted = replyTo === undefined ? undefined : this.messages.get(`${chatId}:${replyTo}`);
        const message = {
          message_id: this.messageId(),
          date: Math.floor(Date.now() / 1000),
          chat:
            chatId > 0
              ? { id: chatId, type: "private", first_name: "Person" }
              : { id: chatId, type: "group", title: "Film club" },
          from: this.me,
          ...(method === "sendPhoto"
            ? {
                photo: [{ file_id: "photo", file_unique_id: "photo", width: 342, height: 513 }],
                caption: p.caption,
              }
            : { text: p.text }),
          ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
          ...(quoted ? { reply_to_message: quoted } : {}),
        } as Message;
        this.messages.set(`${chatId}:${message.message_id}`, message);
        return message;
      }
      case "getFile": {
        const file = this.files.get(String(p.file_id))!;
        const { file_id, file_unique_id, file_size } = file.document;
        return { file_id, file_unique_id, file_size, file_path: file.path };
      }
      case "setWebhook":
        this.endHeldPoll("Conflict: terminated by setWebhook request");
        this.webhook = {
          url: String(p.url),
          ...(typeof p.secret_token === "string" ? { secret: p.secret_token } : {}),
        };
        return true;
      case "deleteWebhook":
        this.webhook = undefined;
        return true;
      case "editMessageText":
      case "editMessageCaption":
      case "editMessageMedia":
        return this.editedMessage(method, p);
      case "editMessageReplyMarkup": {
        // An edit replaces the keyboard with the one given, or removes it when none is.
        const key = `${p.chat_id}:${p.message_id}`;
        const { reply_markup: _old, ...current } = this.messages.get(key)!;
        const message = {
          ...current,
          ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
        } as Message;
        this.messages.set(key, message);
        return message;
      }
      default:
        return true;
    }
  }

  /**
   * editMessageMedia (https://core.telegram.org/bots/api#editmessagemedia): a photo message
   * takes a new photo with its caption (≤ 1,024 characters after parsing, as for sendPhoto);
   * a text message has no media to replace ("there is no media in the message to edit").
   */
  private checkMedia(method: string, p: Record<string, unknown>): Failure | undefined {
    if (method !== "editMessageMedia") return undefined;
    const bad = (description: string): Failure => ({ code: 400, description: `Bad Request: ${description}` });
    const media = p.media as
      | { type?: string; media?: string; caption?: string; parse_mode?: string }
      | undefined;
    if (media?.type !== "photo" || typeof media.media !== "string") return bad("MEDIA_EMPTY");
    const message = this.messages.get(`${p.chat_id}:${p.message_id}`);
    if (message && !("photo" in message)) return bad("there is no media in the message to edit");
    if (typeof media.caption === "string") {
      const parsed = media.parse_mode === "HTML" ? parseTelegramHtml(media.caption) : { text: media.caption };
      if ("error" in parsed) return bad(parsed.error);
      if (parsed.text.length > LIMITS.caption) return bad("message caption is too long");
    }
    return undefined;
  }

  /** The message after an edit of its text, caption or photo (the keyboard too, when sent). */
  private editedMessage(method: string, p: Record<string, unknown>): Message {
    const key = `${p.chat_id}:${p.message_id}`;
    // Telegram drops the keyboard of an edit that sends none: only the one given stays.
    const { reply_markup: _old, ...before } = this.messages.get(key)!;
    const media = p.media as { caption?: string } | undefined;
    const change =
      method === "editMessageText"
        ? { text: p.text }
        : method === "editMessageCaption"
          ? { caption: p.caption }
          : {
              caption: media?.caption,
              photo: [{ file_id: "photo2", file_unique_id: "photo2", width: 342, height: 513 }],
            };
    const message = {
      ...before,
      ...change,
      ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
      edit_date: Math.floor(Date.now() / 1000),
    } as Message;
    this.messages.set(key, message);
    return message;
  }
}
