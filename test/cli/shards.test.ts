// `matinee start --shards`: the real command spawns real shard processes (discord.js's
// ShardingManager) against the fake Discord, which requires two shards of this bot.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { openStore } from "../../bot/store/open-store.ts";
import type { StoreBackend } from "../../core/store/backend.ts";
import { userKey } from "../../core/store/store.ts";
import { FakeDiscord, type RecordedRequest } from "../discord/fake-discord/fake-discord.ts";
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
  slashCommand,
  TEXT_CHANNEL,
} from "../discord/fake-discord/fixtures.ts";
import { customIds, hasMorePicks, sentBody, TOKEN } from "../discord/fake-discord/harness.ts";
import { cliEnv, sharedApp, tempDir } from "../helpers/app.ts";
import { REPO_ROOT } from "../helpers/paths.ts";

const app = await sharedApp();

let fake: FakeDiscord;
let manager: ChildProcess;
let managerExit: Promise<[number | null, NodeJS.Signals | null]>;
let stderr = "";
let storePath: string;
let store: StoreBackend;

/** The manager's and its shards' JSON log lines (the shards write to the manager's stderr). */
const logLines = () =>
  stderr.split("\n").flatMap((l) => {
    try {
      return [JSON.parse(l) as { msg?: string; shard?: number | number[]; pid?: number }];
    } catch {
      return [];
    }
  });

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what}; stderr:\n${stderr.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const annProfile = async () => (await store.get(userKey("discord", ANN.id)))?.profile;

beforeAll(async () => {
  fake = new FakeDiscord({
    token: TOKEN,
    shards: 2,
    // A large bot's limit: the second shard may identify without the 5 s wait.
    maxConcurrency: 16,
    guilds: [GUILD, OTHER_GUILD],
    channels: [TEXT_CHANNEL, OTHER_CHANNEL, dmChannelOf(ANN)],
  });
  await fake.start();
  storePath = join(tempDir("matinee-shards-"), "store.db");
  manager = spawn(process.execPath, [join(REPO_ROOT, "bot/bin.js"), "start", "--shards", "auto"], {
    cwd: REPO_ROOT,
    env: {
      ...cliEnv(),
      MATINEE_STORE_PATH: storePath,
      MATINEE_LOG_LEVEL: "info",
      DISCORD_TOKEN: TOKEN,
      DISCORD_APP_ID: APP_ID,
      DISCORD_API_URL: fake.restApi,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  manager.stderr!.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  managerExit = once(manager, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  // Online for the manager too: it logs each shard's process once that shard reports ready.
  await until("both shards online", () => (shardPids().size >= 2 ? true : undefined), 90_000);
  store = await openStore(loadConfig({ MATINEE_STORE_PATH: storePath }));
}, 120_000);

afterAll(async () => {
  if (manager && manager.exitCode === null && manager.signalCode === null) {
    manager.kill("SIGKILL");
    await managerExit;
  }
  await store?.close();
  await fake?.close();
});

const cardsIn = (channelId: string): RecordedRequest[] =>
  fake.requests.filter(
    (r) => r.path === `/channels/${channelId}/messages` && (r.body?.embeds ?? []).length > 0,
  );
/** A list message's 👍/👀 button for its card `n` (0-based), and that card's film. */
const cardOf = (r: RecordedRequest, n: number) => {
  const like = customIds(r).filter((id) => id.startsWith("f:l:"))[n]!;
  const movieId = Number(/^f:l:(\d+)@/.exec(like)![1]);
  return { movieId, like, seen: customIds(r).find((id) => id.startsWith(`f:s:${movieId}@`))! };
};
const shardPids = () =>
  new Map(
    logLines()
      .filter((l) => l.msg === "shard online" && typeof l.pid === "number")
      .map((l) => [l.shard as number, l.pid!]),
  );
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("matinee start --shards auto", () => {
  test("asks Discord how many shards it needs and runs each in its own process", () => {
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const pids = shardPids();
    expect([...pids.keys()].sort()).toEqual([0, 1]);
    expect(new Set([...pids.values(), manager.pid]).size).toBe(3);
    expect(stderr).not.toContain(TOKEN);
  });

  test("a 👍 pressed on shard 1's list lands in the profile shard 0 answers from, also after shard 1 died", async () => {
    fake.dispatch(
      "MESSAGE_CREATE",
      messageCreate(`<@${BOT_USER.id}> I love Heat and Alien`, ANN, { kind: "guild" }, [BOT_USER]),
    );
    await fake.waitFor((r) => r.path === `/channels/${TEXT_CHANNEL.id}/messages` && hasMorePicks(r), 60_000);
    const [list] = cardsIn(TEXT_CHANNEL.id);
    const first = cardOf(list!, 0);
    const second = cardOf(list!, 1);
    fake.dispatchInteraction(buttonPress(first.like, list!.message!, ANN, { kind: "guild" }));
    await until("the 👍 in the store", async () =>
      (await annProfile())?.liked.some((e) => e.movieId === first.movieId) ? true : undefined,
    );

    // Shard 1's process dies; the manager starts another, which knows whose list it is only
    // from the message's buttons, and the profile only from the store.
    const pid = shardPids().get(1)!;
    process.kill(pid, "SIGKILL");
    await until("shard 1 back", () => (shardPids().get(1) !== pid ? true : undefined), 90_000);
    expect(fake.identifies.at(-1)!.shard).toEqual([1, 2]);
    fake.dispatchInteraction(
      buttonPress(second.seen, fake.messages.get(list!.message!.id)!, ANN, { kind: "guild" }),
    );
    await until("the 👀 in the store", async () =>
      (await annProfile())?.seen.some((e) => e.movieId === second.movieId) ? true : undefined,
    );

    // A DM goes to shard 0, another process: its /profile names both films.
    const profile = slashCommand("profile", [], ANN, { kind: "dm", channel: dmChannelOf(ANN) });
    fake.dispatchInteraction(profile);
    const answer = await fake.waitFor(
      (r) => r.path === `/interactions/${profile.id}/${profile.token}/callback`,
      30_000,
    );
    const text = String(sentBody(answer).content);
    for (const { movieId } of [first, second]) expect(text).toContain(app.catalogue.byId(movieId)!.title);
  }, 150_000);

  test("SIGTERM stops the manager and every shard process", async () => {
    const pids = [...shardPids().values()];
    manager.kill("SIGTERM");
    const [code] = await managerExit;
    expect(code).toBe(0);
    await until("the shards gone", () => (pids.every((p) => !alive(p)) ? true : undefined), 20_000);
    expect(stderr).toContain("shutting down the shards");
  }, 60_000);
});
