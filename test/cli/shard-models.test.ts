// A retrain in shard 0's process reaches the other shard processes through the manager.
import { EventEmitter } from "node:events";
import { describe, expect, test } from "vitest";
import {
  followPromoted,
  promotedMessage,
  type RelayShard,
  relayPromoted,
} from "../../bot/commands/shard-models.ts";
import type { Log } from "../../core/log.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();

function recordingLog(): { log: Log; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const keep = (level: string) => (obj: object | string, msg?: string) => {
    lines.push({ level, msg: msg ?? String(obj) });
  };
  return {
    log: { debug: keep("debug"), info: keep("info"), warn: keep("warn"), error: keep("error") },
    lines,
  };
}

/** A shard as the manager holds it: messages from its process, `send` to it. */
class FakeShard extends EventEmitter implements RelayShard {
  readonly received: unknown[] = [];
  constructor(readonly id: number) {
    super();
  }
  send(message: unknown): Promise<unknown> {
    this.received.push(message);
    return Promise.resolve(this);
  }
}

describe("the manager relays a promotion", () => {
  test("to every other shard, and nothing else discord.js says on the channel", () => {
    const shards = [0, 1, 2].map((id) => new FakeShard(id));
    const { log } = recordingLog();
    for (const shard of shards) relayPromoted(shard, () => shards, log);
    const message = promotedMessage([{ name: "blend", version: "v7" }]);
    shards[0]!.emit("message", message);
    expect(shards.map((s) => s.received)).toEqual([[], [message], [message]]);
    shards[1]!.emit("message", { _ready: true });
    shards[1]!.emit("message", { matinee: "promoted", models: [{ name: "blend" }] });
    shards[1]!.emit("message", { matinee: "promoted", models: [] });
    expect(shards.map((s) => s.received.length)).toEqual([0, 1, 1]);
  });
});

describe("a shard follows a promotion", () => {
  test("loads the promoted version into the served models; an unknown one keeps the old and says so", async () => {
    const { log, lines } = recordingLog();
    const follow = followPromoted({ models: app.models, registry: app.registry }, log);
    const promoted = await app.registry.promoted("blend");
    expect(promoted).toBeDefined();
    const before = app.models.ranker;
    await follow(promotedMessage([{ name: "blend", version: promoted!.version }]));
    // Identity as a boolean: a failing toBe deep-compares two whole models, which takes minutes.
    expect(app.models.ranker === before).toBe(false);
    expect(lines).toContainEqual({ level: "info", msg: "now serving the retrained model" });

    const served = app.models.ranker;
    await follow(promotedMessage([{ name: "blend", version: "no-such-version" }]));
    expect(app.models.ranker === served).toBe(true);
    expect(lines.at(-1)).toEqual({
      level: "error",
      msg: "could not load the model another shard promoted; still serving the previous one",
    });
    // Not a promotion: nothing happens.
    await follow({ _eval: "1 + 1" });
    expect(app.models.ranker === served).toBe(true);
  });
});
