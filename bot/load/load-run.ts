import { monitorEventLoopDelay } from "node:perf_hooks";
import { yieldToLoop } from "../../core/event-loop.ts";
import { createMatinee } from "../../core/matinee.ts";
import { opinionOn } from "../../core/profile/profile.ts";
import type { Action } from "../../core/reply/actions.ts";
import type { Reply } from "../../core/reply/reply.ts";
import type { StoreBackend } from "../../core/store/backend.ts";
import { seededRandom } from "../../models/random.ts";
import type { ServingApp } from "../app.ts";
import { percentiles } from "../commands/bench-stats.ts";

export interface LoadOptions {
  /** Simulated people, each a conversation of its own. */
  users: number;
  /** Turns in flight at once (messages arriving together). */
  concurrency: number;
  /** How long the mixed phase runs. */
  seconds: number;
  /** Characters of the one huge message of the last phase (0: no such phase). */
  longMessageChars: number;
  /** Stop after this many turns even before the time is up (CI's short form: a fixed amount of work). */
  maxTurns?: number;
  seed?: number;
}

export interface LoadResult {
  store: string;
  storedUsers: number;
  users: number;
  concurrency: number;
  seconds: number;
  turns: number;
  turnsPerSecond: number;
  latency: { p50Ms: number; p99Ms: number; maxMs: number };
  eventLoopDelay: { p99Ms: number; maxMs: number };
  /** Turn kinds run: message, button, reaction, command. */
  mix: Record<string, number>;
  /** Acknowledged 👍/👎 (button or reaction) whose film is not in that state at the end. */
  lost: number;
  /** Up to five of the lost opinions: whose, which film, what was acknowledged, what the store holds. */
  lostExamples?: LostExample[];
  errors: number;
  firstError?: string;
  longMessage?: LongMessageResult;
}

/** Event-loop delay over a window: p99 of `monitorEventLoopDelay`, max of that and the stall probe. */
export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
}

/** The one hostile-sized message, sent among `alongside` ordinary turns. */
export interface LongMessageResult {
  chars: number;
  /** From the core getting the message to its reply. */
  ms: number;
  replies: number;
  /** Whether the reply was the length refusal (nothing of the text read). */
  refused: boolean;
  /** The event loop while the message was being answered, from sending it to its reply. */
  eventLoopWhileAnswering: LoopDelay;
  /** Ordinary turns in flight with it (the other people still being answered meanwhile). */
  alongside: number;
  /** The event loop over the whole phase: the message and the turns alongside it, all answered. */
  eventLoopWholePhase: LoopDelay;
}

interface Person {
  id: string;
  /** Films of the last list, to press buttons on. */
  cards: number[];
  /** Cards sent as their own messages (reactions point at these). */
  sent: { ref: string; movieId: number }[];
  /** The last 👍/👎 the person gave each film by button or reaction, as acknowledged. */
  expected: Map<number, "like" | "dislike">;
  /** Films named in messages: their state is the title engine's business, not checked. */
  named: Set<number>;
  busy: boolean;
}

const COMMANDS: Action[] = [{ type: "recommend" }, { type: "more" }, { type: "profile" }, { type: "help" }];

/**
 * Simulated people talking to the core through `handle`, as the adapters call it: messages
 * naming films, 👍/👎 buttons on cards, emoji reactions on sent cards, commands. A closed
 * loop with `concurrency` turns in flight; each person has at most one turn in flight, in
 * order, as a chat platform delivers them. Every acknowledged 👍/👎 is checked in the store
 * at the end: `lost` must be 0.
 */
export async function runLoad(
  app: ServingApp,
  store: StoreBackend,
  storedUsers: number,
  options: LoadOptions,
): Promise<LoadResult> {
  const matinee = createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    pageSize: 5,
  });
  const rand = seededRandom(options.seed ?? 31);
  const popular = Array.from({ length: Math.min(2000, app.catalogue.size) }, (_, i) => app.catalogue.at(i));
  const pick = () => popular[Math.floor(rand() * popular.length)]!;
  const namesakes = sameTitle(app.catalogue);
  const people: Person[] = Array.from({ length: options.users }, (_, i) => ({
    id: `load-${i}`,
    cards: [],
    sent: [],
    expected: new Map(),
    named: new Set(),
    busy: false,
  }));
  const platform = "load";
  const mix: Record<string, number> = { message: 0, button: 0, reaction: 0, command: 0 };
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let msgRef = 0;

  const remember = async (p: Person, replies: Reply[]) => {
    const cards = replies.flatMap((r) => r.cards ?? []).map((c) => c.movieId);
    if (cards.length === 0) return;
    p.cards = cards;
    // As the Telegram adapter does: each card its own message, remembered for reactions.
    for (const movieId of cards.slice(0, 2)) {
      const ref = `${platform}:${p.id}:${++msgRef}`;
      await matinee.cardSent({ platform, userId: p.id, messageRef: ref, movieId });
      p.sent.push({ ref, movieId });
      if (p.sent.length > 10) p.sent.shift();
    }
  };

  const turn = async (p: Person, record = true) => {
    const r = rand();
    const speaker = { platform, userId: p.id };
    let kind: string;
    let after: (() => void) | undefined;
    let replies: Reply[];
    const t = performance.now();
    if (p.cards.length === 0 || r < 0.35) {
      kind = "message";
      const [a, b, c] = [pick(), pick(), pick()];
      // Named by title alone, a film may be read as another of that title (three films are
      // "The Jungle Book"): each of them may have a new opinion now.
      for (const m of [a, b, c]) for (const id of namesakes(m.movieId)) p.named.add(id);
      replies = await matinee.handle({
        ...speaker,
        text: `I loved ${a.title} and ${b.title}, not a fan of ${c.title}`,
      });
    } else if (r < 0.6) {
      kind = "button";
      const movieId = p.cards[Math.floor(rand() * p.cards.length)]!;
      const signal = rand() < 0.7 ? "like" : "dislike";
      replies = await matinee.handle({ ...speaker, action: { type: "feedback", movieId, signal } });
      after = () => {
        if (!p.named.has(movieId)) p.expected.set(movieId, signal);
      };
    } else if (r < 0.8 && p.sent.length > 0) {
      kind = "reaction";
      const card = p.sent[Math.floor(rand() * p.sent.length)]!;
      const like = rand() < 0.7;
      replies = await matinee.handle({
        ...speaker,
        action: { type: "react", messageRef: card.ref, emoji: like ? "👍" : "👎" },
      });
      after = () => {
        if (!p.named.has(card.movieId)) p.expected.set(card.movieId, like ? "like" : "dislike");
      };
    } else {
      kind = "command";
      replies = await matinee.handle({ ...speaker, action: COMMANDS[Math.floor(rand() * COMMANDS.length)]! });
    }
    if (record) {
      samples.push(performance.now() - t);
      mix[kind] = (mix[kind] ?? 0) + 1;
    }
    after?.();
    await remember(p, replies);
  };

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const probe = stallProbe();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let next = 0;
  let startedTurns = 0;
  const worker = async () => {
    const maxTurns = options.maxTurns ?? Number.POSITIVE_INFINITY;
    while (performance.now() < deadline && startedTurns < maxTurns) {
      // The next person without a turn in flight: one turn per person at a time, in order.
      let p: Person | undefined;
      for (let k = 0; k < people.length && !p; k++) {
        const candidate = people[(next + k) % people.length]!;
        if (!candidate.busy) p = candidate;
      }
      next = (next + 1) % people.length;
      if (!p) {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      p.busy = true;
      startedTurns++;
      // Each turn starts from the event loop, as a platform event does (a chain of awaits
      // alone would never let the loop run, and its delay would not be measured).
      await yieldToLoop();
      try {
        await turn(p);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).stack ?? String(error);
      } finally {
        p.busy = false;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  await settle();
  loop.disable();
  const stalled = probe.stop();

  /**
   * One hostile-sized message among ordinary turns, each its own event as a platform
   * delivers them: how long it takes, and how the event loop fares while it is answered
   * (other people must not wait on it) and over the whole phase.
   */
  const sendLongMessage = async (
    chars: number,
    others: Person[],
    ordinary: (p: Person) => Promise<void>,
  ): Promise<LongMessageResult> => {
    const sentence = "I really loved The Godfather and Heat, and honestly not a fan of musicals at all. ";
    const text = sentence.repeat(Math.ceil(chars / sentence.length)).slice(0, chars);
    const phase = loopWindow();
    const alongside = others.map(async (p) => {
      await yieldToLoop();
      await ordinary(p);
    });
    await yieldToLoop();
    const answering = loopWindow();
    const t = performance.now();
    const replies = await matinee.handle({ platform, userId: "load-long", text });
    const ms = performance.now() - t;
    const whileAnswering = answering.stop();
    await Promise.all(alongside);
    return {
      chars: text.length,
      ms: round(ms),
      replies: replies.length,
      refused: replies.length === 1 && replies[0]!.error === true && /characters long/.test(replies[0]!.text),
      eventLoopWhileAnswering: whileAnswering,
      alongside: others.length,
      eventLoopWholePhase: phase.stop(),
    };
  };

  let longMessage: LongMessageResult | undefined;
  if (options.longMessageChars > 0) {
    longMessage = await sendLongMessage(options.longMessageChars, people.slice(0, ALONGSIDE), (p) =>
      turn(p, false).then(
        () => undefined,
        () => undefined,
      ),
    );
  }

  let lost = 0;
  const lostExamples: LostExample[] = [];
  for (const p of people) {
    const state = await store.get(`${platform}:${p.id}`);
    for (const [movieId, signal] of p.expected) {
      if (p.named.has(movieId)) continue;
      const found = state ? (opinionOn(state.profile, movieId) ?? "none") : "no profile";
      if (found === signal) continue;
      lost++;
      // The first few, so that a rare loss can be told apart from a check that misread a turn.
      if (lostExamples.length < 5) lostExamples.push({ user: p.id, movieId, expected: signal, found });
    }
  }
  const latency = percentiles(samples);
  return {
    store: store.backend,
    storedUsers,
    users: options.users,
    concurrency: options.concurrency,
    seconds: round(elapsed),
    turns: samples.length,
    turnsPerSecond: round(samples.length / elapsed),
    latency: { p50Ms: latency.p50Ms, p99Ms: latency.p99Ms, maxMs: latency.maxMs },
    eventLoopDelay: {
      p99Ms: round(loop.percentile(99) / 1e6),
      maxMs: round(Math.max(loop.max / 1e6, stalled)),
    },
    mix,
    lost,
    ...(lostExamples.length > 0 ? { lostExamples } : {}),
    errors,
    ...(firstError ? { firstError } : {}),
    ...(longMessage ? { longMessage } : {}),
  };
}

/**
 * Every film of the catalogue that shares a film's title (itself included), by movieId: the
 * load names films by title without the year, as people do, so a message may have given any
 * of them the opinion.
 */
export function sameTitle(
  catalogue: Pick<ServingApp["catalogue"], "size" | "at" | "byId">,
): (movieId: number) => number[] {
  const byTitle = new Map<string, number[]>();
  for (let i = 0; i < catalogue.size; i++) {
    const { movieId, title } = catalogue.at(i);
    const key = title.toLowerCase();
    const ids = byTitle.get(key);
    if (ids) ids.push(movieId);
    else byTitle.set(key, [movieId]);
  }
  return (movieId) => byTitle.get(catalogue.byId(movieId)?.title.toLowerCase() ?? "") ?? [movieId];
}

export interface LostExample {
  user: string;
  movieId: number;
  expected: "like" | "dislike";
  found: string;
}

/** Ordinary turns sent with the long message. */
const ALONGSIDE = 20;

/** Event-loop delay from now until `stop`: the delay histogram's p99 and the longest stall either saw. */
const SAMPLE_MS = 5;

function loopWindow(): { stop(): LoopDelay } {
  const histogram = monitorEventLoopDelay({ resolution: SAMPLE_MS });
  histogram.enable();
  const probe = stallProbe();
  return {
    stop() {
      histogram.disable();
      const stalled = probe.stop();
      // The histogram holds whole sampling intervals (5 ms at the least): the delay is what
      // is beyond one. A window the loop was held for all of has no sample yet: then its
      // one stall is the p99 too.
      const beyond = (ns: number) => Math.max(0, ns / 1e6 - SAMPLE_MS);
      const p99 = histogram.count > 0 ? beyond(histogram.percentile(99)) : stalled;
      const max = histogram.count > 0 ? beyond(histogram.max) : 0;
      return { p99Ms: round(Math.min(p99, Math.max(max, stalled))), maxMs: round(Math.max(max, stalled)) };
    },
  };
}

/**
 * The longest gap between ticks of a 10 ms interval, final gap included: a stall that ends
 * just before `stop` still counts (the histogram only records it when its timer next fires).
 */
function stallProbe(everyMs = 10) {
  let last = performance.now();
  let max = 0;
  const tick = () => {
    const now = performance.now();
    max = Math.max(max, now - last - everyMs);
    last = now;
  };
  const timer = setInterval(tick, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      tick();
      return Math.max(0, max);
    },
  };
}

/** Lets the delay monitor's timer fire once more, so a stall just before the end is recorded. */
const settle = () => new Promise<void>((r) => setTimeout(r, 20));

const round = (x: number) => Math.round(x * 100) / 100;
