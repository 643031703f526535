// What `matinee start --shards` builds and refuses, without spawning shards.
import { join } from "node:path";
import type { ShardingManager } from "discord.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  gatewayAdvice,
  identifyDelayMs,
  MATINEE_BIN,
  parseShards,
  shardingManagerFor,
  shardingProblem,
  shardOfEnv,
} from "../../bot/commands/shards.ts";
import { loadConfig } from "../../bot/config.ts";
import { UserFacingError } from "../../core/errors.ts";
import { FakeDiscord } from "../discord/fake-discord/fake-discord.ts";
import { APP_ID, TEXT_CHANNEL } from "../discord/fake-discord/fixtures.ts";
import { TOKEN } from "../discord/fake-discord/harness.ts";
import { runCli, tempDir } from "../helpers/app.ts";
import { REPO_ROOT } from "../helpers/paths.ts";

const db = () => join(tempDir("matinee-shards-"), "store.db");

describe("--shards values", () => {
  test('"auto" or a whole number of shards; anything else is one line', () => {
    expect(parseShards("auto")).toBe("auto");
    expect(parseShards(" AUTO ")).toBe("auto");
    expect(parseShards("4")).toBe(4);
    for (const bad of ["0", "-1", "2.5", "many", "", "5000"]) {
      expect(() => parseShards(bad)).toThrow(UserFacingError);
      expect(() => parseShards(bad)).toThrow(/^--shards takes "auto" or a number of shards from 1 to 1024/);
    }
  });

  test("a shard process reads its shard from the environment a ShardingManager sets", () => {
    expect(shardOfEnv({})).toBeUndefined();
    expect(shardOfEnv({ SHARDS: "0" })).toBeUndefined();
    expect(shardOfEnv({ SHARDING_MANAGER: "true", SHARDS: "1", SHARD_COUNT: "2" })).toEqual({
      ids: [1],
      count: 2,
    });
    expect(shardOfEnv({ SHARDING_MANAGER: "true", SHARDS: "[0,1]", SHARD_COUNT: "4" })).toEqual({
      ids: [0, 1],
      count: 4,
    });
    expect(() => shardOfEnv({ SHARDING_MANAGER: "true", SHARDS: "2", SHARD_COUNT: "2" })).toThrow(
      UserFacingError,
    );
    expect(() => shardOfEnv({ SHARDING_MANAGER: "true", SHARDS: "x", SHARD_COUNT: "2" })).toThrow(
      UserFacingError,
    );
  });

  test("shards start no faster than Discord's IDENTIFY limit (max_concurrency per 5 s)", () => {
    expect(identifyDelayMs(1)).toBe(5500);
    expect(identifyDelayMs(16)).toBe(344);
    // 16 shards in a row, one bucket each, then the 17th is a full window after the first.
    expect(identifyDelayMs(16) * 16).toBeGreaterThanOrEqual(5500);
  });
});

describe("the ShardingManager", () => {
  const saved = { ...process.env };
  afterAll(() => {
    // The manager's constructor marks this process as a sharding manager; undo it for the file.
    for (const key of ["SHARDING_MANAGER", "SHARDING_MANAGER_MODE", "DISCORD_TOKEN"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  test("is built over `matinee start` in processes, respawning, with the data folder passed on", () => {
    // mode and execArgv are set by the constructor but missing from discord.js's typings.
    const manager = shardingManagerFor(3, TOKEN, "/data/movielens") as ShardingManager & {
      mode: string;
      execArgv: string[];
    };
    expect(manager.file).toBe(join(REPO_ROOT, "bot/bin.js"));
    expect(MATINEE_BIN).toBe(manager.file);
    expect(manager.totalShards).toBe(3);
    expect(manager.mode).toBe("process");
    expect(manager.respawn).toBe(true);
    expect(manager.token).toBe(TOKEN);
    expect(manager.shardArgs).toEqual(["start", "--data", "/data/movielens"]);
    expect(manager.execArgv).toEqual([]);
    expect(shardingManagerFor(2, TOKEN).shardArgs).toEqual(["start"]);
  });
});

describe("what cannot run as shards", () => {
  const env = (extra: Record<string, string>) => loadConfig({ MATINEE_STORE_PATH: db(), ...extra });

  test("no Discord token, a Telegram token, a JSON store, or metrics ports past 65535", () => {
    expect(shardingProblem(env({}), 2)).toMatch(/^--shards runs the Discord bot .*DISCORD_TOKEN/);
    expect(shardingProblem(env({ DISCORD_TOKEN: TOKEN, TELEGRAM_TOKEN: "1:x" }), 2)).toMatch(
      /^--shards is for Discord only/,
    );
    expect(
      shardingProblem(
        loadConfig({ DISCORD_TOKEN: TOKEN, MATINEE_STORE_PATH: join(tempDir(), "store.json") }),
        2,
      ),
    ).toMatch(/one-process JSON store/);
    expect(shardingProblem(env({ DISCORD_TOKEN: TOKEN, MATINEE_METRICS_PORT: "65535" }), 2)).toMatch(
      /MATINEE_METRICS_PORT/,
    );
    expect(shardingProblem(env({ DISCORD_TOKEN: TOKEN, MATINEE_METRICS_PORT: "9464" }), 2)).toBeUndefined();
    expect(
      shardingProblem(env({ DISCORD_TOKEN: TOKEN, MATINEE_DATABASE_URL: "postgres://u:p@127.0.0.1:1/x" }), 2),
    ).toBeUndefined();
  });

  test("each is one line from the command, before anything loads", async () => {
    const cases: [Record<string, string>, string[], RegExp][] = [
      [{ MATINEE_STORE_PATH: db() }, ["start", "--shards", "2"], /DISCORD_TOKEN/],
      [
        { MATINEE_STORE_PATH: db(), DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: APP_ID, TELEGRAM_TOKEN: "1:x" },
        ["start", "--shards", "2"],
        /--shards is for Discord only/,
      ],
      [{ DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: APP_ID }, ["start", "--shards", "2"], /JSON store/],
      [{ MATINEE_STORE_PATH: db() }, ["start", "--shards", "lots"], /--shards takes "auto"/],
    ];
    for (const [env, args, message] of cases) {
      const r = await runCli(args, { env });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain(TOKEN);
    }
  }, 60_000);
});

describe("asking Discord how many shards", () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = new FakeDiscord({ token: TOKEN, channels: [TEXT_CHANNEL], shards: 3, maxConcurrency: 4 });
    await fake.start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  test("reads /gateway/bot at DISCORD_API_URL; a wrong token is one line", async () => {
    expect(await gatewayAdvice(TOKEN, fake.restApi)).toEqual({ shards: 3, maxConcurrency: 4 });
    await expect(gatewayAdvice("wrong-token", fake.restApi)).rejects.toThrow(
      "Discord rejected DISCORD_TOKEN (401 Unauthorized).",
    );
    expect(fake.requests.filter((r) => r.path === "/gateway/bot")).toHaveLength(2);
  });
});
