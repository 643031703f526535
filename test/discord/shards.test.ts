// Two Discord shards, each a client with its own connection to one SQLite file (as two shard
// processes have), against a fake gateway that routes like Discord: a server's events to its
// shard, DMs to shard 0. What one shard did must be what the other reads.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type DiscordBot, startDiscordBot } from "../../adapters/discord/client.ts";
import { UserFacingError } from "../../core/errors.ts";
import { silentLog } from "../../core/log.ts";
import { createMatinee, type Matinee } from "../../core/matinee.ts";
import type { StoreBackend } from "../../core/store/backend.ts";
import { userKey } from "../../core/store/store.ts";
import { sharedApp } from "../helpers/app.ts";
import { BACKENDS, open } from "../store/backends.ts";
import { FakeDiscord, type RecordedRequest } from "./fake-discord/fake-discord.ts";
import {
  ANN,
  APP_ID,
  BOT_USER,
  buttonPress,
  dmChannelOf,
  GUILD,
  messageCreate,
  OTHER_CHANNEL,
  OTHER_GUILD,
  shardOfGuild,
  slashCommand,
  TEXT_CHANNEL,
} from "./fake-discord/fixtures.ts";
import { customIds, hasMorePicks, sentBody, TOKEN } from "./fake-discord/harness.ts";

const app = await sharedApp();
const SHARDS = 2;

let fake: FakeDiscord;
let env: Record<string, string>;
/** One store connection per shard "process", as each shard process opens the file itself. */
const stores = new Map<number, StoreBackend>();
const bots = new Map<number, DiscordBot>();
/** Which shard's core each event reached: "<shard> <what>". */
const handled: string[] = [];

async function startShard(id: number): Promise<void> {
  const store = await open(env);
  const core = createMatinee({
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    store,
    pageSize: 5,
  });
  const matinee: Matinee = {
    ...core,
    handle(event) {
      const what = "text" in event ? "text" : "action" in event ? event.action.type : "upload";
      handled.push(`${id} ${what}`);
      return core.handle(event);
    },
  };
  stores.set(id, store);
  bots.set(
    id,
    await startDiscordBot({
      matinee,
      token: TOKEN,
      applicationId: APP_ID,
      log: silentLog,
      restApi: fake.restApi,
      shards: { ids: [id], count: SHARDS },
    }),
  );
}

async function stopShard(id: number): Promise<void> {
  await bots.get(id)?.stop();
  await stores.get(id)?.close();
  bots.delete(id);
  stores.delete(id);
}

beforeAll(async () => {
  fake = new FakeDiscord({
    token: TOKEN,
    shards: SHARDS,
    guilds: [GUILD, OTHER_GUILD],
    channels: [TEXT_CHANNEL, OTHER_CHANNEL, dmChannelOf(ANN)],
  });
  await fake.start();
  env = await BACKENDS.find((b) => b.name === "sqlite")!.fresh();
  for (let id = 0; id < SHARDS; id++) await startShard(id);
});

afterAll(async () => {
  for (const id of [...bots.keys()]) await stopShard(id);
  await fake?.close();
});

const cardsIn = (channelId: string, from: number): RecordedRequest[] =>
  fake.requests
    .slice(from)
    .filter((r) => r.path === `/channels/${channelId}/messages` && (r.body?.embeds ?? []).length > 0);
/** The films of a list message, in order (from each card row's ≈ button). */
const moviesOf = (r: RecordedRequest) =>
  customIds(r).flatMap((id) => {
    const m = /^s:(\d+)@/.exec(id);
    return m ? [Number(m[1])] : [];
  });

/** Polls a shard's own store connection until `test` holds for Ann's profile. */
async function annOnShard(id: number, test: (liked: number[], seen: number[]) => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const p = (await stores.get(id)!.get(userKey("discord", ANN.id)))?.profile;
    const liked = p?.liked.map((e) => e.movieId) ?? [];
    const seen = p?.seen.map((e) => e.movieId) ?? [];
    if (test(liked, seen)) return;
    if (Date.now() > deadline) throw new Error(`shard ${id} never saw it: liked ${liked}, seen ${seen}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("two shards on one store", () => {
  test("each shard identifies with [id, 2] and gets only its own server", () => {
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(shardOfGuild(GUILD.id, SHARDS)).toBe(1);
    expect(shardOfGuild(OTHER_GUILD.id, SHARDS)).toBe(0);
    expect([...bots.get(1)!.client.guilds.cache.keys()]).toEqual([GUILD.id]);
    expect([...bots.get(0)!.client.guilds.cache.keys()]).toEqual([OTHER_GUILD.id]);
  });

  test("a list sent by shard 1, its buttons pressed before and after shard 1 restarted: the profile shard 0 reads", async () => {
    const from = fake.requests.length;
    handled.length = 0;
    fake.dispatch(
      "MESSAGE_CREATE",
      messageCreate(`<@${BOT_USER.id}> I love Heat and Alien`, ANN, { kind: "guild" }, [BOT_USER]),
    );
    await fake.waitFor((r) => r.path === `/channels/${TEXT_CHANNEL.id}/messages` && hasMorePicks(r));
    const lists = cardsIn(TEXT_CHANNEL.id, from);
    expect(lists).toHaveLength(1);
    expect(handled).toEqual(["1 text"]);
    const list = lists[0]!.message!;
    const [first, second] = moviesOf(lists[0]!);
    const pressed = (movieId: number, signal: string) =>
      customIds(lists[0]!).find((id) => id.startsWith(`f:${signal}:${movieId}@`))!;

    // 👍 in the server goes to shard 1, which sent the list; the press edits it in place.
    const like = buttonPress(pressed(first!, "l"), list, ANN, { kind: "guild" });
    fake.dispatchInteraction(like);
    await annOnShard(0, (liked) => liked.includes(first!));

    // Shard 1's process is replaced: nothing it kept in memory survives, only the store and
    // the message (whose buttons say whose list it is).
    await stopShard(1);
    await startShard(1);
    await fake.whenReady(SHARDS);
    const seen = buttonPress(pressed(second!, "s"), fake.messages.get(list.id)!, ANN, { kind: "guild" });
    fake.dispatchInteraction(seen);
    await annOnShard(0, (_, seen) => seen.includes(second!));
    await fake.waitFor((r) => r.path.includes(`/${seen.id}/`) && r.body?.type === 7);
    expect(handled).toEqual(["1 text", "1 feedback", "1 feedback"]);
    const updates = fake.requests.filter((r) => r.path.endsWith("/callback") && r.body?.type === 7);
    expect(updates.map((r) => r.message?.id)).toEqual([list.id, list.id]);
    // /profile in a DM goes to shard 0, whose answer names both.
    const profile = slashCommand("profile", [], ANN, { kind: "dm", channel: dmChannelOf(ANN) });
    fake.dispatchInteraction(profile);
    const answer = await fake.waitFor(
      (r) => r.path === `/interactions/${profile.id}/${profile.token}/callback`,
    );
    expect(handled.at(-1)).toBe("0 profile");
    const text = String(sentBody(answer).content);
    const titleOf = (id: number) => app.catalogue.byId(id)!.title;
    expect(text).toContain(titleOf(first!));
    expect(text).toContain(titleOf(second!));
  });

  test("a list continued on the other shard does not repeat what the first shard showed", async () => {
    const from = fake.requests.length;
    // "more" in the other server (shard 0) continues the conversation shard 1 started.
    fake.dispatch(
      "MESSAGE_CREATE",
      messageCreate(`<@${BOT_USER.id}> more`, ANN, { kind: "guild", channel: OTHER_CHANNEL }, [BOT_USER]),
    );
    await fake.waitFor((r) => r.path === `/channels/${OTHER_CHANNEL.id}/messages` && hasMorePicks(r));
    expect(handled.at(-1)).toBe("0 text");
    const shownBefore = new Set(cardsIn(TEXT_CHANNEL.id, 0).flatMap(moviesOf));
    const more = cardsIn(OTHER_CHANNEL.id, from).flatMap(moviesOf);
    expect(more.length).toBeGreaterThan(0);
    expect(more.filter((id) => shownBefore.has(id))).toEqual([]);
  });

  test("a client without shard info is refused by a bot that needs two shards, with one line", async () => {
    const store = await open(env);
    try {
      const error = await startDiscordBot({
        matinee: createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store }),
        token: TOKEN,
        applicationId: APP_ID,
        log: silentLog,
        restApi: fake.restApi,
        startTimeoutMs: 10_000,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(fake.refusedIdentifies.map((r) => r.code)).toContain(4011);
      expect(error).toBeInstanceOf(UserFacingError);
      expect((error as Error).message).toMatch(/shards/);
      expect((error as Error).message).not.toContain("\n");
    } finally {
      await store.close();
    }
  });
});
