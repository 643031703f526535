// The short form of `npm run load`: simulated people through the core on every store. Only
// correctness is asserted (nothing lost, no errors), never timings: CI machines vary.
import { describe, expect, test } from "vitest";
import { runLoad, sameTitle } from "../../bot/load/load-run.ts";
import { seedUsers } from "../../bot/load/seed.ts";
import { scratchStore } from "../../bot/load/stores.ts";
import { Catalogue } from "../../core/catalogue.ts";
import { silentLog } from "../../core/log.ts";
import { sharedApp, tempDir } from "../helpers/app.ts";
import { movie } from "../models/fixtures.ts";
import { BACKENDS, TEST_DATABASE_URL } from "./backends.ts";

describe("load run (short form)", () => {
  for (const { name } of BACKENDS) {
    test(`${name}: 200 people, messages, buttons, reactions and commands: 0 lost, 0 errors`, async () => {
      const app = await sharedApp();
      const scratch = await scratchStore(name, tempDir("matinee-load-"), silentLog, TEST_DATABASE_URL);
      try {
        const movieIds = Array.from({ length: 500 }, (_, i) => app.catalogue.at(i).movieId);
        await seedUsers(scratch.store, 500, movieIds);
        const r = await runLoad(app, scratch.store, 500, {
          users: 200,
          concurrency: 8,
          // A fixed amount of work, not a time: each person has about three turns, so
          // buttons and reactions on their cards follow their first messages.
          seconds: 600,
          maxTurns: 700,
          longMessageChars: 5_000,
        });
        expect(r.firstError).toBeUndefined();
        expect(r.errors).toBe(0);
        expect(r.lost).toBe(0);
        expect(r.turns).toBeGreaterThan(0);
        expect(r.mix.button! + r.mix.reaction!).toBeGreaterThan(0);
        expect(r.longMessage?.replies).toBeGreaterThan(0);
        // Over the limit: refused, nothing of it read; the loop's figures are reported, not judged.
        expect(r.longMessage?.refused).toBe(true);
        expect(r.longMessage?.alongside).toBe(20);
        expect(Object.keys(r.longMessage?.eventLoopWhileAnswering ?? {})).toEqual(["p99Ms", "maxMs"]);
        expect(Object.keys(r.longMessage?.eventLoopWholePhase ?? {})).toEqual(["p99Ms", "maxMs"]);
      } finally {
        await scratch.dispose();
      }
    }, 120_000);
  }
});

describe("films named by title in the load", () => {
  test("every film of a shared title counts as named, whichever the bot read it as", () => {
    const films = [
      movie(362, "The Jungle Book", 1994),
      movie(2078, "The Jungle Book", 1967),
      movie(6158, "The Jungle Book 2", 2003),
    ];
    const namesakes = sameTitle(new Catalogue(films, Float32Array.from([5, 9, 2])));
    expect(namesakes(362).sort((a, b) => a - b)).toEqual([362, 2078]);
    expect(namesakes(6158)).toEqual([6158]);
    expect(namesakes(1)).toEqual([1]);
  });
});
