import { Readable, Writable } from "node:stream";
import { type Log, silentLog } from "../../core/log.ts";
import { seededRandom } from "../../models/random.ts";
import type { ServingApp } from "../app.ts";
import { runBatch } from "./batch-lines.ts";
import { BatchPool, defaultThreads } from "./batch-pool.ts";
import { helperSpec, lineAnswerer } from "./batch-task.ts";

export interface BatchBenchOptions {
  profiles?: number;
  runs?: number;
  k?: number;
  /** Threads answering lines, this one included (the command's default: one per core). */
  threads?: number;
  log?: Log;
}

/**
 * Generated `recommend --batch` input: one in five lines free text ("I loved X and Y"), the
 * rest 1–5 liked ids, some with a disliked one; seeded, so every run reads the same lines.
 */
export function benchProfiles(app: ServingApp, n: number): string[] {
  const rand = seededRandom(11);
  const pick = () => app.catalogue.at(Math.floor(rand() * app.catalogue.size));
  return Array.from({ length: n }, (_, i) => {
    if (i % 5 === 4)
      return JSON.stringify({ id: `p${i}`, likes: `I loved ${pick().title} and ${pick().title}` });
    const likeIds = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick().movieId);
    return JSON.stringify({
      id: `p${i}`,
      likeIds,
      ...(rand() < 0.3 ? { dislikeIds: [pick().movieId] } : {}),
    });
  });
}

interface Run {
  wall: number;
  cpu: number;
  errors: number;
}

/** `runs` passes of `lines` through the batch loop into a sink, answered by `pool`. */
async function timeRuns(pool: BatchPool, lines: string[], runs: number): Promise<Run[]> {
  const results: Run[] = [];
  for (let run = 0; run < runs; run++) {
    const sink = new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const stats = await runBatch(Readable.from([lines.join("\n")]), sink, pool.answer);
    const wallSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    results.push({
      wall: stats.answered / wallSeconds,
      cpu: stats.answered / ((used.user + used.system) / 1e6),
      errors: stats.errors,
    });
  }
  return results;
}

/**
 * Throughput of `matinee recommend --batch` through its own loop (parse, rank, serialise,
 * write, into a sink) and its own thread pool, helpers loaded first (the steady state of a
 * long batch; their start-up time is reported apart): profiles per second of wall time, and
 * per second of CPU time over all threads (which moves less when other work shares the
 * machine); the same in this thread alone for comparison. Medians of `runs`.
 */
export async function benchBatch(app: ServingApp, options: BatchBenchOptions = {}) {
  const { profiles = 500, runs = 3, k = 50, threads = defaultThreads(), log = silentLog } = options;
  const lines = benchProfiles(app, profiles);
  const serving = { catalogue: app.catalogue, titles: app.titles, models: app.models, k };
  const poolOf = (n: number) =>
    new BatchPool(lineAnswerer("recommend", serving), () => helperSpec("recommend", serving), {
      threads: n,
      startAfter: 0,
      log,
      onBug: (error) => log.error({ err: error }, "bench line failed"),
    });
  // One untimed pass first: otherwise whichever figure is measured first pays for the JIT.
  const alone = poolOf(1);
  await timeRuns(alone, lines, 1);
  const one = await timeRuns(alone, lines, runs);
  const pool = poolOf(threads);
  const started = performance.now();
  pool.start();
  const helpers = await pool.ready();
  const helperStartSeconds = (performance.now() - started) / 1000;
  try {
    await timeRuns(pool, lines, 1); // the helpers' JIT warm-up, as above
    const all = await timeRuns(pool, lines, runs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const r1 = (x: number) => Math.round(x * 10) / 10;
    return {
      k,
      profiles,
      runs,
      input: "80% 1–5 liked ids (30% with a dislike), 20% free text",
      threads: 1 + helpers,
      profilesPerSecond: r1(median(all.map((r) => r.wall))),
      profilesPerCpuSecond: r1(median(all.map((r) => r.cpu))),
      runsProfilesPerSecond: all.map((r) => r1(r.wall)),
      oneThreadProfilesPerSecond: r1(median(one.map((r) => r.wall))),
      helperStartSeconds: r1(helperStartSeconds),
      errorLines: all[0]?.errors ?? 0,
    };
  } finally {
    await pool.close();
  }
}
