import type { FakeDiscord, FakeMessage, RecordedRequest } from "./fake-discord.ts";
import { FIXED_TIME } from "./fixtures.ts";

/**
 * Discord's poll limits (https://discord.com/developers/docs/resources/poll#poll-create-request-object):
 * a question of at most 300 characters, at most 10 answers of at most 55 characters each,
 * a duration of 1 to 768 hours (32 days; 24 when left out).
 */
export const POLL_LIMITS = {
  question: 300,
  answers: 10,
  answerText: 55,
  minHours: 1,
  maxHours: 768,
} as const;

type Routed = { status: number; body?: unknown };

/** Discord's 400 for an invalid form body: which field, and why. */
function invalid(field: string, message: string): Routed {
  return {
    status: 400,
    body: { message: "Invalid Form Body", code: 50035, errors: { [field]: { _errors: [{ message }] } } },
  };
}

/** A poll as the API describes it in a message, with the votes the fake keeps beside it. */
interface ApiPoll {
  question: { text: string };
  answers: { answer_id: number; poll_media: { text: string } }[];
  expiry: string;
  allow_multiselect: boolean;
  layout_type: number;
  results: { is_finalized: boolean; answer_counts: { id: number; count: number; me_voted: boolean }[] };
}

/**
 * Polls for the fake Discord: refuses an over-limit poll as Discord does, keeps each poll's
 * votes (a test casts them as users), and ends a poll by its expire route or when a test
 * says its time is up, dispatching the MESSAGE_UPDATE with the finalized results.
 */
export class FakePolls {
  /** Votes per poll message: user id → answer ids. */
  private readonly votes = new Map<string, Map<string, number[]>>();

  constructor(private readonly fake: FakeDiscord) {}

  /** A request the polls answer: a refused poll in any message body, or the expire route. */
  route(r: RecordedRequest, parts: string[], botAuth: boolean): Routed | undefined {
    const body = r.path.endsWith("/callback") ? r.body?.data : r.body;
    if (body?.poll !== undefined && r.method !== "PATCH") {
      const refused = this.refuse(body.poll);
      if (refused) return refused;
    }
    if (parts[0] === "channels" && parts[2] === "polls" && parts[4] === "expire" && r.method === "POST") {
      if (!botAuth) return { status: 401, body: { message: "401: Unauthorized", code: 0 } };
      const message = this.fake.messages.get(parts[3]!);
      if (!message || message.channel_id !== parts[1] || !message.poll)
        return { status: 404, body: { message: "Unknown Message", code: 10008 } };
      if (this.pollOf(message).results.is_finalized)
        return { status: 400, body: { message: "This poll has already expired.", code: 520001 } };
      this.finalize(message);
      return { status: 200, body: message };
    }
    return undefined;
  }

  // biome-ignore lint/suspicious/noExplicitAny: a poll create request as the client sent it
  private refuse(poll: any): Routed | undefined {
    const question = poll?.question?.text;
    if (typeof question !== "string" || question.length === 0 || question.length > POLL_LIMITS.question)
      return invalid("poll.question.text", `Must be between 1 and ${POLL_LIMITS.question} in length.`);
    const answers = poll.answers;
    if (!Array.isArray(answers) || answers.length === 0 || answers.length > POLL_LIMITS.answers)
      return invalid("poll.answers", `Must be between 1 and ${POLL_LIMITS.answers} in length.`);
    for (const [i, a] of answers.entries()) {
      const text = a?.poll_media?.text;
      if (typeof text !== "string" || text.length === 0 || text.length > POLL_LIMITS.answerText)
        return invalid(
          `poll.answers.${i}.poll_media.text`,
          `Must be between 1 and ${POLL_LIMITS.answerText} in length.`,
        );
    }
    const hours = poll.duration ?? 24;
    if (!Number.isInteger(hours) || hours < POLL_LIMITS.minHours || hours > POLL_LIMITS.maxHours)
      return invalid(
        "poll.duration",
        `int value should be between ${POLL_LIMITS.minHours} and ${POLL_LIMITS.maxHours}.`,
      );
    return undefined;
  }

  /** The poll field of a message being made from this body (none when it carries no poll). */
  // biome-ignore lint/suspicious/noExplicitAny: a message body as discord.js sends it
  attach(body: any): { poll?: ApiPoll } {
    const poll = body?.poll;
    if (!poll) return {};
    const hours = poll.duration ?? 24;
    return {
      poll: {
        question: { text: poll.question.text },
        answers: poll.answers.map((a: { poll_media: { text: string } }, i: number) => ({
          answer_id: i + 1,
          poll_media: { text: a.poll_media.text },
        })),
        expiry: new Date(Date.parse(FIXED_TIME) + hours * 3600_000).toISOString(),
        allow_multiselect: poll.allow_multiselect ?? false,
        layout_type: poll.layout_type ?? 1,
        results: { is_finalized: false, answer_counts: [] },
      },
    };
  }

  private pollOf(message: FakeMessage): ApiPoll {
    return message.poll as ApiPoll;
  }

  /** The bot's poll messages in a channel, oldest first. */
  pollsIn(channelId: string): FakeMessage[] {
    return [...this.fake.messages.values()].filter((m) => m.channel_id === channelId && m.poll);
  }

  /** A user votes (their answer ids; 1-based, as Discord numbers them), replacing their earlier vote. */
  vote(messageId: string, userId: string, answerIds: number[]): void {
    const message = this.fake.messages.get(messageId);
    if (!message?.poll) throw new Error(`message ${messageId} has no poll`);
    const poll = this.pollOf(message);
    if (poll.results.is_finalized) throw new Error("that poll has ended: Discord takes no more votes");
    if (answerIds.length > 1 && !poll.allow_multiselect) throw new Error("that poll allows one answer each");
    for (const id of answerIds)
      if (!poll.answers.some((a) => a.answer_id === id)) throw new Error(`no answer ${id} in that poll`);
    const votes = this.votes.get(messageId) ?? new Map<string, number[]>();
    votes.set(userId, answerIds);
    this.votes.set(messageId, votes);
    poll.results.answer_counts = this.counts(messageId, poll);
  }

  /** Its time is up (or the expire route was called): results finalized, MESSAGE_UPDATE sent. */
  finalize(message: FakeMessage): void {
    const poll = this.pollOf(message);
    poll.results = { is_finalized: true, answer_counts: this.counts(message.id, poll) };
    poll.expiry = FIXED_TIME;
    this.fake.dispatch("MESSAGE_UPDATE", message);
  }

  /** As Discord counts: answers without votes are left out of answer_counts. */
  private counts(messageId: string, poll: ApiPoll): ApiPoll["results"]["answer_counts"] {
    const votes = [...(this.votes.get(messageId)?.values() ?? [])];
    return poll.answers
      .map((a) => ({
        id: a.answer_id,
        count: votes.filter((v) => v.includes(a.answer_id)).length,
        me_voted: false,
      }))
      .filter((c) => c.count > 0);
  }
}
