import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { profileOf } from "../../core/profile/profile.ts";
import { suggest } from "../../core/suggest.ts";
import { parseCount } from "../../data/synth.ts";
import { seededRandom } from "../../models/random.ts";
import type { App } from "../app.ts";
import { benchBatch } from "./bench-batch.ts";
import { benchBig } from "./bench-big.ts";
import { benchChatTurns } from "./bench-chat.ts";
import { benchFirstStart } from "./bench-first-start.ts";
import { benchInline } from "./bench-inline.ts";
import { benchSasrec } from "./bench-sasrec.ts";
import { percentiles, timeEach } from "./bench-stats.ts";
import { benchStores } from "./bench-store.ts";
import { benchTitles } from "./bench-titles.ts";
import {
  type CommonOptions,
  findConversationsFile,
  printJson,
  setupAppWithRatings,
  withData,
} from "./shared.ts";

/** Chat-like messages: real ones from the shared conversations if present, else made from catalogue titles. */
function benchMessages(app: App, file: string | undefined): { source: string; messages: string[] } {
  if (file) {
    const messages = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => String((JSON.parse(l) as { text: unknown }).text));
    return { source: file.split("/").pop() ?? file, messages };
  }
  const rand = seededRandom(42);
  const pick = () => app.catalogue.at(Math.floor(rand() * app.catalogue.size)).title;
  const messages = Array.from(
    { length: 1000 },
    () => `I loved ${pick()} and ${pick()}, not a fan of ${pick()}`,
  );
  return { source: "synthetic", messages };
}

export function registerBench(program: Command): void {
  withData(program.command("bench"))
    .description(
      "latency and memory of the chat path (JSON with --json); medians and p99, not pass/fail. Sections: " +
        "titleMatch, titles, recommend, chatTurn, inline (Telegram inline answers), sasrec, batch, store, " +
        "firstStart (seconds until a fresh cache's first reply), big (with --big: generated data loaded, then served: " +
        "chat-turn p50/p99 and peak RSS)",
    )
    .option("--json", "print one JSON document")
    .option("--quick", "a smoke run: no 90k-title synthetic catalogue, no batch throughput")
    .option(
      "--big [ratings]",
      "add the big section: ML-32M-shaped generated data of this many ratings (default 1M; 32M for the full shape), " +
        "load time and peak RSS from the CSV and from the gold cache; the served blend's training, start from the " +
        "cache, chat-turn p50/p99 and serving peak RSS",
    )
    .option("--big-films <n>", "films of the big section's data (default: ML-32M's ratio to the ratings)")
    .option("--big-users <n>", "users of the big section's data (default: ML-32M's ratio to the ratings)")
    .option("--big-only", "only the big section")
    .action(
      async (
        options: CommonOptions & {
          quick?: boolean;
          big?: string | boolean;
          bigOnly?: boolean;
          bigFilms?: string;
          bigUsers?: string;
        },
      ) => {
        const bigRatings =
          options.big || options.bigOnly
            ? parseCount(typeof options.big === "string" ? options.big : "1M")
            : 0;
        const bigOptions = {
          ...(options.bigFilms ? { films: parseCount(options.bigFilms) } : {}),
          ...(options.bigUsers ? { users: parseCount(options.bigUsers) } : {}),
        };
        if (options.bigOnly) {
          const big = await benchBig(bigRatings, bigOptions);
          if (options.json) printJson({ big });
          else process.stdout.write(`${JSON.stringify({ big }, null, 2)}\n`);
          return;
        }
        const { app, config, log } = await setupAppWithRatings({ ...options, json: true }, true);
        const { source, messages } = benchMessages(
          app,
          findConversationsFile(config, "redial_dev_mentions.jsonl"),
        );
        const titleMatch = percentiles(await timeEach(messages, (m) => app.titles.find(m)));

        const rand = seededRandom(7);
        const profiles = Array.from({ length: 500 }, () => {
          const n = 1 + Math.floor(rand() * 5);
          const likes = Array.from(
            { length: n },
            () => app.catalogue.at(Math.floor(rand() * app.catalogue.size)).movieId,
          );
          return profileOf(likes);
        });
        const recommend = percentiles(
          await timeEach(profiles, (p) => suggest(app.catalogue, app.models, p, { k: 10 })),
        );

        const quick = Boolean(options.quick);
        const chatTurns = await benchChatTurns(app, messages, { synthetic: !quick });
        // Telegram inline mode: one answer per keystroke (core + results + JSON, no network).
        const inline = benchInline(app, quick ? { repeats: 3, n: 200 } : {});
        // The 90k-title index and batch throughput take minutes: left out of a quick run.
        const titles = quick ? undefined : benchTitles(app.catalogue, messages);
        const sasrec = await benchSasrec(app);
        const batch = quick ? undefined : await benchBatch(app, { log });
        // 100,000 stored people, as the target says; a quick run makes do with 5,000.
        const store = await benchStores(app, {
          users: quick ? 5_000 : 100_000,
          updates: quick ? 500 : 5_000,
          log,
          ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
        });
        // A fresh cache in a child process: what a newcomer's very first start waits.
        const firstStart = await benchFirstStart(config);
        const big = bigRatings > 0 ? await benchBig(bigRatings, bigOptions) : undefined;
        const memory = process.memoryUsage();
        const result = {
          dataset: app.gold.dataset,
          catalogueSize: app.catalogue.size,
          load: app.timings,
          titleMatch: { messages: source, ...titleMatch },
          ...(titles ? { titles: { messages: source, ...titles } } : {}),
          recommend: { k: 10, ...recommend },
          chatTurn: { messages: source, store: "lowdb-memory", ...chatTurns.served },
          ...(chatTurns.synthetic ? { chatTurnSynthetic: { messages: source, ...chatTurns.synthetic } } : {}),
          inline,
          sasrec,
          ...(batch ? { batch } : {}),
          store,
          firstStart,
          ...(big ? { big } : {}),
          memory: {
            rssMB: Math.round(memory.rss / 2 ** 20),
            heapUsedMB: Math.round(memory.heapUsed / 2 ** 20),
          },
        };
        if (options.json) printJson(result);
        else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      },
    );
}
