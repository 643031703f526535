// One contract for every store: what the core relies on (read-modify-write, arrival order,
// delete, cards), what an operator relies on (export/import, several processes, kill -9).
import { describe, expect, test } from "vitest";
import type { StoreBackend } from "../../core/store/backend.ts";
import { freshUser, type UserState } from "../../core/store/store.ts";
import { BACKENDS, open } from "./backends.ts";
import { acksOf, startWorker } from "./child.ts";

const like =
  (movieId: number) =>
  (s: UserState): UserState => ({
    ...s,
    profile: { ...s.profile, liked: [...s.profile.liked, { movieId, at: movieId }] },
  });

const liked = (s: UserState | undefined) => s?.profile.liked.map((e) => e.movieId) ?? [];

async function withStore<T>(
  env: Record<string, string>,
  work: (store: StoreBackend) => Promise<T>,
): Promise<T> {
  const store = await open(env);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

for (const backend of BACKENDS) {
  describe(`${backend.name} store contract`, () => {
    test("read-modify-write: fresh user, change applied, key and time stamped, copies independent", async () => {
      const env = await backend.fresh();
      await withStore(env, async (store) => {
        expect(await store.get("x:1")).toBeUndefined();
        const seen: UserState[] = [];
        const r = await store.update("x:1", (s) => {
          seen.push(structuredClone(s));
          return { ...like(858)(s), key: "other", updatedAt: -5 };
        });
        expect(seen[0]).toEqual({ ...freshUser("x:1", seen[0]!.updatedAt) });
        expect(r.key).toBe("x:1");
        expect(r.updatedAt).toBeGreaterThan(0);
        expect(liked(r)).toEqual([858]);
        expect(await store.get("other")).toBeUndefined();
        r.profile.liked.push({ movieId: 2, at: 2 });
        expect(liked(await store.get("x:1"))).toEqual([858]);
        await expect(
          store.update("x:1", () => {
            throw new Error("change failed");
          }),
        ).rejects.toThrow("change failed");
        expect(liked(await store.get("x:1"))).toEqual([858]);
      });
      // And it is all there when the store is opened again.
      await withStore(env, async (store) => expect(liked(await store.get("x:1"))).toEqual([858]));
    });

    test("50 concurrent updates of one user all survive, in arrival order", async () => {
      await withStore(await backend.fresh(), async (store) => {
        const ids = Array.from({ length: 50 }, (_, i) => i + 1);
        await Promise.all(ids.map((id) => store.update("x:1", like(id))));
        expect(liked(await store.get("x:1"))).toEqual(ids);
      });
    });

    test("delete removes everything about the user, cards included, and nobody else's", async () => {
      await withStore(await backend.fresh(), async (store) => {
        await store.update("x:1", like(1));
        await store.update("x:2", like(2));
        await store.rememberCard("t:1:10", { movieId: 1, key: "x:1", at: Date.now() });
        await store.rememberCard("t:2:11", { movieId: 2, key: "x:2", at: Date.now() });
        expect(await store.delete("x:1")).toBe(true);
        expect(await store.get("x:1")).toBeUndefined();
        expect(await store.recallCard("t:1:10")).toBeUndefined();
        expect(await store.recallCard("t:2:11")).toMatchObject({ movieId: 2, key: "x:2" });
        expect(liked(await store.get("x:2"))).toEqual([2]);
        expect(await store.delete("x:1")).toBe(false);
        const { document } = await store.exportDocument();
        expect(JSON.stringify(document)).not.toContain('"x:1"');
      });
    });

    test("cards are recalled; Telegram update ids are claimed once", async () => {
      await withStore(await backend.fresh(), async (store) => {
        const at = Date.now();
        await store.rememberCard("telegram:5:77", { movieId: 858, key: "telegram:5", at });
        expect(await store.recallCard("telegram:5:77")).toEqual({ movieId: 858, key: "telegram:5", at });
        expect(await store.recallCard("telegram:5:78")).toBeUndefined();
        expect(await store.claimUpdate(123456789)).toBe(true);
        expect(await store.claimUpdate(123456789)).toBe(false);
        expect(await store.claimUpdate(123456790)).toBe(true);
      });
    });

    test("export then import into a new store gives the same document", async () => {
      const doc = await withStore(await backend.fresh(), async (store) => {
        for (let i = 0; i < 20; i++) await store.update(`x:${i % 5}`, like(i));
        await store.rememberCard("t:1:1", { movieId: 3, key: "x:1", at: Date.now() });
        return (await store.exportDocument()).document;
      });
      expect(Object.keys(doc.users)).toHaveLength(5);
      await withStore(await backend.fresh(), async (store) => {
        expect(await store.importDocument(doc, "backup.json")).toEqual({ users: 5, cards: 1, skipped: 0 });
        expect((await store.exportDocument()).document).toEqual(doc);
      });
    });

    test("a person's language is kept, across a reopen and through export and import; unset for others", async () => {
      const env = await backend.fresh();
      await withStore(env, async (store) => {
        await store.update("x:ko", (s) => ({ ...like(858)(s), language: "ko" }));
        await store.update("x:en", like(6));
        // A later change that doesn't touch it keeps it.
        await store.update("x:ko", like(6));
      });
      const doc = await withStore(env, async (store) => {
        expect((await store.get("x:ko"))?.language).toBe("ko");
        expect(liked(await store.get("x:ko"))).toEqual([858, 6]);
        expect((await store.get("x:en"))?.language).toBeUndefined();
        return (await store.exportDocument()).document;
      });
      await withStore(await backend.fresh(), async (store) => {
        await store.importDocument(doc, "backup.json");
        expect((await store.get("x:ko"))?.language).toBe("ko");
      });
    });

    test("places: read-modify-write, one change at a time, kept across a reopen", async () => {
      const env = await backend.fresh();
      const poll = (n: number) => ({
        id: `p${n}`,
        asker: "x:1",
        movieIds: [n, n + 1],
        members: ["x:1", "x:2"],
        openedAt: n,
        closesAt: n + 1,
      });
      await withStore(env, async (store) => {
        expect(await store.getPlace("x:chan")).toBeUndefined();
        const first = await store.updatePlace("x:chan", (p) => ({ ...p, id: "other", poll: poll(1) }));
        expect(first.id).toBe("x:chan");
        expect(first.updatedAt).toBeGreaterThan(0);
        // Each change sees the one before: 20 concurrent ones each add one film to the vote.
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.updatePlace("x:chan", (p) => ({
              ...p,
              poll: { ...p.poll!, movieIds: [...p.poll!.movieIds, 100 + i] },
            })),
          ),
        );
        expect((await store.getPlace("x:chan"))?.poll?.movieIds).toHaveLength(22);
        expect(await store.getPlace("other")).toBeUndefined();
        await store.updatePlace("x:chan", (p) => {
          const { poll: _closed, ...rest } = p;
          return rest;
        });
      });
      await withStore(env, async (store) => expect((await store.getPlace("x:chan"))?.poll).toBeUndefined());
    });

    test("rosters: joining twice counts once, earliest first; delete takes a person off every roster", async () => {
      await withStore(await backend.fresh(), async (store) => {
        expect(await store.roster("x:chan")).toEqual([]);
        await store.joinRoster("x:chan", "x:1");
        await store.joinRoster("x:chan", "x:2");
        await store.joinRoster("x:chan", "x:1");
        await store.joinRoster("x:other", "x:1");
        expect(await store.roster("x:chan")).toEqual(["x:1", "x:2"]);
        expect(await store.delete("x:1")).toBe(true);
        expect(await store.roster("x:chan")).toEqual(["x:2"]);
        expect(await store.roster("x:other")).toEqual([]);
        const { document } = await store.exportDocument();
        expect(JSON.stringify(document)).not.toContain('"x:1"');
      });
    });

    test("places and rosters go through export and import", async () => {
      const doc = await withStore(await backend.fresh(), async (store) => {
        await store.update("x:1", like(1));
        await store.joinRoster("x:chan", "x:1");
        await store.updatePlace("x:chan", (p) => ({
          ...p,
          poll: { id: "p1", asker: "x:1", movieIds: [1, 2], members: ["x:1"], openedAt: 5, closesAt: 9 },
        }));
        return (await store.exportDocument()).document;
      });
      expect(doc.rosters).toEqual({ "x:chan": { "x:1": expect.any(Number) } });
      await withStore(await backend.fresh(), async (store) => {
        await store.importDocument(doc, "backup.json");
        expect(await store.roster("x:chan")).toEqual(["x:1"]);
        expect((await store.getPlace("x:chan"))?.poll?.movieIds).toEqual([1, 2]);
        expect((await store.exportDocument()).document).toEqual(doc);
      });
    });

    test("a schema-1 JSON document (no card map, no prefs) imports and migrates", async () => {
      const v1 = {
        users: {
          "telegram:1": {
            key: "telegram:1",
            profile: { liked: [{ movieId: 858, at: 10 }], disliked: [], seen: [], watchlist: [] },
            conversation: { shown: [1], lastCards: [] },
            updatedAt: 12,
          },
        },
      };
      await withStore(await backend.fresh(), async (store) => {
        expect(await store.importDocument(v1, "old.json")).toMatchObject({ users: 1, cards: 0 });
        const s = await store.get("telegram:1");
        expect(s?.profile.prefs).toEqual([]);
        expect(liked(s)).toEqual([858]);
      });
    });

    if (backend.shared) {
      test("two processes, 1,000 interleaved updates of 50 users: none lost, each in order", async () => {
        const env = await backend.fresh();
        // Create the schema first so the two workers do not race to make it.
        await withStore(env, async () => {});
        const workers = [1, 2].map((w) => startWorker(env, ["interleave", String(w), "500", "50"]));
        await Promise.all(workers.map((w) => w.waitFor(/^ready$/)));
        for (const w of workers) w.child.stdin!.end("go\n");
        const exits = await Promise.all(workers.map((w) => w.exited));
        for (const e of exits) expect(e.code, e.stderr).toBe(0);
        const acked = workers.flatMap((w) => acksOf(w.lines));
        expect(acked).toHaveLength(1000);
        const { document } = await withStore(env, (store) => store.exportDocument());
        expect(Object.keys(document.users)).toHaveLength(50);
        const stored = new Set(
          Object.values(document.users).flatMap((s) => s.profile.liked.map((e) => `${s.key} ${e.movieId}`)),
        );
        expect(acked.filter((a) => !stored.has(a))).toEqual([]);
        expect(stored.size).toBe(1000);
        for (const s of Object.values(document.users)) {
          for (const w of [1, 2]) {
            const mine = s.profile.liked.map((e) => e.movieId).filter((id) => Math.floor(id / 1e6) === w);
            expect(mine).toEqual([...mine].sort((a, b) => a - b));
          }
        }
      }, 120_000);

      test("two processes claiming the same 400 Telegram update ids: each id won exactly once", async () => {
        const env = await backend.fresh();
        await withStore(env, async () => {});
        const workers = [1, 2].map(() => startWorker(env, ["claim", "7000000", "400"]));
        await Promise.all(workers.map((w) => w.waitFor(/^ready$/)));
        for (const w of workers) w.child.stdin!.end("go\n");
        const exits = await Promise.all(workers.map((w) => w.exited));
        for (const e of exits) expect(e.code, e.stderr).toBe(0);
        const won = workers.map((w) =>
          w.lines.filter((l) => l.startsWith("claimed ")).map((l) => l.slice(8)),
        );
        const all = won.flat();
        expect(all).toHaveLength(400);
        // No id won twice: had the claim not been atomic across processes, both would win some.
        expect(new Set(all).size).toBe(400);
      }, 120_000);
    } else {
      test("a second process on the same file is refused with a clear message", async () => {
        const env = await backend.fresh();
        const first = startWorker(env, ["hold"]);
        await first.waitFor(/^ready$/);
        const second = startWorker(env, ["hold"]);
        const line = await second.waitFor(/^refused /);
        expect(line).toMatch(/is in use by another Matinee process \(pid \d+/);
        expect(line).toMatch(/store\.json/);
        expect((await second.exited).code).toBe(3);
        first.child.stdin!.end();
        expect((await first.exited).code).toBe(0);
        // Once the first has let go, a new process opens it.
        const third = startWorker(env, ["hold"]);
        await third.waitFor(/^ready$/);
        third.child.stdin!.end();
        expect((await third.exited).code).toBe(0);
      }, 60_000);
    }

    test("kill -9 mid-write loses nothing acknowledged", async () => {
      const env = await backend.fresh();
      await withStore(env, async (store) => {
        // Other users' data, so writes take long enough for kills to land mid-write.
        const padding = Array.from({ length: 300 }, (_, u) => u);
        for (const u of padding)
          await store.update(`padding:${u}`, (s) => ({
            ...s,
            conversation: { ...s.conversation, shown: Array.from({ length: 40 }, (_, i) => i * 7 + u) },
          }));
      });
      const acked: string[] = [];
      for (let round = 1; round <= 4; round++) {
        const w = startWorker(env, ["loop", String(round)]);
        await w.waitFor(/^ack /);
        await new Promise((r) => setTimeout(r, 30 + round * 40));
        w.child.kill("SIGKILL");
        const e = await w.exited;
        expect(e.signal).toBe("SIGKILL");
        acked.push(...acksOf(w.lines));
      }
      expect(acked.length).toBeGreaterThan(12);
      const { document } = await withStore(env, (store) => store.exportDocument());
      const stored = new Set(
        Object.values(document.users).flatMap((s) => s.profile.liked.map((e) => `${s.key} ${e.movieId}`)),
      );
      expect(acked.filter((a) => !stored.has(a))).toEqual([]);
      expect(Object.keys(document.users)).toHaveLength(303);
      for (const key of ["telegram:1", "telegram:2", "discord:3"]) {
        const ids = liked(document.users[key]);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
      }
    }, 120_000);
  });
}
