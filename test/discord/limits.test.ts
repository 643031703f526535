import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { slashCommands } from "../../adapters/discord/commands.ts";
import { sharedApp } from "../helpers/app.ts";
import { FakeClock } from "../helpers/fake-clock.ts";
import { FakeDiscord, INTERACTION_DEADLINES } from "./fake-discord/fake-discord.ts";
import { ANN, APP_ID, BOT_USER, messageCreate, slashCommand, TEXT_CHANNEL } from "./fake-discord/fixtures.ts";
import { type Harness, hasMorePicks, sentBody, startHarness, TOKEN } from "./fake-discord/harness.ts";
import { checkCommands } from "./fake-discord/limits.ts";
import { RateLimiter } from "./fake-discord/rate-limit.ts";

// Raw HTTP against the fake: each limit refused one past it, accepted at it (so the test fails
// if the fake stops refusing, and if it refuses too much).

let fake: FakeDiscord;
const clock = new FakeClock();
beforeAll(async () => {
  fake = new FakeDiscord({ token: TOKEN, channels: [TEXT_CHANNEL], clock, channelMessages: false });
  await fake.start();
});
afterAll(async () => {
  await fake?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: Discord's JSON answers, read as the tests need
type Json = any;

async function call(
  target: FakeDiscord,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const res = await fetch(`${target.restApi}/v10${path}`, {
    method,
    headers: { authorization: `Bot ${TOKEN}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const post = (body: unknown) => call(fake, "POST", `/channels/${TEXT_CHANNEL.id}/messages`, body);

/** A 400 Invalid Form Body naming the field at `path`; the inner error's code. */
function formError(answer: { status: number; body: Json }, path: (string | number)[]): string {
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ code: 50035, message: "Invalid Form Body" });
  let node = answer.body.errors;
  for (const key of path) {
    expect(node, `errors at ${path.join(".")}`).toHaveProperty(String(key));
    node = node[String(key)];
  }
  expect(node._errors.length).toBeGreaterThan(0);
  return node._errors[0].code;
}

const x = (n: number) => "x".repeat(n);
const button = (custom_id: string, extra: object = {}) => ({
  type: 2,
  style: 2,
  label: "Go",
  custom_id,
  ...extra,
});
const row = (...components: object[]) => ({ type: 1, components });

describe("messages (POST /channels/{id}/messages)", () => {
  test("content: 2,000 characters go, 2,001 are refused", async () => {
    expect((await post({ content: x(2000) })).status).toBe(200);
    expect(formError(await post({ content: x(2001) }), ["content"])).toBe("BASE_TYPE_MAX_LENGTH");
  });

  test("a message with nothing to show is 50006", async () => {
    for (const body of [{}, { content: "" }, { content: "   ", embeds: [], components: [] }]) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ code: 50006, message: "Cannot send an empty message" });
    }
    expect((await post({ embeds: [{ title: "a card" }] })).status).toBe(200);
    expect((await post({ components: [row(button("a"))] })).status).toBe(200);
  });

  test("embeds: 10 per message, 11 refused", async () => {
    const embeds = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `card ${i}` }));
    expect((await post({ embeds: embeds(10) })).status).toBe(200);
    formError(await post({ embeds: embeds(11) }), ["embeds"]);
  });

  test.each([
    ["title", 256, (n: number) => ({ title: x(n) }), ["title"]],
    ["description", 4096, (n: number) => ({ description: x(n) }), ["description"]],
    ["footer text", 2048, (n: number) => ({ footer: { text: x(n) } }), ["footer", "text"]],
    ["author name", 256, (n: number) => ({ author: { name: x(n) } }), ["author", "name"]],
    ["field name", 256, (n: number) => ({ fields: [{ name: x(n), value: "v" }] }), ["fields", 0, "name"]],
    ["field value", 1024, (n: number) => ({ fields: [{ name: "n", value: x(n) }] }), ["fields", 0, "value"]],
    [
      "fields",
      25,
      (n: number) => ({ fields: Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: "v" })) }),
      ["fields"],
    ],
  ] as const)("embed %s: %i goes, one more is refused", async (_, limit, embed, path) => {
    expect((await post({ embeds: [embed(limit)] })).status).toBe(200);
    formError(await post({ embeds: [embed(limit + 1)] }), ["embeds", 0, ...path]);
  });

  test("an embed field needs a name and a value", async () => {
    formError(await post({ embeds: [{ fields: [{ name: "", value: "v" }] }] }), [
      "embeds",
      0,
      "fields",
      0,
      "name",
    ]);
    formError(await post({ embeds: [{ fields: [{ name: "n" }] }] }), ["embeds", 0, "fields", 0, "value"]);
  });

  test("all embeds' text together: 6,000 go, 6,001 are refused", async () => {
    const two = (a: number, b: number) => ({
      embeds: [{ description: x(a) }, { title: "t", description: x(b) }],
    });
    expect((await post(two(3000, 2999))).status).toBe(200);
    expect(formError(await post(two(3000, 3000)), ["embeds"])).toBe("MAX_EMBED_SIZE_EXCEEDED");
  });

  test("components: 5 action rows of 5 buttons; a select menu fills its row", async () => {
    const rows = (n: number, per: number) =>
      Array.from({ length: n }, (_, r) => row(...Array.from({ length: per }, (_, b) => button(`${r}-${b}`))));
    expect((await post({ components: rows(5, 5) })).status).toBe(200);
    formError(await post({ components: rows(6, 1) }), ["components"]);
    formError(await post({ components: rows(1, 6) }), ["components", 0, "components"]);
    formError(await post({ components: [row()] }), ["components", 0, "components"]);
    const select = { type: 3, custom_id: "pick", options: [{ label: "a", value: "a" }] };
    expect((await post({ components: [row(select)] })).status).toBe(200);
    expect(
      formError(await post({ components: [row(select, button("b"))] }), ["components", 0, "components"]),
    ).toBe("COMPONENT_LAYOUT_WIDTH_EXCEEDED");
  });

  test("custom_id: 1–100 characters, unique within the message", async () => {
    expect((await post({ components: [row(button(x(100)))] })).status).toBe(200);
    formError(await post({ components: [row(button(x(101)))] }), [
      "components",
      0,
      "components",
      0,
      "custom_id",
    ]);
    formError(await post({ components: [row(button(""))] }), ["components", 0, "components", 0, "custom_id"]);
    const duplicated = await post({ components: [row(button("a")), row(button("b"), button("a"))] });
    expect(formError(duplicated, ["components", 1, "components", 1, "custom_id"])).toBe(
      "COMPONENT_CUSTOM_ID_DUPLICATED",
    );
  });

  test("button label: 80 characters go, 81 are refused; a button needs a label or an emoji", async () => {
    const at = ["components", 0, "components", 0, "label"];
    expect((await post({ components: [row(button("a", { label: x(80) }))] })).status).toBe(200);
    formError(await post({ components: [row(button("a", { label: x(81) }))] }), at);
    formError(await post({ components: [row(button("a", { label: undefined }))] }), at);
    const emojiOnly = button("a", { label: undefined, emoji: { name: "👍" } });
    expect((await post({ components: [row(emojiOnly)] })).status).toBe(200);
  });

  test("a link button has a url and no custom_id; other buttons no url", async () => {
    const link = { type: 2, style: 5, label: "TMDB", url: "https://www.themoviedb.org/movie/949" };
    expect((await post({ components: [row(link)] })).status).toBe(200);
    const at = ["components", 0, "components", 0];
    formError(await post({ components: [row({ ...link, url: undefined })] }), [...at, "url"]);
    formError(await post({ components: [row({ ...link, custom_id: "l" })] }), [...at, "custom_id"]);
    formError(await post({ components: [row(button("a", { url: link.url }))] }), [...at, "url"]);
  });
});

describe("interactions", () => {
  let n = 0;
  /** An interaction the fake dispatched (no client needed: it waits for a shard). */
  function open(type = 2): { id: string; token: string } {
    n++;
    const interaction = {
      id: `50000000000000${n}`,
      token: `token-${n}`,
      type,
      channel: { id: TEXT_CHANNEL.id },
      user: ANN,
    };
    fake.dispatchInteraction(interaction);
    return interaction;
  }
  const callback = (i: { id: string; token: string }, body: unknown) =>
    call(fake, "POST", `/interactions/${i.id}/${i.token}/callback`, body);
  const followUp = (i: { token: string }, body: unknown) =>
    call(fake, "POST", `/webhooks/${APP_ID}/${i.token}`, body);
  const editOriginal = (i: { token: string }, body: unknown) =>
    call(fake, "PATCH", `/webhooks/${APP_ID}/${i.token}/messages/@original`, body);

  test("the initial response must come within 3 s", async () => {
    const onTime = open();
    clock.advance(INTERACTION_DEADLINES.callbackMs);
    expect((await callback(onTime, { type: 4, data: { content: "on time" } })).status).toBe(204);
    const late = open();
    clock.advance(INTERACTION_DEADLINES.callbackMs + 1);
    const answer = await callback(late, { type: 5 });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ message: "Unknown interaction", code: 10062 });
  });

  test("an interaction is acknowledged once", async () => {
    const i = open();
    expect((await callback(i, { type: 5 })).status).toBe(204);
    const again = await callback(i, { type: 4, data: { content: "twice" } });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe(40060);
  });

  test("a response message has the message limits, under data", async () => {
    const i = open();
    formError(await callback(i, { type: 4, data: { content: x(2001) } }), ["data", "content"]);
    expect((await callback(i, { type: 4, data: {} })).body).toEqual({
      code: 50006,
      message: "Cannot send an empty message",
    });
    // A refused response is no response: the interaction can still be answered.
    expect((await callback(i, { type: 4, data: { content: "fine" } })).status).toBe(204);
  });

  test("autocomplete: at most 25 choices, names 1–100, values ≤ 100, within 3 s", async () => {
    const choices = (count: number, name = "Heat (1995)", value = "id:6") =>
      Array.from({ length: count }, () => ({ name, value }));
    formError(await callback(open(4), { type: 8, data: { choices: choices(26) } }), ["data", "choices"]);
    formError(await callback(open(4), { type: 8, data: { choices: choices(1, x(101)) } }), [
      "data",
      "choices",
      0,
      "name",
    ]);
    formError(await callback(open(4), { type: 8, data: { choices: choices(1, "") } }), [
      "data",
      "choices",
      0,
      "name",
    ]);
    formError(await callback(open(4), { type: 8, data: { choices: choices(1, "a", x(101)) } }), [
      "data",
      "choices",
      0,
      "value",
    ]);
    expect(
      (await callback(open(4), { type: 8, data: { choices: choices(25, x(100), x(100)) } })).status,
    ).toBe(204);
    const late = open(4);
    clock.advance(3500);
    expect((await callback(late, { type: 8, data: { choices: choices(1) } })).body.code).toBe(10062);
  });

  test("follow-ups and edits use the token for 15 minutes", async () => {
    const i = open();
    expect((await callback(i, { type: 5 })).status).toBe(204);
    clock.advance(INTERACTION_DEADLINES.tokenMs - 1000);
    expect((await editOriginal(i, { content: "edited in" })).status).toBe(200);
    formError(await followUp(i, { content: x(2001) }), ["content"]);
    expect((await followUp(i, { content: "a follow-up" })).status).toBe(200);
    clock.advance(2000);
    for (const answer of [
      await followUp(i, { content: "too late" }),
      await editOriginal(i, { content: "late" }),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: "Invalid Webhook Token", code: 50027 });
    }
  });

  test("an edit that leaves the message empty is 50006", async () => {
    const i = open();
    expect((await callback(i, { type: 4, data: { content: "hello" } })).status).toBe(204);
    expect((await editOriginal(i, { content: "" })).body.code).toBe(50006);
    formError(await editOriginal(i, { embeds: [{ title: x(257) }] }), ["embeds", 0, "title"]);
  });
});

describe("commands (PUT /applications/{id}/commands)", () => {
  const command = (extra: object = {}) => ({ name: "recommend", description: "Films for you", ...extra });
  const option = (name: string, extra: object = {}) => ({ type: 3, name, description: "d", ...extra });
  const put = (body: unknown, guild = false) =>
    call(
      fake,
      "PUT",
      guild
        ? `/applications/${APP_ID}/guilds/${TEXT_CHANNEL.guild_id}/commands`
        : `/applications/${APP_ID}/commands`,
      body,
    );

  test("Matinee's own commands are accepted, globally and in a server", async () => {
    expect(checkCommands(slashCommands())).toEqual([]);
    expect((await put(slashCommands())).status).toBe(200);
    expect((await put(slashCommands(), true)).status).toBe(200);
  });

  test.each([
    ["an upper-case name", [command({ name: "Recommend" })], [0, "name"]],
    ["a name with a space", [command({ name: "movie night" })], [0, "name"]],
    ["a 33-character name", [command({ name: x(33) })], [0, "name"]],
    ["an empty description", [command({ description: "" })], [0, "description"]],
    ["a 101-character description", [command({ description: x(101) })], [0, "description"]],
    [
      "26 options",
      [command({ options: Array.from({ length: 26 }, (_, i) => option(`o${i}`)) })],
      [0, "options"],
    ],
    [
      "two options of one name",
      [command({ options: [option("a"), option("a")] })],
      [0, "options", 1, "name"],
    ],
    [
      "a required option after an optional one",
      [command({ options: [option("a"), option("b", { required: true })] })],
      [0, "options", 1, "required"],
    ],
    [
      "26 choices",
      [
        command({
          options: [
            option("a", {
              choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })),
            }),
          ],
        }),
      ],
      [0, "options", 0, "choices"],
    ],
    [
      "a 101-character choice name",
      [command({ options: [option("a", { choices: [{ name: x(101), value: "v" }] })] })],
      [0, "options", 0, "choices", 0, "name"],
    ],
    ["two commands of one name", [command(), command()], [1, "name"]],
    [
      "a command over 4,000 characters in all",
      [
        command({
          options: Array.from({ length: 25 }, (_, i) =>
            option(`o${i}`, {
              description: x(100),
              choices: Array.from({ length: 2 }, (_, k) => ({ name: x(100), value: `${k}` })),
            }),
          ),
        }),
      ],
      [0],
    ],
  ])("refused: %s", async (_, body, path) => {
    formError(await put(body), path);
    formError(await put(body, true), path);
  });

  const ko = (n: number) => "가".repeat(n);
  test.each([
    [
      "a Korean name with a space",
      [command({ name_localizations: { ko: "영화 추천" } })],
      [0, "name_localizations", "ko"],
    ],
    [
      "an upper-case localized name",
      [command({ name_localizations: { de: "Empfehlen" } })],
      [0, "name_localizations", "de"],
    ],
    [
      "a 33-character Korean name",
      [command({ name_localizations: { ko: ko(33) } })],
      [0, "name_localizations", "ko"],
    ],
    [
      "a 101-character Korean description",
      [command({ description_localizations: { ko: ko(101) } })],
      [0, "description_localizations", "ko"],
    ],
    [
      "an empty localized description",
      [command({ description_localizations: { ko: "" } })],
      [0, "description_localizations", "ko"],
    ],
    [
      "a locale Discord doesn't have",
      [command({ name_localizations: { kr: "추천" } })],
      [0, "name_localizations", "kr"],
    ],
    [
      "an option's localized name with a space",
      [command({ options: [option("a", { name_localizations: { ko: "두 단어" } })] })],
      [0, "options", 0, "name_localizations", "ko"],
    ],
    [
      "an option's 101-character localized description",
      [command({ options: [option("a", { description_localizations: { ko: ko(101) } })] })],
      [0, "options", 0, "description_localizations", "ko"],
    ],
    [
      "a 101-character localized choice name",
      [
        command({
          options: [
            option("a", { choices: [{ name: "c", value: "v", name_localizations: { ko: ko(101) } }] }),
          ],
        }),
      ],
      [0, "options", 0, "choices", 0, "name_localizations", "ko"],
    ],
    [
      "a command over 4,000 characters in Korean only",
      [
        command({
          options: Array.from({ length: 25 }, (_, i) =>
            option(`o${i}`, {
              description_localizations: { ko: ko(100) },
              choices: Array.from({ length: 2 }, (_, k) => ({
                name: "c",
                value: `${k}`,
                name_localizations: { ko: ko(100) },
              })),
            }),
          ),
        }),
      ],
      [0],
    ],
  ])("refused (localizations): %s", async (_, body, path) => {
    formError(await put(body), path);
    formError(await put(body, true), path);
  });

  test("Matinee's commands are named and described in Korean, every option too, within Discord's limits", () => {
    const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
    for (const c of slashCommands()) {
      const koName = c.name_localizations?.ko ?? "";
      expect(koName, c.name).toMatch(NAME);
      expect(koName).toBe(koName.toLowerCase());
      expect(koName).not.toBe(c.name);
      expect(c.description_localizations?.ko?.length ?? 0, c.name).toBeGreaterThan(0);
      expect(c.description_localizations?.ko?.length ?? 0).toBeLessThanOrEqual(100);
      expect(c.description_localizations?.ko).toMatch(/\p{Script=Hangul}/u);
      for (const o of c.options ?? []) {
        expect(o.name_localizations?.ko ?? "", `${c.name} ${o.name}`).toMatch(NAME);
        expect(o.description_localizations?.ko ?? "", `${c.name} ${o.name}`).toMatch(/\p{Script=Hangul}/u);
        expect(o.description_localizations?.ko?.length ?? 0).toBeLessThanOrEqual(100);
      }
    }
  });

  test("100 chat-input commands go, 101 are refused", async () => {
    const many = (count: number) => Array.from({ length: count }, (_, i) => command({ name: `c${i}` }));
    expect((await put(many(100))).status).toBe(200);
    formError(await put(many(101)), []);
  });

  test("names: lower-case letters of any script, digits, - and _ are fine", async () => {
    expect((await put([command({ name: "film-night_2" }), command({ name: "영화" })])).status).toBe(200);
  });
});

describe("rate limits", () => {
  test("a 6th message in a channel within 5 s is 429, with Discord's headers and body", async () => {
    const limited = new FakeDiscord({ token: TOKEN, channels: [TEXT_CHANNEL] });
    await limited.start();
    try {
      const send = () => call(limited, "POST", `/channels/${TEXT_CHANNEL.id}/messages`, { content: "hi" });
      for (let i = 4; i >= 0; i--) {
        const ok = await send();
        expect(ok.status).toBe(200);
        expect(ok.headers.get("x-ratelimit-limit")).toBe("5");
        expect(ok.headers.get("x-ratelimit-remaining")).toBe(String(i));
        expect(Number(ok.headers.get("x-ratelimit-reset-after"))).toBeGreaterThan(0);
        expect(ok.headers.get("x-ratelimit-bucket")).toBeTruthy();
      }
      const refused = await send();
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ message: "You are being rate limited.", global: false });
      expect(refused.body.retry_after).toBeGreaterThan(0);
      expect(refused.body.retry_after).toBeLessThanOrEqual(5);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(refused.body.retry_after);
      expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(refused.headers.get("x-ratelimit-scope")).toBe("user");
      expect(limited.rateLimited).toHaveLength(1);
      expect([...limited.messages.values()]).toHaveLength(5);
    } finally {
      await limited.close();
    }
  });

  test("a bucket opens again when its window is over, per channel", () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000 }, "h", () => now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")].map((a) => a.limited)).toEqual([
      false,
      false,
      true,
    ]);
    expect(limiter.take("b").limited).toBe(false);
    now = 999;
    expect(limiter.take("a").limited).toBe(true);
    now = 1000;
    expect(limiter.take("a").limited).toBe(false);
  });
});

describe("the real discord.js client against the limits", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(await sharedApp(), { channelMessages: { limit: 5, windowMs: 400 } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  test("a 429 (the channel's bucket spent by another shard) is waited out and the answer still arrives", async () => {
    // Another process of the same bot (a shard, an instance) fills the channel's bucket.
    const other = () =>
      call(h.fake, "POST", `/channels/${TEXT_CHANNEL.id}/messages`, { content: "elsewhere" });
    for (let i = 0; i < 5; i++) expect((await other()).status).toBe(200);
    const ask = messageCreate(`<@${BOT_USER.id}> help`, ANN, { kind: "guild" }, [BOT_USER]);
    h.fake.dispatch("MESSAGE_CREATE", ask);
    const answered = await h.fake.waitFor(
      (r) => r.status === 200 && r.body?.message_reference?.message_id === ask.id,
    );
    expect(answered.message?.content).toContain("Slash commands");
    expect(h.fake.rateLimited.some((r) => r.body?.message_reference?.message_id === ask.id)).toBe(true);
    expect(h.fake.refused).toEqual([]);
  });

  test("work slower than 3 s: deferred in time, the list edited in minutes later while the token lives", async () => {
    h.gate.close();
    const i = slashCommand("recommend", [], ANN, { kind: "guild" });
    h.fake.dispatchInteraction(i);
    const deferred = await h.fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);
    expect(deferred.status).toBe(204);
    expect(deferred.body.type).toBe(5);
    // The core takes ten minutes: past the 3 s for a first answer, inside the token's 15 minutes.
    h.clock.advance(10 * 60_000);
    h.gate.open();
    const edit = await h.fake.waitFor((r) => r.method === "PATCH" && r.path.includes(i.token));
    expect(edit.status).toBe(200);
    // The whole list is that one edit: its text, its five cards, and "More picks".
    expect(edit.message?.content).toContain("films you might like");
    expect(sentBody(edit).embeds).toHaveLength(5);
    expect(hasMorePicks(edit)).toBe(true);
    expect(h.fake.refused).toEqual([]);
  });
});

describe("the real discord.js client against the limits, with lists longer than a message", () => {
  // A list is one message of 5 cards at the bot's page size; at a larger one it goes as
  // messages of 5, and 30 cards are more messages than the channel's bucket holds.
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(await sharedApp(), { channelMessages: { limit: 5, windowMs: 400 }, pageSize: 30 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  test("a list of cards (more messages than the bucket holds) arrives whole and in order", async () => {
    const ask = messageCreate(`<@${BOT_USER.id}> I loved Heat and Alien`, ANN, { kind: "guild" }, [BOT_USER]);
    const before = h.fake.requests.length;
    h.fake.dispatch("MESSAGE_CREATE", ask);
    const last = await h.fake.waitFor(
      (r) =>
        h.fake.requests.indexOf(r) >= before &&
        r.path === `/channels/${TEXT_CHANNEL.id}/messages` &&
        r.status === 200 &&
        hasMorePicks(r),
    );
    const sent = h.fake.requests
      .slice(before)
      .filter((r) => r.status === 200 && r.path === `/channels/${TEXT_CHANNEL.id}/messages`);
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.at(-1)).toBe(last);
    // Whole and in order: cards numbered 1 to 30 across the messages, none lost to the bucket.
    const numbers = sent.flatMap((r) =>
      (sentBody(r).embeds ?? []).map((e: Json) => Number(/^(\d+)\. /.exec(e.title)?.[1])),
    );
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(h.fake.refused).toEqual([]);
  });
});

test("a suite's harness fails when anything it saw was refused, even if no assertion looked", async () => {
  const h = await startHarness(await sharedApp());
  expect((await call(h.fake, "POST", `/channels/${TEXT_CHANNEL.id}/messages`, { content: "" })).status).toBe(
    400,
  );
  await expect(h.stop()).rejects.toThrow(/the bot sent what Discord refuses/);
});
