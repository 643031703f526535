import { EventEmitter, once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { type Clock, realClock } from "../../helpers/fake-clock.ts";
import {
  APP_ID,
  BOT_USER,
  type FakeChannel,
  FIXED_TIME,
  GUILD,
  guildCreatePayload,
  shardOfGuild,
  snowflakes,
} from "./fixtures.ts";
import {
  checkAutocomplete,
  checkCommands,
  checkMessageBody,
  EMPTY_MESSAGE,
  type FormProblem,
  invalidFormBody,
  isEmptyMessage,
} from "./limits.ts";
import { FakePolls } from "./polls.ts";
import { type Bucket, CHANNEL_MESSAGES, RateLimiter } from "./rate-limit.ts";

/** One HTTP request the fake REST API received, as a test asserts on it. */
export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. "/channels/1/messages". */
  path: string;
  query: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON the tests inspect
  body: any;
  authorization: string | undefined;
  /** The message this request created or edited, if any. */
  message?: FakeMessage;
  /** The HTTP status the fake answered with. */
  status?: number;
  /** The body of an error answer (Discord's `{code, message, errors?}`). */
  error?: unknown;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  content: string;
  // biome-ignore lint/suspicious/noExplicitAny: embeds and components as sent
  embeds: any[];
  // biome-ignore lint/suspicious/noExplicitAny: embeds and components as sent
  components: any[];
  flags: number;
  [key: string]: unknown;
}

/** What the fake knows about an interaction it dispatched, to serve its callbacks and webhooks. */
interface OpenInteraction {
  id: string;
  type: number;
  channel: FakeChannel;
  user: object;
  originalId?: string;
  /** A component interaction's message: the one an UPDATE_MESSAGE callback edits. */
  componentMessageId?: string;
  /** Set once a callback was posted (Discord allows exactly one). */
  answered: boolean;
  /** When the fake dispatched it (its clock): the 3 s and 15 min deadlines count from here. */
  createdAt: number;
}

/**
 * Discord's deadlines for an interaction
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction):
 * the initial response within 3 s, follow-ups and edits with its token for 15 min.
 */
export const INTERACTION_DEADLINES = { callbackMs: 3000, tokenMs: 15 * 60_000 } as const;

type Routed = { status: number; body?: unknown; headers?: Record<string, string> };

export interface FakeDiscordOptions {
  token: string;
  /** Channels the fake serves (guild text channels and DM channels). */
  channels: FakeChannel[];
  /** Servers the bot is in (the first server alone by default); their channels are among `channels`. */
  guilds?: { id: string; name: string }[];
  /**
   * Shards Discord requires of this bot (1 by default): /gateway/bot recommends this many,
   * and an IDENTIFY without shard info, or with fewer shards, is closed with 4011 as Discord
   * does; a shard id outside [0, count) is closed with 4010.
   */
  shards?: number;
  /** session_start_limit.max_concurrency of /gateway/bot: IDENTIFYs allowed per 5 s. */
  maxConcurrency?: number;
  /** How often the client must heartbeat (ms). */
  heartbeatInterval?: number;
  /** What the interaction deadlines are measured on: the wall clock by default, a FakeClock in suites. */
  clock?: Clock;
  /**
   * Messages created per channel per window (POST /channels/{id}/messages), Discord's 5 per
   * 5 s by default; a suite shortens the window so discord.js's waits are short, `false` turns it off.
   */
  channelMessages?: Bucket | false;
}

/** One IDENTIFY the gateway accepted. */
export interface Identified {
  token: string;
  intents: number;
  /** [shard id, shard count] as the client sent it; [0, 1] when it sent none. */
  shard: [number, number];
}

/**
 * A gateway session: one shard's connection. Like Discord's, its sequence numbers and the
 * events kept for RESUME are its own.
 */
interface Session {
  id: string;
  shard: [number, number];
  socket: WebSocket | undefined;
  /** Whether the connection has identified or resumed, so dispatches can flow. */
  live: boolean;
  seq: number;
  sent: { s: number; payload: string }[];
}

type Waiter = { test: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void };

/** A file someone attached, as Discord describes it in a message or a command's resolved data. */
export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
}

/**
 * Discord on 127.0.0.1: a REST API under /api/v10 and a gateway on the same port. The REST
 * side records every request so tests assert on what a user would see; the gateway does the
 * HELLO / IDENTIFY / READY handshake, acknowledges heartbeats and dispatches events on demand.
 */
export class FakeDiscord extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly polls: FakePolls = new FakePolls(this);
  /** Requests the fake did not understand: a test fails if any appear. */
  readonly unhandled: RecordedRequest[] = [];
  /** Requests Discord would refuse (4xx besides 429): over a limit, late, acknowledged twice. */
  readonly refused: RecordedRequest[] = [];
  /** Requests answered 429 (the client is expected to wait and send them again). */
  readonly rateLimited: RecordedRequest[] = [];
  /** The latest IDENTIFY accepted (any shard). */
  identify: Identified | undefined;
  /** Every IDENTIFY accepted, in order. */
  readonly identifies: Identified[] = [];
  /** IDENTIFYs refused, with the close code sent (4004, 4010, 4011). */
  readonly refusedIdentifies: { shard: unknown; code: number }[] = [];
  gatewayQuery: Record<string, string> | undefined;
  heartbeatsAcked = 0;
  /** Gateway connections so far: more than one means the client reconnected (events may be lost). */
  connections = 0;

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  /** The current session of each shard id. */
  private readonly sessions = new Map<number, Session>();
  /** Events for a shard no session has identified for yet: sent once one does. */
  private readonly waitingFor = new Map<number, { t: string; d: object }[]>();
  private nextSession = 1;
  resumes = 0;
  /** Leave this many heartbeats unacknowledged (the client then reconnects and resumes). */
  acksToSkip = 0;
  private readonly interactions = new Map<string, OpenInteraction>();
  private readonly channels: Map<string, FakeChannel>;
  private waiters: Waiter[] = [];
  private readyWaiters: { shards: number; resolve: () => void }[] = [];
  private readonly nextId = snowflakes(600_000_000_000_000_000n);
  /** Attachment bodies by path, as the CDN serves them. */
  private readonly files = new Map<string, { bytes: Uint8Array; signature: string; type?: string }>();
  private readonly clock: Clock;
  private readonly channelLimiter: RateLimiter | undefined;

  constructor(private readonly options: FakeDiscordOptions) {
    super();
    this.clock = options.clock ?? realClock;
    const bucket = options.channelMessages ?? CHANNEL_MESSAGES;
    this.channelLimiter = bucket ? new RateLimiter(bucket, "fake-channel-messages") : undefined;
    this.channels = new Map(options.channels.map((c) => [c.id, c]));
    this.server = createServer((req, res) => {
      void this.onRequest(req, res);
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on("connection", (socket, req) => this.onConnection(socket, req));
  }

  async start(): Promise<void> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What discord.js's `rest.api` option should be. */
  get restApi(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const r of [...this.refused, ...this.rateLimited])
      console.error("DIAG discord", r.status, r.method, r.path, JSON.stringify(r.error).slice(0, 400));
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get shardCount(): number {
    return this.options.shards ?? 1;
  }

  /** Resolves once `shards` shards (1 by default) have identified and been sent READY. */
  whenReady(shards = 1): Promise<void> {
    if (this.sessions.size >= shards) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push({ shards, resolve }));
  }

  /** The shard an event goes to, as Discord routes it: its server's shard; DMs go to shard 0. */
  shardFor(d: object): number {
    const guildId = (d as { guild_id?: unknown }).guild_id;
    return typeof guildId === "string" ? shardOfGuild(guildId, this.shardCount) : 0;
  }

  /**
   * Sends a gateway event to the shard that owns it. Like Discord, the fake keeps what it
   * sent, so a client that reconnects and resumes (a heartbeat judged late under load) gets
   * what it missed; an event for a shard not connected yet waits for it.
   */
  dispatch(t: string, d: object): void {
    const shard = this.shardFor(d);
    const session = this.sessions.get(shard);
    if (!session) {
      this.waitingFor.set(shard, [...(this.waitingFor.get(shard) ?? []), { t, d }]);
      return;
    }
    this.sendTo(session, t, d);
  }

  private sendTo(session: Session, t: string, d: object): void {
    const payload = JSON.stringify({ op: 0, t, s: ++session.seq, d });
    session.sent.push({ s: session.seq, payload });
    if (session.live) session.socket?.send(payload);
  }

  /** Dispatches an interaction and keeps what is needed to serve its callback and follow-ups. */
  dispatchInteraction(interaction: {
    id: string;
    type: number;
    token: string;
    channel: { id: string };
    user?: object;
    member?: { user: object };
    message?: { id?: string };
  }): void {
    const channel = this.channels.get(interaction.channel.id);
    if (!channel) throw new Error(`unknown channel ${interaction.channel.id}`);
    const user = interaction.user ?? interaction.member?.user ?? {};
    this.interactions.set(interaction.token, {
      id: interaction.id,
      type: interaction.type,
      channel,
      user,
      ...(interaction.type === 3 && interaction.message?.id
        ? { componentMessageId: interaction.message.id }
        : {}),
      answered: false,
      createdAt: this.clock.now(),
    });
    this.dispatch("INTERACTION_CREATE", interaction);
  }

  /**
   * A file as if someone uploaded it: the CDN (this server, on 127.0.0.1) serves it at the
   * attachment's URL, which carries a signature like Discord's (ex, is, hm); without it the
   * CDN answers 404, as Discord's does. `size` is what Discord states, the body's by default.
   */
  attach(
    filename: string,
    bytes: Uint8Array,
    options: { size?: number; contentType?: string; channelId?: string } = {},
  ): FakeAttachment {
    const id = String(this.nextId());
    const path = `/attachments/${options.channelId ?? "0"}/${id}/${encodeURIComponent(filename)}`;
    const signature = `sig${id}`;
    this.files.set(path, { bytes, signature, ...(options.contentType ? { type: options.contentType } : {}) });
    const url = `http://127.0.0.1:${this.port}${path}?ex=66a0&is=669f&hm=${signature}&`;
    return {
      id,
      filename,
      size: options.size ?? bytes.length,
      url,
      proxy_url: url.replace("/attachments/", "/proxy/attachments/"),
      ...(options.contentType ? { content_type: options.contentType } : {}),
    };
  }

  /** The first request (old or future) that passes `test`; fails after `timeoutMs`. */
  waitFor(test: (r: RecordedRequest) => boolean, timeoutMs = 15_000): Promise<RecordedRequest> {
    const seen = this.requests.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`the fake Discord saw no such request in ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        test,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Everything the REST API was sent about one interaction (its callback, edits and follow-ups). */
  interactionRequests(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.path.includes(`/${interaction.id}/`) || r.path.includes(`/${interaction.token}`),
    );
  }

  // ---------------------------------------------------------------- gateway

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    this.connections++;
    /** The session this connection identified or resumed. */
    let mine: Session | undefined;
    socket.on("close", () => {
      if (mine && mine.socket === socket) mine.live = false;
      this.emit("disconnected");
    });
    this.gatewayQuery = Object.fromEntries(new URL(req.url ?? "/", "ws://x").searchParams);
    socket.send(
      JSON.stringify({ op: 10, d: { heartbeat_interval: this.options.heartbeatInterval ?? 41_250 } }),
    );
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as {
        op: number;
        d: { token?: string; intents?: number; session_id?: string; seq?: number; shard?: unknown };
      };
      if (payload.op === 1) {
        if (this.acksToSkip > 0) {
          this.acksToSkip--;
          return;
        }
        this.heartbeatsAcked++;
        socket.send(JSON.stringify({ op: 11 }));
        this.emit("heartbeat");
      } else if (payload.op === 2) {
        if (payload.d.token !== this.options.token) {
          this.refuse(socket, payload.d.shard, 4004, "Authentication failed.");
          return;
        }
        const shard = this.checkShard(socket, payload.d.shard);
        if (!shard) return;
        mine = this.identified(socket, { token: payload.d.token, intents: payload.d.intents ?? 0, shard });
      } else if (payload.op === 6) {
        const session = [...this.sessions.values()].find((s) => s.id === payload.d.session_id);
        if (payload.d.token !== this.options.token || !session) {
          socket.send(JSON.stringify({ op: 9, d: false }));
          return;
        }
        this.resumes++;
        mine = session;
        session.socket = socket;
        for (const missed of session.sent.filter((e) => e.s > (payload.d.seq ?? 0)))
          socket.send(missed.payload);
        session.live = true;
        this.sendTo(session, "RESUMED", {});
        this.emit("resumed");
      }
    });
  }

  private refuse(socket: WebSocket, shard: unknown, code: number, reason: string): void {
    this.refusedIdentifies.push({ shard, code });
    socket.close(code, reason);
  }

  /**
   * The shard an IDENTIFY asks for, or undefined once refused as Discord refuses it: no shard
   * info (or too few shards) when the bot needs more is 4011, an impossible pair is 4010.
   */
  private checkShard(socket: WebSocket, shard: unknown): [number, number] | undefined {
    if (shard === undefined) {
      if (this.shardCount > 1) this.refuse(socket, shard, 4011, "Sharding required.");
      return this.shardCount > 1 ? undefined : [0, 1];
    }
    const valid =
      Array.isArray(shard) &&
      shard.length === 2 &&
      shard.every((n) => Number.isInteger(n)) &&
      shard[1] >= 1 &&
      shard[0] >= 0 &&
      shard[0] < shard[1];
    if (!valid) {
      this.refuse(socket, shard, 4010, "Invalid shard.");
      return undefined;
    }
    const pair = shard as [number, number];
    if (pair[1] < this.shardCount) {
      this.refuse(socket, shard, 4011, "Sharding required.");
      return undefined;
    }
    return pair;
  }

  /** A new session for an accepted IDENTIFY: READY, then the shard's servers and waiting events. */
  private identified(socket: WebSocket, identify: Identified): Session {
    this.identify = identify;
    this.identifies.push(identify);
    const [id, count] = identify.shard;
    const session: Session = {
      id: `fake-session-${this.nextSession++}`,
      shard: identify.shard,
      socket,
      live: true,
      seq: 0,
      sent: [],
    };
    this.sessions.set(id, session);
    const url = `ws://127.0.0.1:${this.port}`;
    const guilds = (this.options.guilds ?? [GUILD]).filter((g) => shardOfGuild(g.id, count) === id);
    this.sendTo(session, "READY", {
      v: 10,
      user: BOT_USER,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: url,
      shard: identify.shard,
      application: { id: APP_ID, flags: 0 },
    });
    for (const guild of guilds)
      this.sendTo(session, "GUILD_CREATE", guildCreatePayload([...this.channels.values()], guild));
    for (const event of this.waitingFor.get(id) ?? []) this.sendTo(session, event.t, event.d);
    this.waitingFor.delete(id);
    this.readyWaiters = this.readyWaiters.filter((w) => {
      if (this.sessions.size < w.shards) return true;
      w.resolve();
      return false;
    });
    return session;
  }

  // ---------------------------------------------------------------- REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith("/attachments/")) return this.serveFile(req, res, url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname.replace(/^\/api\/v10/, "")),
      query: Object.fromEntries(url.searchParams),
      body: text ? JSON.parse(text) : undefined,
      authorization: req.headers.authorization,
    };
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (status >= 400) record.error = body;
      res.writeHead(status, {
        ...headers,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const routed = this.route(record);
    if (!routed) {
      this.unhandled.push(record);
      reply(404, { message: "404: Not Found", code: 0 });
    } else if (routed === "unauthorized") {
      reply(401, { message: "401: Unauthorized", code: 0 });
    } else {
      reply(routed.status, routed.body, routed.headers);
      if (routed.status === 429) this.rateLimited.push(record);
      else if (routed.status >= 400) this.refused.push(record);
    }
    this.requests.push(record);
    for (const waiter of this.waiters.filter((w) => w.test(record))) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(record);
    }
  }

  /** The CDN: an attachment's bytes, for the URL Discord gave out (signature and all). */
  private serveFile(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const file = this.files.get(url.pathname);
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      authorization: req.headers.authorization,
    };
    if (req.method !== "GET" || !file || url.searchParams.get("hm") !== file.signature) {
      res.writeHead(404, { "content-type": "text/plain" }).end("This content is no longer available.");
    } else {
      res
        .writeHead(200, {
          "content-type": file.type ?? "application/octet-stream",
          "content-length": String(file.bytes.length),
        })
        .end(Buffer.from(file.bytes));
    }
    this.requests.push(record);
  }

  private route(r: RecordedRequest): Routed | "unauthorized" | undefined {
    const parts = r.path.split("/").filter(Boolean);
    const botAuth = r.authorization === `Bot ${this.options.token}`;
    const polled = this.polls.route(r, parts, botAuth);
    if (polled) return polled;
    // Interaction callbacks and webhooks are authorised by their token, not the bot's.
    if (parts[0] === "interactions" && parts[3] === "callback" && r.method === "POST") {
      return this.callback(parts[1]!, parts[2]!, r);
    }
    if (parts[0] === "webhooks" && parts[1] === APP_ID) return this.webhook(parts[2]!, parts.slice(3), r);
    if (!botAuth) return "unauthorized";
    if (r.method === "GET" && r.path === "/gateway/bot") {
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${this.port}`,
          shards: this.shardCount,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 0,
            max_concurrency: this.options.maxConcurrency ?? 1,
          },
        },
      };
    }
    if (parts[0] === "channels" && parts[1]) {
      const channel = this.channels.get(parts[1]);
      if (!channel) return { status: 404, body: { message: "Unknown Channel", code: 10003 } };
      if (r.method === "GET" && parts.length === 2) return { status: 200, body: channel };
      if (r.method === "POST" && parts[2] === "typing") return { status: 204 };
      if (r.method === "POST" && parts[2] === "messages" && parts.length === 3) {
        const limit = this.channelLimiter?.take(`POST /channels/${channel.id}/messages`);
        if (limit?.limited) return { status: 429, body: limit.body, headers: limit.headers };
        const headers = limit?.headers ?? {};
        const refusal = messageRefusal(r.body);
        if (refusal) return { ...refusal, headers };
        const reference = r.body?.message_reference as { message_id?: string } | undefined;
        r.message = this.createMessage(
          channel,
          r.body,
          reference?.message_id ? { message_reference: reference } : {},
        );
        return { status: 200, body: r.message, headers };
      }
    }
    if (parts[0] === "applications" && r.method === "PUT" && parts.at(-1) === "commands") {
      if (parts[1] !== APP_ID) return { status: 404, body: { message: "Unknown Application", code: 10002 } };
      if (parts[2] === "guilds" && parts[3] !== GUILD.id) {
        return { status: 403, body: { message: "Missing Access", code: 50001 } };
      }
      const problems = checkCommands(r.body);
      if (problems.length > 0) return { status: 400, body: invalidFormBody(problems) };
      const commands = (r.body as { name: string }[]).map((c) => ({
        ...c,
        id: String(this.nextId()),
        application_id: APP_ID,
        version: "1",
        ...(parts[2] === "guilds" ? { guild_id: parts[3] } : {}),
      }));
      return { status: 200, body: commands };
    }
    return undefined;
  }

  private callback(id: string, token: string, r: RecordedRequest): Routed {
    const open = this.interactions.get(token);
    // Past 3 s Discord has dropped the interaction: its callback is as unknown as a made-up one.
    if (!open || open.id !== id || this.clock.now() - open.createdAt > INTERACTION_DEADLINES.callbackMs)
      return { status: 404, body: { message: "Unknown interaction", code: 10062 } };
    if (open.answered) {
      return { status: 400, body: { message: "Interaction has already been acknowledged.", code: 40060 } };
    }
    const type = r.body?.type as number;
    const refusal = callbackRefusal(type, r.body?.data);
    if (refusal) return refusal;
    open.answered = true;
    let message: FakeMessage | undefined;
    if (type === 4) {
      message = this.createMessage(open.channel, r.body.data, {
        interaction_metadata: {
          id: open.id,
          type: open.type,
          user: open.user,
          authorizing_integration_owners: {},
        },
      });
      open.originalId = message.id;
    } else if (type === 6 || type === 7) {
      const updated = this.updateComponentMessage(open, type, r.body.data);
      if (!updated.message) {
        open.answered = false;
        return updated.refused;
      }
      message = updated.message;
    } else if (type === 5) {
      // "Matinee is thinking…": an empty original message, flagged as loading (and ephemeral if asked).
      message = this.createMessage(open.channel, { flags: (r.body.data?.flags ?? 0) | 128 }, {});
      open.originalId = message.id;
    }
    r.message = message;
    if (r.query.with_response !== "true") return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: open.id,
          type: open.type,
          ...(message
            ? {
                response_message_id: message.id,
                response_message_loading: type === 5,
                response_message_ephemeral: (message.flags & 64) !== 0,
              }
            : {}),
        },
        ...(message ? { resource: { type, message } } : {}),
      },
    };
  }

  /**
   * DEFERRED_UPDATE_MESSAGE (6) and UPDATE_MESSAGE (7): only a component interaction has a
   * message to update (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type);
   * 7 edits it now, with only the fields sent; after 6, PATCH @original edits it.
   */
  private updateComponentMessage(
    open: OpenInteraction,
    type: 6 | 7,
    data: { content?: string; embeds?: unknown[]; components?: unknown[] } | undefined,
  ):
    | { message: FakeMessage; refused?: undefined }
    | { message?: undefined; refused: { status: number; body: unknown } } {
    const target = open.componentMessageId ? this.messages.get(open.componentMessageId) : undefined;
    if (open.type !== 3 || !target)
      return {
        refused: {
          status: 400,
          body: { message: "Interaction callback type is not valid here", code: 50035 },
        },
      };
    open.originalId = target.id;
    if (type === 7) {
      Object.assign(target, {
        ...(data?.content !== undefined ? { content: data.content } : {}),
        ...(data?.embeds !== undefined ? { embeds: data.embeds } : {}),
        ...(data?.components !== undefined ? { components: data.components } : {}),
        edited_timestamp: FIXED_TIME,
      });
    }
    return { message: target };
  }

  private webhook(token: string, rest: string[], r: RecordedRequest): Routed | undefined {
    const open = this.interactions.get(token);
    if (!open) return { status: 404, body: { message: "Unknown Webhook", code: 10015 } };
    if (this.clock.now() - open.createdAt > INTERACTION_DEADLINES.tokenMs)
      return { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } };
    if (rest.length === 0 && r.method === "POST") {
      if (!open.answered)
        return { status: 400, body: { message: "Interaction not acknowledged", code: 10015 } };
      const refusal = messageRefusal(r.body);
      if (refusal) return refusal;
      r.message = this.createMessage(open.channel, r.body, { webhook_id: APP_ID });
      return { status: 200, body: r.message };
    }
    if (rest[0] === "messages" && rest[1] === "@original" && open.originalId) {
      const original = this.messages.get(open.originalId)!;
      if (r.method === "DELETE") {
        this.messages.delete(original.id);
        return { status: 204 };
      }
      if (r.method === "PATCH") {
        const problems = checkMessageBody(r.body);
        if (problems.length > 0) return { status: 400, body: invalidFormBody(problems) };
        const edited = {
          content: r.body?.content ?? original.content,
          embeds: r.body?.embeds ?? original.embeds,
          components: r.body?.components ?? original.components,
          attachments: r.body?.attachments ?? original.attachments,
        };
        if (isEmptyMessage(edited)) return { status: 400, body: EMPTY_MESSAGE };
        Object.assign(original, {
          ...(r.body.content !== undefined ? { content: r.body.content } : {}),
          ...(r.body.embeds !== undefined ? { embeds: r.body.embeds } : {}),
          ...(r.body.components !== undefined ? { components: r.body.components } : {}),
          flags: original.flags & ~128,
          edited_timestamp: FIXED_TIME,
        });
        r.message = original;
        return { status: 200, body: original };
      }
    }
    return undefined;
  }

  // biome-ignore lint/suspicious/noExplicitAny: a message body as discord.js sends it
  private createMessage(channel: FakeChannel, body: any, extra: Record<string, unknown>): FakeMessage {
    const message: FakeMessage = {
      id: String(this.nextId()),
      channel_id: channel.id,
      ...(channel.guild_id ? { guild_id: channel.guild_id } : {}),
      author: BOT_USER,
      content: body?.content ?? "",
      timestamp: FIXED_TIME,
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      pinned: false,
      type: extra.message_reference ? 19 : 0,
      flags: body?.flags ?? 0,
      application_id: APP_ID,
      ...this.polls.attach(body),
      ...extra,
    };
    this.messages.set(message.id, message);
    return message;
  }
}

/** Discord's refusal of a message body (create, follow-up, response), if it has one. */
// biome-ignore lint/suspicious/noExplicitAny: a message body as the client sent it
function messageRefusal(body: any, path: (string | number)[] = []): Routed | undefined {
  const problems: FormProblem[] = checkMessageBody(body, path);
  if (problems.length > 0) return { status: 400, body: invalidFormBody(problems) };
  if (isEmptyMessage(body)) return { status: 400, body: EMPTY_MESSAGE };
  return undefined;
}

/**
 * Discord's refusal of an interaction response: a message (4) must be a valid, non-empty
 * message; an update (7) a valid edit; autocomplete choices (8) within their limits.
 */
// biome-ignore lint/suspicious/noExplicitAny: response data as the client sent it
function callbackRefusal(type: number, data: any): Routed | undefined {
  if (type === 4) return messageRefusal(data, ["data"]);
  if (type === 7) {
    const problems = checkMessageBody(data, ["data"]);
    return problems.length > 0 ? { status: 400, body: invalidFormBody(problems) } : undefined;
  }
  if (type === 8) {
    const problems = checkAutocomplete(data);
    return problems.length > 0 ? { status: 400, body: invalidFormBody(problems) } : undefined;
  }
  return undefined;
}
