import { Readable, Writable } from "node:stream";
import { afterEach, describe, expect, test } from "vitest";
import type { Answer } from "../../bot/commands/batch-lines.ts";
import { runBatch } from "../../bot/commands/batch-lines.ts";
import { BatchPool } from "../../bot/commands/batch-pool.ts";
import {
  type BatchServing,
  type BatchTask,
  helperSpec,
  lineAnswerer,
} from "../../bot/commands/batch-task.ts";
import { sharedApp } from "../helpers/app.ts";
import { recordingLog } from "../helpers/recording-log.ts";

const POPULAR = [1, 260, 296, 318, 356, 480, 589, 858, 1196, 2571, 6, 50, 110, 527];

/** Id lines, free text and broken lines, mixed, so helpers and this thread each get some of every kind. */
const RECOMMEND_LINES = Array.from({ length: 48 }, (_, i) => {
  if (i % 11 === 5) return "not json";
  if (i % 7 === 3)
    return JSON.stringify({ id: `t${i}`, likes: "I loved Heat and The Godfather, not a fan of dramas" });
  if (i % 13 === 8) return JSON.stringify({ id: `bad${i}`, likeIds: [] });
  return JSON.stringify({ id: `p${i}`, likeIds: [POPULAR[i % 14]!, POPULAR[(i * 5) % 14]!] });
});
const SIMILAR_LINES = [
  JSON.stringify({ id: "heat", movieId: 6 }),
  JSON.stringify({ id: "it", title: "It (2017)" }),
  JSON.stringify({ id: "nope", movieId: 424242424 }),
  ...POPULAR.map((movieId) => JSON.stringify({ id: `m${movieId}`, movieId })),
];

const pools: BatchPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

async function servingFor(k: number): Promise<BatchServing> {
  const app = await sharedApp();
  return { catalogue: app.catalogue, titles: app.titles, models: app.models, k };
}

function poolFor(
  task: BatchTask,
  serving: BatchServing,
  threads: number,
  spec = () => helperSpec(task, serving),
) {
  const { log, lines: logged } = recordingLog();
  const pool = new BatchPool(lineAnswerer(task, serving), spec, {
    threads,
    startAfter: 0,
    log,
    onBug: (error) => log.error({ err: error.message }, "bug"),
  });
  pools.push(pool);
  return { pool, logged };
}

async function run(
  answer: (line: string) => Answer | Promise<Answer>,
  lines: readonly string[],
): Promise<Answer[]> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  await runBatch(Readable.from([lines.join("\n")]), out, answer);
  return chunks
    .join("")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Answer);
}

/** What this thread alone answers, line by line: the reference every thread must match. */
const alone = (task: BatchTask, serving: BatchServing, lines: readonly string[]) =>
  lines.map((line) => JSON.parse(JSON.stringify(lineAnswerer(task, serving)(line))) as Answer);

describe("batch helper threads", () => {
  test("helpers answer a share of the lines, exactly as this thread would, in input order", async () => {
    const serving = await servingFor(20);
    const { pool } = poolFor("recommend", serving, 2);
    pool.start();
    expect(await pool.ready()).toBe(1);
    const answers = await run(pool.answer, RECOMMEND_LINES);
    expect(answers).toEqual(alone("recommend", serving, RECOMMEND_LINES));
    expect(pool.counts.helpers).toBeGreaterThan(0);
    expect(pool.counts.here).toBeGreaterThan(0);
    expect(answers.filter((a) => a.error !== undefined).length).toBeGreaterThan(0);
  }, 60_000);

  test("similar --batch lines too", async () => {
    const serving = await servingFor(5);
    const { pool } = poolFor("similar", serving, 2);
    pool.start();
    await pool.ready();
    expect(await run(pool.answer, SIMILAR_LINES)).toEqual(alone("similar", serving, SIMILAR_LINES));
    expect(pool.counts.helpers).toBeGreaterThan(0);
  }, 60_000);

  test("a helper that stops mid-batch loses nothing: its lines are answered here", async () => {
    const serving = await servingFor(10);
    const { pool, logged } = poolFor("recommend", serving, 2);
    pool.start();
    await pool.ready();
    const [thread] = pool.threads;
    let sent = 0;
    // Stops the helper while it holds lines: it has been sent some, none answered yet.
    const answers = await run((line) => {
      const answer = pool.answer(line);
      if (++sent === 3) void thread!.terminate();
      return answer;
    }, RECOMMEND_LINES);
    expect(answers).toEqual(alone("recommend", serving, RECOMMEND_LINES));
    expect(logged.some((l) => l.level === "warn" && /helper thread stopped/.test(l.msg))).toBe(true);
  }, 60_000);

  test("a helper that cannot start leaves every line to this thread, with a warning", async () => {
    const serving = await servingFor(10);
    const broken = () => {
      const spec = helperSpec("recommend", serving);
      return {
        ...spec,
        models: { ...spec.models, ranker: { ...spec.models.ranker, model: "no-such-model" } },
      };
    };
    const { pool, logged } = poolFor("recommend", serving, 2, broken);
    pool.start();
    expect(await pool.ready()).toBe(0);
    const lines = RECOMMEND_LINES.slice(0, 12);
    expect(await run(pool.answer, lines)).toEqual(alone("recommend", serving, lines));
    expect(pool.counts).toEqual({ here: 12, helpers: 0 });
    expect(logged.some((l) => l.level === "warn" && /could not start/.test(l.msg))).toBe(true);
  }, 60_000);

  test("one thread starts no helper; helpers wait until the batch is long enough", async () => {
    const serving = await servingFor(10);
    const single = poolFor("recommend", serving, 1).pool;
    single.start();
    expect(single.threads).toHaveLength(0);
    const { log } = recordingLog();
    const late = new BatchPool(lineAnswerer("recommend", serving), () => helperSpec("recommend", serving), {
      threads: 2,
      startAfter: 5,
      log,
      onBug: () => {},
    });
    pools.push(late);
    await run(late.answer, RECOMMEND_LINES.slice(0, 5));
    expect(late.threads).toHaveLength(0);
    await run(late.answer, RECOMMEND_LINES.slice(5, 6));
    expect(late.threads).toHaveLength(1);
  }, 60_000);
});
