// A movie night that ends in a vote, on Discord: the real discord.js client against the fake
// Discord. People tell films and opt in, one asks, a native poll opens with 3–5 films, people
// vote, the poll ends (expired by the asker's "close vote", or its time up), the winner is
// announced and seen for each member. The fake's poll limits are checked one by one.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodeButton } from "../../core/reply/actions.ts";
import { userKey } from "../../core/store/store.ts";
import { sharedApp } from "../helpers/app.ts";
import { FakeDiscord, type FakeMessage, type RecordedRequest } from "./fake-discord/fake-discord.ts";
import {
  ANN,
  BOB,
  BOT_USER,
  buttonPress,
  CAT,
  DEE,
  dmChannelOf,
  EVE,
  type FakeUser,
  messageCreate,
  type Place,
  slashCommand,
  TEXT_CHANNEL,
} from "./fake-discord/fixtures.ts";
import { type Harness, hasMorePicks, sentBody, startHarness, TOKEN } from "./fake-discord/harness.ts";
import { POLL_LIMITS } from "./fake-discord/polls.ts";

const HERE: Place = { kind: "guild" };
const dm = (who: FakeUser): Place => ({ kind: "dm", channel: dmChannelOf(who) });

let h: Harness;
beforeAll(async () => {
  h = await startHarness(await sharedApp());
});
afterAll(async () => {
  await h?.stop();
});

const seen = async (who: FakeUser) =>
  ((await h.store.get(userKey("discord", who.id)))?.profile.seen ?? []).map((e) => e.movieId);
const postedTo = (channelId: string) => (r: RecordedRequest) =>
  r.method === "POST" && r.path === `/channels/${channelId}/messages`;
const answersOf = (m: FakeMessage) =>
  (m.poll as { answers: { poll_media: { text: string } }[] }).answers.map((a) => a.poll_media.text);
const announcements = () =>
  [...h.fake.messages.values()].filter(
    (m) => m.channel_id === TEXT_CHANNEL.id && m.content.startsWith("Tonight:"),
  );

/**
 * Says something to the bot in the server channel (a mention) and waits for the answer's
 * first message (it quotes the question), or for a later one that passes `done`.
 */
async function mention(
  who: FakeUser,
  text: string,
  done?: (r: RecordedRequest) => boolean,
): Promise<RecordedRequest> {
  const said = messageCreate(`<@${BOT_USER.id}> ${text}`, who, HERE, [BOT_USER]);
  h.fake.dispatch("MESSAGE_CREATE", said);
  const first = await h.fake.waitFor(
    (r) => postedTo(TEXT_CHANNEL.id)(r) && sentBody(r).message_reference?.message_id === said.id,
  );
  if (!done) return first;
  const from = h.fake.requests.indexOf(first);
  return h.fake.waitFor((r) => h.fake.requests.indexOf(r) >= from && postedTo(TEXT_CHANNEL.id)(r) && done(r));
}
const listed = hasMorePicks;

/** Dispatches an interaction and waits for the bot's poll message (the movie night's last). */
async function movieNightPoll(i: { token: string }): Promise<FakeMessage> {
  const before = new Set(h.fake.polls.pollsIn(TEXT_CHANNEL.id).map((m) => m.id));
  h.fake.dispatchInteraction(i as Parameters<Harness["fake"]["dispatchInteraction"]>[0]);
  const r = await h.fake.waitFor(
    (r) => r.path.includes(i.token) && r.message?.poll !== undefined && !before.has(r.message.id),
  );
  return r.message!;
}

describe("movie night that ends in a vote", () => {
  test("tell, opt in, ask: a poll of 3–5 films; votes; the asker closes it; the winner is seen by each", async () => {
    // Films said in the channel are public: cards may name them.
    await mention(ANN, "I love Toy Story, Finding Nemo and Up", listed);
    await mention(BOB, "I love Alien, Aliens and The Terminator", listed);
    const told = await mention(CAT, "I love Amelie and Before Sunrise", listed);
    // Dee told films only in a DM and never opted in here.
    h.fake.dispatch("MESSAGE_CREATE", messageCreate("I love Fargo and Se7en", DEE, dm(DEE)));
    await h.fake.waitFor(postedTo(dmChannelOf(DEE).id));
    for (const who of [BOB, CAT]) {
      const pressed = buttonPress("n:j", told.message!, who, HERE);
      h.fake.dispatchInteraction(pressed);
      await h.fake.waitFor((r) => r.path.includes(pressed.token) && r.message !== undefined);
    }

    const night = slashCommand(
      "movienight",
      [
        { name: "user1", type: 6, value: BOB.id },
        { name: "user2", type: 6, value: CAT.id },
        { name: "user3", type: 6, value: DEE.id },
      ],
      ANN,
      HERE,
      [BOB, CAT, DEE],
    );
    const poll = await movieNightPoll(night);
    const said = h.fake.requests
      .filter((r) => r.path.includes(night.token))
      .map((r) => JSON.stringify(sentBody(r)));
    // Dee is invited, not counted.
    expect(said.join("\n")).toContain("Dee: Ann asked for a movie night with you");
    expect(said.join("\n")).toContain("Movie night for you, Bob and Cat");
    const answers = answersOf(poll);
    expect(answers.length).toBeGreaterThanOrEqual(3);
    expect(answers.length).toBeLessThanOrEqual(5);
    for (const a of answers) expect(a.length).toBeLessThanOrEqual(POLL_LIMITS.answerText);
    expect((poll.poll as { question: { text: string } }).question.text).toBe(
      "Which film tonight? Movie night for Ann, Bob and Cat",
    );
    // The cards of the list, in order, are the poll's answers (as far as each label fits);
    // in the list each card's title is numbered, as its row of buttons is.
    const cardTitles = h.fake.requests
      .filter((r) => r.path.includes(night.token))
      .flatMap((r) => (sentBody(r)?.embeds ?? []).map((e: { title: string }) => e.title.replace(/\\/g, "")));
    expect(cardTitles.slice(0, answers.length)).toEqual(answers.map((a, i) => `${i + 1}. ${a}`));

    h.fake.polls.vote(poll.id, ANN.id, [2]);
    h.fake.polls.vote(poll.id, BOB.id, [2]);
    h.fake.polls.vote(poll.id, CAT.id, [1]);
    // Only the asker closes it early.
    const refused = await mention(BOB, "close vote");
    expect(sentBody(refused).content).toContain("Only Ann");
    const expire = h.fake.waitFor((r) => r.path === `/channels/${TEXT_CHANNEL.id}/polls/${poll.id}/expire`);
    const closing = await mention(ANN, "close vote");
    expect(sentBody(closing).content).toContain("Closing the vote");
    expect((await expire).method).toBe("POST");
    const announced = await h.fake.waitFor(
      (r) => postedTo(TEXT_CHANNEL.id)(r) && String(sentBody(r).content).startsWith("Tonight:"),
    );
    const winner = answers[1]!;
    expect(sentBody(announced).content).toContain(`Tonight: ${winner}, with 2 of 3 votes`);
    expect(sentBody(announced).message_reference?.message_id).toBe(poll.id);
    // The winner's card in the list message, and its film by the card's own row of buttons.
    const titleOf = (e: { title: string }) => e.title.replace(/\\/g, "");
    const list = h.fake.requests.find(
      (r) =>
        r.path.includes(night.token) &&
        (sentBody(r)?.embeds ?? []).some((e: { title: string }) => titleOf(e) === `2. ${winner}`),
    )!;
    const at = sentBody(list).embeds.findIndex((e: { title: string }) => titleOf(e) === `2. ${winner}`);
    const row: { custom_id: string }[] = sentBody(list).components[at].components;
    const similar = row.map((b) => decodeButton(b.custom_id)?.action).find((a) => a?.type === "similar");
    const wonId = similar?.type === "similar" ? similar.movieId : undefined;
    expect(wonId).toBeDefined();
    for (const who of [ANN, BOB, CAT]) expect(await seen(who)).toContain(wonId);
    expect(await seen(DEE)).not.toContain(wonId);

    // Discord's finalized update again (a redelivery) is ignored: the channel's next answer comes, no second announcement.
    h.fake.dispatch("MESSAGE_UPDATE", poll);
    await mention(ANN, "profile");
    expect(announcements()).toHaveLength(1);

    // A later list leaves the winner out: everyone here, a tie, the poll's own time running out.
    const everyone = slashCommand(
      "movienight",
      [{ name: "everyone", type: 5, value: true } as never],
      ANN,
      HERE,
    );
    const second = await movieNightPoll(everyone);
    const said2 = h.fake.requests
      .filter((r) => r.path.includes(everyone.token))
      .map((r) => JSON.stringify(sentBody(r)));
    expect(said2.join("\n")).toContain("Movie night for you, Bob and Cat");
    expect(said2.join("\n")).not.toContain("Dee");
    const answers2 = answersOf(second);
    expect(answers2).not.toContain(winner);
    h.fake.polls.vote(second.id, ANN.id, [3]);
    h.fake.polls.vote(second.id, BOB.id, [2]);
    h.fake.polls.finalize(second);
    const tie = await h.fake.waitFor(
      (r) => postedTo(TEXT_CHANNEL.id)(r) && String(sentBody(r).content).includes(answers2[1]!),
    );
    // A tie goes to the film higher in the list.
    expect(sentBody(tie).content).toContain(`Tonight: ${answers2[1]}, with 1 of 2 votes`);
    expect(announcements()).toHaveLength(2);
  });
});

describe("the fake refuses polls over Discord's limits", () => {
  // A fake of its own, raw HTTP with no rate limit: the bot's harness fails a suite whenever
  // the fake refused something, and these refusals are on purpose.
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = new FakeDiscord({ token: TOKEN, channels: [TEXT_CHANNEL], channelMessages: false });
    await fake.start();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const send = (body: object) =>
    fetch(`${fake.restApi}/v10/channels/${TEXT_CHANNEL.id}/messages`, {
      method: "POST",
      headers: { authorization: `Bot ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const post = async (poll: object) => {
    const res = await send({ content: "", poll });
    return { status: res.status, body: (await res.json()) as { errors?: object; id?: string } };
  };
  const answers = (n: number, text = "Heat (1995)") =>
    Array.from({ length: n }, () => ({ poll_media: { text } }));
  const question = (text: string) => ({ text });

  test("a question of 300 characters passes, 301 is refused", async () => {
    expect(
      (await post({ question: question("q".repeat(300)), answers: answers(2), duration: 1 })).status,
    ).toBe(200);
    const r = await post({ question: question("q".repeat(301)), answers: answers(2), duration: 1 });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain("poll.question.text");
  });

  test("10 answers pass, 11 are refused", async () => {
    expect((await post({ question: question("Tonight?"), answers: answers(10) })).status).toBe(200);
    const r = await post({ question: question("Tonight?"), answers: answers(11) });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain("poll.answers");
  });

  test("an answer of 55 characters passes, 56 is refused", async () => {
    expect((await post({ question: question("Tonight?"), answers: answers(2, "a".repeat(55)) })).status).toBe(
      200,
    );
    const r = await post({ question: question("Tonight?"), answers: answers(2, "a".repeat(56)) });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.errors)).toContain("poll_media.text");
  });

  test("a duration of 1 and 768 hours passes, 0 and 769 are refused", async () => {
    for (const duration of [1, 768])
      expect((await post({ question: question("Tonight?"), answers: answers(2), duration })).status).toBe(
        200,
      );
    for (const duration of [0, 769]) {
      const r = await post({ question: question("Tonight?"), answers: answers(2), duration });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.errors)).toContain("poll.duration");
    }
  });

  test("expiring a poll twice, or a message without one, is refused", async () => {
    const made = await post({ question: question("Tonight?"), answers: answers(2), duration: 1 });
    const expire = (id: string) =>
      fetch(`${fake.restApi}/v10/channels/${TEXT_CHANNEL.id}/polls/${id}/expire`, {
        method: "POST",
        headers: { authorization: `Bot ${TOKEN}` },
      });
    expect((await expire(made.body.id!)).status).toBe(200);
    expect((await expire(made.body.id!)).status).toBe(400);
    const plain = (await (await send({ content: "no poll here" })).json()) as { id: string };
    expect((await expire(plain.id)).status).toBe(404);
    expect(() => fake.polls.vote(made.body.id!, EVE.id, [1])).toThrow(/ended/);
  });
});
