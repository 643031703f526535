import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Log } from "../../core/log.ts";
import type { UserState } from "../../core/store/store.ts";
import { seededRandom } from "../../models/random.ts";
import type { ServingApp } from "../app.ts";
import { seedUsers } from "../load/seed.ts";
import { scratchStore } from "../load/stores.ts";
import type { StoreKind } from "../store/open-store.ts";
import { percentiles } from "./bench-stats.ts";

export interface StoreBench {
  users: number;
  updateP50Ms: number;
  updateP99Ms: number;
}

/**
 * One read-modify-write of one user (a 👍, as a button press makes it) in a store already
 * holding `users` people: SQLite always, PostgreSQL when a database URL is set (in a
 * scratch schema, dropped afterwards). lowdb is left out: it rewrites the whole document
 * per update (seconds each at this size, issue 31).
 */
export async function benchStores(
  app: ServingApp,
  options: { users: number; updates: number; databaseUrl?: string; log: Log },
): Promise<Record<string, StoreBench>> {
  const kinds: StoreKind[] = options.databaseUrl ? ["sqlite", "postgres"] : ["sqlite"];
  const movieIds = Array.from(
    { length: Math.min(3000, app.catalogue.size) },
    (_, i) => app.catalogue.at(i).movieId,
  );
  const dir = mkdtempSync(join(tmpdir(), "matinee-bench-store-"));
  const out: Record<string, StoreBench> = {};
  try {
    for (const kind of kinds) {
      const scratch = await scratchStore(kind, dir, options.log, options.databaseUrl);
      try {
        await seedUsers(scratch.store, options.users, movieIds);
        const rand = seededRandom(11);
        const samples: number[] = [];
        for (let i = 0; i < options.updates + 200; i++) {
          const key = `seed:${Math.floor(rand() * options.users)}`;
          const movieId = movieIds[Math.floor(rand() * movieIds.length)]!;
          const t = performance.now();
          await scratch.store.update(key, (s: UserState) => ({
            ...s,
            profile: { ...s.profile, liked: [...s.profile.liked, { movieId, at: Date.now() }] },
          }));
          // The first 200 warm the caches (prepared statements, pool connections).
          if (i >= 200) samples.push(performance.now() - t);
        }
        const p = percentiles(samples);
        out[kind] = { users: options.users, updateP50Ms: p.p50Ms, updateP99Ms: p.p99Ms };
      } finally {
        await scratch.dispose();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
