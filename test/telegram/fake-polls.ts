import type { Message, Poll } from "grammy/types";

/**
 * sendPoll's limits (https://core.telegram.org/bots/api#sendpoll): a question of 1–300
 * characters, 2–10 options of 1–100 characters each, open_period 5–600 seconds.
 */
export const POLL_LIMITS = {
  question: 300,
  minOptions: 2,
  maxOptions: 10,
  optionText: 100,
  minOpenPeriod: 5,
  maxOpenPeriod: 600,
} as const;

/** The fake Bot API's error answer (same shape as its own). */
type Failure = { code: number; description: string };

/** What the fake Bot API lends the polls: its messages, ids and identity. */
interface Host {
  readonly messages: Map<string, Message>;
  readonly me: Message["from"];
  messageId(): number;
}

interface StoredPoll {
  poll: Poll;
  chatId: number;
  messageId: number;
  /** Each voter's options (Telegram counts one vote per person; voting again replaces it). */
  votes: Map<number, number[]>;
}

const bad = (description: string): Failure => ({ code: 400, description: `Bad Request: ${description}` });

/**
 * Polls for the fake Bot API: sendPoll (checked as Telegram checks it), votes cast by a test
 * as users, and stopPoll, which returns the final Poll as Telegram does (and refuses a
 * second stop). `pollUpdate` builds the `poll` update Telegram would send about it.
 */
export class FakePolls {
  private readonly polls = new Map<string, StoredPoll>();
  private nextId = 5_000_000_000_000_000_000n;

  constructor(private readonly host: Host) {}

  /** A refusal for a poll call Telegram would refuse; undefined to go on (other checks apply too). */
  check(method: string, p: Record<string, unknown>): Failure | undefined {
    if (method === "sendPoll") {
      const question = p.question;
      if (typeof question !== "string" || question.trim() === "")
        return bad("poll question must be non-empty");
      if (question.length > POLL_LIMITS.question) return bad("poll question length must not exceed 300");
      const options = p.options;
      if (!Array.isArray(options) || options.length < POLL_LIMITS.minOptions)
        return bad("poll must have at least 2 option");
      if (options.length > POLL_LIMITS.maxOptions) return bad("poll can't have more than 10 options");
      for (const o of options) {
        const text = typeof o === "string" ? o : (o as { text?: unknown })?.text;
        if (typeof text !== "string" || text.trim() === "") return bad("poll options must be non-empty");
        if (text.length > POLL_LIMITS.optionText) return bad("poll options length must not exceed 100");
      }
      const period = p.open_period;
      if (
        period !== undefined &&
        (typeof period !== "number" ||
          period < POLL_LIMITS.minOpenPeriod ||
          period > POLL_LIMITS.maxOpenPeriod)
      )
        return bad("wrong open period specified");
    }
    if (method === "stopPoll") {
      const stored = this.at(Number(p.chat_id), Number(p.message_id));
      if (!stored) return bad("message with poll to stop not found");
      if (stored.poll.is_closed) return bad("poll has already been closed");
    }
    return undefined;
  }

  /** The result of a poll call; undefined for any other method. */
  result(method: string, p: Record<string, unknown>): unknown {
    if (method === "sendPoll") {
      const chatId = Number(p.chat_id);
      const id = String(this.nextId++);
      const options = (p.options as (string | { text: string })[]).map((o) =>
        typeof o === "string" ? o : o.text,
      );
      const poll: Poll = {
        id,
        question: String(p.question),
        options: options.map((text) => ({ text, voter_count: 0 })),
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: p.is_anonymous !== false,
        type: "regular",
        allows_multiple_answers: p.allows_multiple_answers === true,
      } as Poll;
      const message = {
        message_id: this.host.messageId(),
        date: Math.floor(Date.now() / 1000),
        chat:
          chatId > 0
            ? { id: chatId, type: "private", first_name: "Person" }
            : { id: chatId, type: "group", title: "Film club" },
        from: this.host.me,
        poll,
        ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
      } as Message;
      this.host.messages.set(`${chatId}:${message.message_id}`, message);
      this.polls.set(id, { poll, chatId, messageId: message.message_id, votes: new Map() });
      return message;
    }
    if (method === "stopPoll") {
      const stored = this.at(Number(p.chat_id), Number(p.message_id))!;
      stored.poll.is_closed = true;
      return structuredClone(stored.poll);
    }
    return undefined;
  }

  private at(chatId: number, messageId: number): StoredPoll | undefined {
    return [...this.polls.values()].find((s) => s.chatId === chatId && s.messageId === messageId);
  }

  /** The polls sent to a chat, oldest first, as they stand. */
  in(chatId: number): { poll: Poll; messageId: number }[] {
    return [...this.polls.values()]
      .filter((s) => s.chatId === chatId)
      .map((s) => ({ poll: s.poll, messageId: s.messageId }));
  }

  /** A person votes for these options (0-based), replacing their earlier vote; refused once closed. */
  vote(pollId: string, userId: number, options: number[]): void {
    const stored = this.polls.get(pollId);
    if (!stored) throw new Error(`no poll ${pollId}`);
    if (stored.poll.is_closed) throw new Error("that poll is closed: Telegram takes no more votes");
    if (options.length > 1 && !stored.poll.allows_multiple_answers) throw new Error("one answer each");
    for (const o of options) if (!stored.poll.options[o]) throw new Error(`no option ${o}`);
    stored.votes.set(userId, options);
    const all = [...stored.votes.values()];
    stored.poll.options = stored.poll.options.map((o, i) => ({
      ...o,
      voter_count: all.filter((v) => v.includes(i)).length,
    }));
    stored.poll.total_voter_count = all.filter((v) => v.length > 0).length;
  }

  /** The `poll` update Telegram sends about a bot's poll when its state changes. */
  pollUpdate(pollId: string): { poll: Poll } {
    const stored = this.polls.get(pollId);
    if (!stored) throw new Error(`no poll ${pollId}`);
    return { poll: structuredClone(stored.poll) };
  }
}
