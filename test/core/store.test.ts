import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Memory } from "lowdb";
import { JSONFile } from "lowdb/node";
import { describe, expect, test } from "vitest";
import { applyOpinions, emptyProfile } from "../../core/profile/profile.ts";
import { LowdbStore, STORE_SCHEMA_VERSION, type StoreData } from "../../core/store/lowdb-store.ts";
import { freshUser, type Store, type UserState, userKey } from "../../core/store/store.ts";
import { tempDir } from "../helpers/app.ts";

const like =
  (movieId: number) =>
  (s: UserState): UserState => ({
    ...s,
    profile: { ...s.profile, liked: [...s.profile.liked, { movieId, at: movieId }] },
  });

function clock(start = 1000) {
  let t = start;
  return () => t++;
}

const memoryStore = () => new LowdbStore(new Memory<StoreData>(), clock());

describe("userKey and freshUser", () => {
  test("keys are platform:id", () => {
    expect(userKey("telegram", "12345")).toBe("telegram:12345");
  });

  test("a fresh user knows nothing", () => {
    expect(freshUser("cli:me", 7)).toEqual({
      key: "cli:me",
      profile: emptyProfile(),
      conversation: { shown: [], lastCards: [] },
      updatedAt: 7,
    });
  });
});

describe("LowdbStore on lowdb's Memory adapter", () => {
  test("get of an unknown user is undefined", async () => {
    expect(await memoryStore().get("x:1")).toBeUndefined();
  });

  test("update creates a fresh user and applies the change", async () => {
    const store = memoryStore();
    const seen: UserState[] = [];
    const result = await store.update("x:1", (s) => {
      seen.push(structuredClone(s));
      return like(858)(s);
    });
    expect(seen).toEqual([freshUser("x:1", 1000)]);
    expect(result.key).toBe("x:1");
    expect(result.profile.liked).toEqual([{ movieId: 858, at: 858 }]);
    expect(result.updatedAt).toBe(1001);
    expect(await store.get("x:1")).toEqual(result);
  });

  test("update keeps the key and stamps updatedAt whatever the change returns", async () => {
    const store = memoryStore();
    const r = await store.update("x:1", (s) => ({ ...s, key: "other", updatedAt: -5 }));
    expect(r.key).toBe("x:1");
    expect(r.updatedAt).toBe(1001);
    expect(await store.get("other")).toBeUndefined();
  });

  test("changing a returned state does not change the stored one", async () => {
    const store = memoryStore();
    const r = await store.update("x:1", like(1));
    r.profile.liked.push({ movieId: 2, at: 2 });
    const got = await store.get("x:1");
    got?.profile.liked.push({ movieId: 3, at: 3 });
    expect((await store.get("x:1"))?.profile.liked.map((e) => e.movieId)).toEqual([1]);
  });

  test("50 concurrent updates of one user all survive, in arrival order", async () => {
    const store = memoryStore();
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    await Promise.all(ids.map((id) => store.update("x:1", like(id))));
    expect((await store.get("x:1"))?.profile.liked.map((e) => e.movieId)).toEqual(ids);
  });

  test("a change that throws rejects that update only", async () => {
    const store = memoryStore();
    const results = await Promise.allSettled([
      store.update("x:1", like(1)),
      store.update("x:1", () => {
        throw new Error("boom");
      }),
      store.update("x:1", like(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((await store.get("x:1"))?.profile.liked.map((e) => e.movieId)).toEqual([1, 2]);
  });

  test("delete returns true, then false", async () => {
    const store = memoryStore();
    await store.update("x:1", like(1));
    await store.update("x:2", like(2));
    expect(await store.delete("x:1")).toBe(true);
    expect(await store.delete("x:1")).toBe(false);
    expect(await store.get("x:1")).toBeUndefined();
    expect((await store.get("x:2"))?.profile.liked).toHaveLength(1);
    expect(await store.delete("never:seen")).toBe(false);
  });

  test("users are kept apart", async () => {
    const store = memoryStore();
    await Promise.all([store.update("a:1", like(1)), store.update("b:1", like(2))]);
    expect((await store.get("a:1"))?.profile.liked.map((e) => e.movieId)).toEqual([1]);
    expect((await store.get("b:1"))?.profile.liked.map((e) => e.movieId)).toEqual([2]);
  });
});

describe("LowdbStore on a JSON file", () => {
  test("data written is re-read by a new store instance", async () => {
    const file = join(tempDir(), "store.json");
    const first: Store = new LowdbStore(new JSONFile<StoreData>(file), clock());
    const profile = applyOpinions(
      emptyProfile(),
      [
        { movieId: 858, opinion: "like" },
        { movieId: 1721, opinion: "dislike" },
      ],
      5,
    );
    await first.update("telegram:1", (s) => ({
      ...s,
      profile,
      conversation: { shown: [1, 2], lastCards: [2] },
    }));
    await first.update("discord:9", like(6));
    await first.close();

    expect(existsSync(file)).toBe(true);
    const onDisk = JSON.parse(readFileSync(file, "utf8")) as StoreData;
    expect(onDisk.schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(Object.keys(onDisk.users).sort()).toEqual(["discord:9", "telegram:1"]);

    const second = new LowdbStore(new JSONFile<StoreData>(file));
    const state = await second.get("telegram:1");
    expect(state?.profile).toEqual(profile);
    expect(state?.conversation).toEqual({ shown: [1, 2], lastCards: [2] });
    expect(await second.delete("discord:9")).toBe(true);

    const third = new LowdbStore(new JSONFile<StoreData>(file));
    expect(await third.get("discord:9")).toBeUndefined();
    expect(await third.get("telegram:1")).toEqual(state);
  });

  test("50 concurrent updates all reach the file", async () => {
    const file = join(tempDir(), "store.json");
    const store = new LowdbStore(new JSONFile<StoreData>(file));
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    await Promise.all(ids.map((id) => store.update("x:1", like(id))));
    await store.close();
    const reread = new LowdbStore(new JSONFile<StoreData>(file));
    expect((await reread.get("x:1"))?.profile.liked.map((e) => e.movieId)).toEqual(ids);
  });

  test("a missing file reads as an empty store", async () => {
    const store = new LowdbStore(new JSONFile<StoreData>(join(tempDir(), "none.json")));
    expect(await store.get("x:1")).toBeUndefined();
    expect(await store.delete("x:1")).toBe(false);
  });
});
