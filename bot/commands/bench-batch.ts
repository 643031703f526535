import { Readable, Writable } from "node:stream";
import { peopleIndex } from "../../core/recommend/filters.ts";
import { seededRandom } from "../../models/random.ts";
import type { App } from "../app.ts";
import { runBatch } from "./batch-lines.ts";
import { answerRecommendLine } from "./batch-recommend.ts";

export interface BatchBenchOptions {
  profiles?: number;
  runs?: number;
  k?: number;
}

/**
 * Generated `recommend --batch` input: one in five lines free text ("I loved X and Y"), the
 * rest 1–5 liked ids, some with a disliked one; seeded, so every run reads the same lines.
 */
export function benchProfiles(app: App, n: number): string[] {
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

/**
 * Throughput of `matinee recommend --batch` through its own loop (parse, rank, serialise,
 * write), into a sink: profiles per second of wall time and of this process's CPU time (the
 * CPU figure moves less when other work shares the machine). Median of `runs`.
 */
export async function benchBatch(app: App, options: BatchBenchOptions = {}) {
  const { profiles = 500, runs = 3, k = 50 } = options;
  const lines = benchProfiles(app, profiles);
  const ctx = {
    catalogue: app.catalogue,
    titles: app.titles,
    models: app.models,
    knownPerson: peopleIndex(app.catalogue),
    k,
  };
  const results: { wall: number; cpu: number; errors: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const sink = new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const stats = await runBatch(Readable.from([lines.join("\n")]), sink, (line) =>
      answerRecommendLine(ctx, line),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    results.push({
      wall: stats.answered / wallSeconds,
      cpu: stats.answered / ((used.user + used.system) / 1e6),
      errors: stats.errors,
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    k,
    profiles,
    runs,
    input: "80% 1–5 liked ids (30% with a dislike), 20% free text",
    profilesPerSecond: r1(median(results.map((r) => r.wall))),
    profilesPerCpuSecond: r1(median(results.map((r) => r.cpu))),
    runsProfilesPerSecond: results.map((r) => r1(r.wall)),
    errorLines: results[0]?.errors ?? 0,
  };
}
