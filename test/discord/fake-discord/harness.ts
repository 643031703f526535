import { Memory } from "lowdb";
import { type DiscordBot, startDiscordBot } from "../../../adapters/discord/client.ts";
import type { App } from "../../../bot/app.ts";
import type { Log } from "../../../core/log.ts";
import { silentLog } from "../../../core/log.ts";
import { createMatinee, type Matinee } from "../../../core/matinee.ts";
import { type Action, decodeButton } from "../../../core/reply/actions.ts";
import type { Reply } from "../../../core/reply/reply.ts";
import { LowdbStore, type StoreData } from "../../../core/store/lowdb-store.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { FakeDiscord, type FakeMessage, type RecordedRequest } from "./fake-discord.ts";
import { ANN, APP_ID, BOB, CAT, DEE, dmChannelOf, TEXT_CHANNEL } from "./fixtures.ts";
import type { Bucket } from "./rate-limit.ts";

export const TOKEN = "fake-bot-token.not-a-secret";

/** Holds the core's answers back until released, so a test controls when work is "slow". */
export class Gate {
  private waiting: (() => void) | undefined;
  private closed: Promise<void> | undefined;
  close(): void {
    this.closed = new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
  open(): void {
    this.waiting?.();
    this.closed = undefined;
  }
  pass(): Promise<void> {
    return this.closed ?? Promise.resolve();
  }
}

/**
 * Discord's 5 messages per channel, in a window short enough that a suite's lists (a message
 * per card) wait a fraction of a second where Discord would make them wait 5 s.
 */
export const SUITE_CHANNEL_MESSAGES: Bucket = { limit: 5, windowMs: 250 };

export interface Harness {
  fake: FakeDiscord;
  /**
   * The fake's clock for interaction deadlines: it stands still unless a test moves it, so a
   * loaded machine never makes an answer "late" (limits.test.ts moves it past 3 s and 15 min).
   */
  clock: FakeClock;
  bot: DiscordBot;
  store: LowdbStore;
  matinee: Matinee;
  gate: Gate;
  /** What the bot logged at warn and error level. */
  logged: { level: "warn" | "error"; msg: string }[];
  /** Makes the core throw on its next turn. */
  failNext(): void;
  stop(): Promise<void>;
}

/** The real discord.js client against the fake Discord, serving a real Matinee over a memory store. */
export async function startHarness(
  app: App,
  options: {
    deferAfterMs?: number;
    heartbeatInterval?: number;
    channelMessages?: Bucket | false;
    pageSize?: number;
  } = {},
): Promise<Harness> {
  const logged: Harness["logged"] = [];
  const keep =
    (level: "warn" | "error") =>
    (objOrMsg: object | string, msg?: string): void => {
      logged.push({ level, msg: msg ?? String(objOrMsg) });
    };
  const log: Log = { ...silentLog, warn: keep("warn"), error: keep("error") };
  const clock = new FakeClock();
  const fake = new FakeDiscord({
    clock,
    channelMessages: options.channelMessages ?? SUITE_CHANNEL_MESSAGES,
    token: TOKEN,
    channels: [TEXT_CHANNEL, dmChannelOf(ANN), dmChannelOf(BOB), dmChannelOf(CAT), dmChannelOf(DEE)],
    // Discord's own interval by default: a short one makes discord.js call the connection a
    // zombie (and reconnect, losing events) whenever a busy core blocks the loop for that long.
    heartbeatInterval: options.heartbeatInterval ?? 41_250,
  });
  await fake.start();
  const store = new LowdbStore(new Memory<StoreData>());
  // The bot's own page size (bot/commands/start.ts): a list is 5 cards, one Discord message.
  const core = createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    pageSize: options.pageSize ?? 5,
  });
  const gate = new Gate();
  let fail = false;
  const matinee: Matinee = {
    ...core,
    async handle(event): Promise<Reply[]> {
      await gate.pass();
      if (fail) {
        fail = false;
        throw new Error("simulated core failure");
      }
      return core.handle(event);
    },
  };
  const bot = await startDiscordBot({
    matinee,
    token: TOKEN,
    applicationId: APP_ID,
    log,
    restApi: fake.restApi,
    deferAfterMs: options.deferAfterMs ?? 1000,
  });
  return {
    fake,
    clock,
    bot,
    store,
    matinee,
    gate,
    logged,
    failNext: () => {
      fail = true;
    },
    stop: async () => {
      gate.open();
      await bot.stop();
      await fake.close();
      await store.close();
      // Whatever Discord would have refused is a bug of the bot's, even when no assertion looked.
      if (fake.refused.length > 0) {
        const seen = fake.refused.map((r) => `${r.method} ${r.path} ${r.status} ${JSON.stringify(r.error)}`);
        throw new Error(`the bot sent what Discord refuses:\n${seen.join("\n")}`);
      }
    },
  };
}

/** The message a request carries: a callback's data, or a webhook / channel message body. */
// biome-ignore lint/suspicious/noExplicitAny: message bodies are JSON the tests inspect
export function sentBody(r: RecordedRequest): any {
  return r.path.endsWith("/callback") ? r.body?.data : r.body;
}

export function customIds(r: RecordedRequest): string[] {
  const body = sentBody(r);
  return (body?.components ?? []).flatMap((row: { components: { custom_id: string }[] }) =>
    row.components.map((c) => c.custom_id),
  );
}

/** Requests that put a message in front of the user (not the "thinking…" defer, not deletions). */
export function visible(requests: RecordedRequest[]): RecordedRequest[] {
  return requests.filter(
    (r) =>
      r.message !== undefined &&
      !(r.path.endsWith("/callback") && r.body?.type === 5) &&
      sentBody(r) !== undefined,
  );
}

/** A message carrying "More picks" (it names its list and its owner: "m:<list>@<user>"). */
export function hasMorePicks(r: RecordedRequest): boolean {
  return customIds(r).some((id) => decodeButton(id)?.action.type === "more");
}

/** A button's custom id on a message, by what it does (ids also name the list and the owner). */
export function buttonFor(
  r: RecordedRequest | FakeMessage,
  test: (a: Action) => boolean,
): string | undefined {
  const components = "path" in r ? (sentBody(r as RecordedRequest)?.components ?? []) : r.components;
  return components
    .flatMap((row: { components: { custom_id: string }[] }) => row.components.map((c) => c.custom_id))
    .find((id: string) => {
      const action = decodeButton(id)?.action;
      return action !== undefined && test(action);
    });
}

export function messageOf(r: RecordedRequest): FakeMessage {
  if (!r.message) throw new Error(`request ${r.method} ${r.path} created no message`);
  return r.message;
}

/** What an interaction's replies are matched by: its id (callback) or its token (webhook edits, follow-ups). */
export interface InteractionRef {
  id: string;
  token: string;
}

export const isFor = (i: InteractionRef) => (r: RecordedRequest) =>
  r.path.includes(`/${i.id}/`) || r.path.split("/").includes(i.token);

/** Dispatches an interaction and waits until a message for it passes `done` (default: any message). */
export async function interact(
  h: Harness,
  i: Parameters<Harness["fake"]["dispatchInteraction"]>[0],
  done: (r: RecordedRequest) => boolean = () => true,
): Promise<RecordedRequest[]> {
  h.fake.dispatchInteraction(i);
  await h.fake.waitFor((r) => isFor(i)(r) && visible([r]).length === 1 && done(r));
  return visible(h.fake.requests.filter(isFor(i)));
}
