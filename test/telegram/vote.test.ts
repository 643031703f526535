// A movie night that ends in a vote, on Telegram: grammY against the fake Bot API. People
// tell films in the group and opt in, one asks for a movie night with everyone, a poll opens
// (sendPoll) with 3–5 films and a Close vote button, people vote, the asker closes it
// (stopPoll's counts), the winner is announced and seen for each member.
import type { Message, Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TelegramBot } from "../../adapters/telegram/bot.ts";
import { silentLog } from "../../core/log.ts";
import { displayName } from "../../core/movie.ts";
import type { LowdbStore } from "../../core/store/lowdb-store.ts";
import { userKey } from "../../core/store/store.ts";
import { sharedApp } from "../helpers/app.ts";
import { startBotOnFake, stopBotOnFake } from "./bot-on-fake.ts";
import type { Call, FakeBotApi } from "./fake-bot-api.ts";
import { POLL_LIMITS } from "./fake-polls.ts";
import { buttonPress, groupChat, person, privateChat, textMessage } from "./scripted.ts";

const app = await sharedApp();
let fake: FakeBotApi;
let store: LowdbStore;
let running: TelegramBot;
beforeAll(async () => {
  ({ fake, store, running } = await startBotOnFake({ log: silentLog }));
});
afterAll(() => stopBotOnFake({ fake, store, running }));

const CLUB = groupChat(-500_100);
const ann = person(7001, "Ann");
const bob = person(7002, "Bob");
const cat = person(7003, "Cat");
const dee = person(7004, "Dee");
const BOT = "@matinee_test_bot";

const sentIn = (chatId: number) => (c: Call) =>
  (c.method === "sendMessage" || c.method === "sendPhoto" || c.method === "sendPoll") &&
  c.payload.chat_id === chatId &&
  c.status === 200;
const textOf = (c: Call) => String(c.payload.text ?? c.payload.caption ?? c.payload.question);

/** Pushes an update and waits until a call that passes `done` follows it. */
async function after(update: Omit<Update, "update_id">, done: (c: Call) => boolean): Promise<Call[]> {
  const from = fake.calls.length;
  fake.push(update);
  const end = await fake.waitFor(done, { from });
  return fake.calls.slice(from, fake.calls.indexOf(end) + 1);
}
const inClub = (who: User, text: string, done: (c: Call) => boolean) =>
  after(textMessage(fake.messageId(), who, CLUB, `${BOT} ${text}`), done);
let presses = 0;
const press = (who: User, message: Message, data: string, done: (c: Call) => boolean) =>
  after(buttonPress(`vote-${presses++}`, who, message, data), done);
const seen = async (who: User) =>
  ((await store.get(userKey("telegram", String(who.id))))?.profile.seen ?? []).map((e) => e.movieId);
const answered = (c: Call) => c.method === "answerCallbackQuery";
/** A list's message: it carries the list's More picks ("m:<list id>@<owner>"). */
const moreButton = (c: Call) => /"callback_data":"m:/.test(JSON.stringify(c.payload.reply_markup ?? {}));

describe("movie night that ends in a vote", () => {
  test("tell, opt in, ask everyone: a poll; votes; the asker closes it; the winner is seen by each", async () => {
    for (const [who, films] of [
      [ann, "I love Toy Story, Finding Nemo and Up"],
      [bob, "I love Alien, Aliens and The Terminator"],
      [cat, "I love Amelie and Before Sunrise"],
    ] as const)
      await inClub(who, films, (c) => sentIn(CLUB.id)(c) && moreButton(c));
    // Dee tells films in private only, and never opts in here.
    await after(
      textMessage(fake.messageId(), dee, privateChat(dee), "I love Fargo and Se7en"),
      (c) => sentIn(dee.id)(c) && moreButton(c),
    );

    // Nobody has opted in yet: Ann's movie night with everyone offers the button instead.
    const alone = await inClub(
      ann,
      "movie night with everyone",
      (c) => sentIn(CLUB.id)(c) && textOf(c).includes("Nobody else"),
    );
    const offer = alone.find(
      (c) => sentIn(CLUB.id)(c) && JSON.stringify(c.payload.reply_markup ?? {}).includes("n:j"),
    )!;
    expect(textOf(offer)).toContain("press Count me in");
    for (const who of [bob, cat])
      await press(
        who,
        offer.result as Message,
        "n:j",
        (c) => sentIn(CLUB.id)(c) && textOf(c).includes("you're in"),
      );

    const night = await inClub(ann, "movie night with everyone", (c) => c.method === "sendPoll");
    expect(night.filter(sentIn(CLUB.id)).map(textOf).join("\n")).toContain(
      "Movie night for you, Bob and Cat",
    );
    expect(night.map(textOf).join("\n")).not.toContain("Dee");
    const sendPoll = night.at(-1)!;
    expect(sendPoll.payload.is_anonymous).toBe(true);
    expect(sendPoll.payload.question).toBe("Which film tonight? Movie night for Ann, Bob and Cat");
    const options = (sendPoll.payload.options as { text: string }[]).map((o) => o.text);
    expect(options.length).toBeGreaterThanOrEqual(3);
    expect(options.length).toBeLessThanOrEqual(5);
    expect(JSON.stringify(sendPoll.payload.reply_markup)).toContain('"v:c"');
    const pollMessage = sendPoll.result as Message.PollMessage;
    const pollId = pollMessage.poll.id;

    fake.polls.vote(pollId, ann.id, [1]);
    fake.polls.vote(pollId, bob.id, [1]);
    fake.polls.vote(pollId, cat.id, [0]);
    // Bob didn't ask: his press is a notification, and the poll stays open.
    const refused = await press(bob, pollMessage, "v:c", answered);
    expect(refused.at(-1)!.payload.text).toContain("Only Ann");
    expect(fake.callsOf("stopPoll")).toHaveLength(0);

    const closed = await press(
      ann,
      pollMessage,
      "v:c",
      (c) => sentIn(CLUB.id)(c) && textOf(c).startsWith("Tonight:"),
    );
    const stop = closed.find((c) => c.method === "stopPoll")!;
    expect(stop.payload).toMatchObject({ chat_id: CLUB.id, message_id: pollMessage.message_id });
    const announced = closed.at(-1)!;
    expect(textOf(announced)).toContain(`Tonight: ${options[1]}, with 2 of 3 votes`);
    // Seen for each member: the film the poll named second.
    const [winner] = await seen(ann);
    expect(displayName(app.catalogue.byId(winner!)!)).toBe(options[1]);
    for (const who of [ann, bob, cat]) expect(await seen(who)).toContain(winner);
    expect(await seen(dee)).not.toContain(winner);

    // A second press on the closed poll changes nothing: no stopPoll, no announcement.
    const again = await press(ann, pollMessage, "v:c", answered);
    expect(again.at(-1)!.payload.text).toContain("no movie-night vote open here");
    expect(fake.callsOf("stopPoll")).toHaveLength(1);
    expect(() => fake.polls.vote(pollId, dee.id, [0])).toThrow(/closed/);

    // A later list leaves the winner out; a tie goes to the film higher in the list.
    const next = await inClub(
      ann,
      "movie night with everyone",
      (c) => c.method === "sendPoll" && c.payload.chat_id === CLUB.id,
    );
    const second = next.at(-1)!;
    const options2 = (second.payload.options as { text: string }[]).map((o) => o.text);
    expect(options2).not.toContain(options[1]);
    const secondMessage = second.result as Message.PollMessage;
    fake.polls.vote(secondMessage.poll.id, ann.id, [2]);
    fake.polls.vote(secondMessage.poll.id, bob.id, [1]);
    const tie = await press(
      ann,
      secondMessage,
      "v:c",
      (c) => sentIn(CLUB.id)(c) && textOf(c).startsWith("Tonight:"),
    );
    expect(textOf(tie.at(-1)!)).toContain(`Tonight: ${options2[1]}, with 1 of 2 votes`);
  });
});

describe("the fake refuses polls over Telegram's limits", () => {
  const call = async (method: string, payload: object) => {
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    return {
      status: res.status,
      body: (await res.json()) as { description?: string; result?: Message.PollMessage },
    };
  };
  const options = (n: number, text = "Heat (1995)") => Array.from({ length: n }, () => ({ text }));
  // A group of its own: the movie nights above spent CLUB's flood allowance (20 a window).
  const LIMITS_GROUP = -9_300;
  const send = (extra: object) =>
    call("sendPoll", { chat_id: LIMITS_GROUP, question: "Tonight?", options: options(2), ...extra });

  test("a question of 300 characters passes, 301 is refused", async () => {
    expect((await send({ question: "q".repeat(POLL_LIMITS.question) })).status).toBe(200);
    const r = await send({ question: "q".repeat(POLL_LIMITS.question + 1) });
    expect(r.status).toBe(400);
    expect(r.body.description).toContain("question");
  });

  test("2 to 10 options pass; 1 and 11 are refused", async () => {
    for (const n of [2, 10]) expect((await send({ options: options(n) })).status).toBe(200);
    for (const n of [1, 11]) expect((await send({ options: options(n) })).status).toBe(400);
  });

  test("an option of 100 characters passes, 101 is refused", async () => {
    expect((await send({ options: options(2, "a".repeat(100)) })).status).toBe(200);
    const r = await send({ options: options(2, "a".repeat(101)) });
    expect(r.status).toBe(400);
    expect(r.body.description).toContain("options");
  });

  test("open_period 600 s passes, 601 is refused", async () => {
    expect((await send({ open_period: 600 })).status).toBe(200);
    expect((await send({ open_period: 601 })).status).toBe(400);
  });

  test("stopPoll stops once, and not a message without a poll", async () => {
    const made = (await send({})).body.result!;
    const stop = () => call("stopPoll", { chat_id: LIMITS_GROUP, message_id: made.message_id });
    const first = await stop();
    expect(first.status).toBe(200);
    expect((first.body.result as unknown as { is_closed: boolean }).is_closed).toBe(true);
    expect((await stop()).body.description).toContain("already been closed");
    expect((await call("stopPoll", { chat_id: LIMITS_GROUP, message_id: 1 })).status).toBe(400);
    expect(fake.polls.pollUpdate(made.poll.id).poll.is_closed).toBe(true);
  });
});
