import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { UserFacingError } from "../../core/errors.ts";
import { type LoadResult, runLoad } from "../load/load-run.ts";
import { seedUsers } from "../load/seed.ts";
import { scratchStore } from "../load/stores.ts";
import type { StoreKind } from "../store/open-store.ts";
import { type CommonOptions, printJson, setupApp, withData } from "./shared.ts";

const count = (name: string, min: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int()
    .min(min, `${name} must be at least ${min}`);

const LoadArgs = z.object({
  users: count("--users", 1),
  concurrency: count("--concurrency", 1),
  seconds: z.coerce.number({ error: "--seconds must be a number" }).positive("--seconds must be above 0"),
  stored: count("--stored", 0),
  longMessage: count("--long-message", 0),
  stores: z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()))
    .pipe(
      z.array(
        z.enum(["lowdb", "sqlite", "postgres"], { error: "--stores takes lowdb, sqlite and postgres" }),
      ),
    ),
});

/** A lowdb document rewritten whole per update: 100,000 users would take hours, so it gets fewer. */
const LOWDB_STORED_MAX = 1_000;

export function registerLoad(program: Command): void {
  withData(program.command("load"))
    .description(
      "simulated people (messages, buttons, reactions, commands) through the core on each store, for a bounded time; " +
        "JSON with turns/s, latency, event-loop delay, lost and errors (both must be 0)",
    )
    .option("--users <n>", "simulated people", "200")
    .option("--concurrency <n>", "turns in flight at once", "8")
    .option("--seconds <s>", "length of the mixed phase per store", "20")
    .option("--stored <n>", "users already in each store (lowdb: at most 1,000)", "100000")
    .option(
      "--long-message <chars>",
      "one message this long at the end, among 20 ordinary turns (0: none); the loop's delay while it is " +
        "answered is longMessage.eventLoopWhileAnswering",
      "100000",
    )
    .option("--stores <list>", "which stores (postgres needs MATINEE_DATABASE_URL)", "lowdb,sqlite,postgres")
    .option("--json", "print one JSON document")
    .action(async (raw: CommonOptions & Record<string, string>) => {
      const parsed = LoadArgs.safeParse(raw);
      if (!parsed.success) throw new UserFacingError(parsed.error.issues[0]!.message);
      const args = parsed.data;
      const { app, config, log } = await setupApp({ ...raw, json: true }, true);
      const stores = args.stores.filter((s) => s !== "postgres" || config.databaseUrl) as StoreKind[];
      const movieIds = Array.from(
        { length: Math.min(3000, app.catalogue.size) },
        (_, i) => app.catalogue.at(i).movieId,
      );
      const dir = mkdtempSync(join(tmpdir(), "matinee-load-"));
      const results: Record<string, LoadResult> = {};
      try {
        for (const kind of stores) {
          const scratch = await scratchStore(kind, dir, log, config.databaseUrl);
          try {
            const stored = kind === "lowdb" ? Math.min(args.stored, LOWDB_STORED_MAX) : args.stored;
            await seedUsers(scratch.store, stored, movieIds);
            results[kind] = await runLoad(app, scratch.store, stored, {
              users: args.users,
              concurrency: args.concurrency,
              seconds: args.seconds,
              longMessageChars: args.longMessage,
            });
          } finally {
            await scratch.dispose();
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
      const summary = {
        stores: results,
        lost: Object.values(results).reduce((n, r) => n + r.lost, 0),
        errors: Object.values(results).reduce((n, r) => n + r.errors, 0),
        peakRssMB,
        ...(stores.includes("postgres") || !args.stores.includes("postgres")
          ? {}
          : { skipped: { postgres: "MATINEE_DATABASE_URL is not set" } }),
      };
      if (raw.json) printJson(summary);
      else process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      if (summary.lost > 0 || summary.errors > 0) process.exitCode = 1;
    });
}
