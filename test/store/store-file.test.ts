import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Memory } from "lowdb";
import { JSONFile } from "lowdb/node";
import { describe, expect, test } from "vitest";
import { copyBeforeMigration } from "../../bot/commands/backup.ts";
import { UserFacingError } from "../../core/errors.ts";
import { applyPreferences } from "../../core/profile/profile.ts";
import { LowdbStore, STORE_SCHEMA_VERSION, type StoreData } from "../../core/store/lowdb-store.ts";
import { migrate } from "../../core/store/migrations.ts";
import type { UserState } from "../../core/store/store.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** A store file as Matinee 0.1 wrote it: schema 1, no sent-card map, profiles without prefs. */
const V1_FILE = {
  schemaVersion: 1,
  users: {
    "telegram:1": {
      key: "telegram:1",
      profile: {
        liked: [{ movieId: 858, at: 10 }],
        disliked: [{ movieId: 1721, at: 11 }],
        seen: [],
        watchlist: [{ movieId: 6, at: 12 }],
      },
      conversation: { shown: [1, 2, 3], lastCards: [2, 3] },
      updatedAt: 12,
    },
    "discord:9": {
      key: "discord:9",
      profile: { liked: [], disliked: [], seen: [], watchlist: [] },
      conversation: { shown: [], lastCards: [] },
      updatedAt: 5,
    },
  },
};

const like =
  (movieId: number) =>
  (s: UserState): UserState => ({
    ...s,
    profile: { ...s.profile, liked: [...s.profile.liked, { movieId, at: movieId }] },
  });

function writeJson(file: string, doc: unknown) {
  writeFileSync(file, JSON.stringify(doc, null, 2));
}

describe("schema migrations", () => {
  test("the current schema is 2", () => {
    expect(STORE_SCHEMA_VERSION).toBe(2);
  });

  test("v1 → v2 adds the card map and empty prefs, keeps everything else", () => {
    const { data, steps } = migrate(structuredClone(V1_FILE), "test");
    expect(steps).toEqual([1, 2]);
    expect(data.schemaVersion).toBe(2);
    expect(data.cards).toEqual({});
    const users = data.users as Record<string, UserState>;
    expect(users["telegram:1"]!.profile).toEqual({ ...V1_FILE.users["telegram:1"].profile, prefs: [] });
    expect(users["telegram:1"]!.conversation).toEqual(V1_FILE.users["telegram:1"].conversation);
    expect(users["discord:9"]!.profile.prefs).toEqual([]);
  });

  test("a document without a version is schema 1", () => {
    const { users } = structuredClone(V1_FILE);
    expect(migrate({ users }, "test").steps).toEqual([1, 2]);
  });

  test("a current document is left as it is", () => {
    const doc = { schemaVersion: 2, users: {}, cards: { "t:1:2": { movieId: 1, key: "t:1", at: 3 } } };
    expect(migrate(doc, "test")).toEqual({ data: doc, steps: [] });
  });

  test("a newer or nonsense document is refused with a message that names it", () => {
    expect(() => migrate({ schemaVersion: 3, users: {} }, "/srv/store.json")).toThrow(
      /\/srv\/store\.json.*newer Matinee \(store schema 3; this version reads up to 2\)/,
    );
    expect(() => migrate([], "s.json")).toThrow(UserFacingError);
    expect(() => migrate({ schemaVersion: "two", users: {} }, "s.json")).toThrow(/schemaVersion "two"/);
    expect(() => migrate({ schemaVersion: 2 }, "s.json")).toThrow(/no "users" object/);
  });
});

describe("LowdbStore on a v1 file", () => {
  test("migrates on open, writes the migrated file, keeps a copy of the old one, and works on", async () => {
    const dir = tempDir("matinee-migrate-");
    const file = join(dir, "store.json");
    writeJson(file, V1_FILE);
    const migrated: number[][] = [];
    const store = new LowdbStore(new JSONFile<StoreData>(file), () => 99, {
      label: file,
      beforeMigrate: copyBeforeMigration(file),
      onMigrated: (steps) => migrated.push(steps),
    });

    // The old profile had no prefs: a preference can now be added without a crash.
    const after = await store.update("telegram:1", (s) => ({
      ...s,
      profile: applyPreferences(s.profile, [{ kind: "genre", value: "Musical", sign: -1 }], 50),
    }));
    expect(after.profile.liked).toEqual([{ movieId: 858, at: 10 }]);
    expect(after.profile.prefs).toEqual([{ kind: "genre", value: "Musical", sign: -1, at: 50 }]);
    await store.rememberCard("telegram:1:77", { movieId: 858, key: "telegram:1", at: 60 });
    await store.close();
    expect(migrated).toEqual([[1, 2]]);

    const onDisk = JSON.parse(readFileSync(file, "utf8")) as StoreData;
    expect(onDisk.schemaVersion).toBe(2);
    expect(onDisk.cards["telegram:1:77"]).toEqual({ movieId: 858, key: "telegram:1", at: 60 });
    expect(onDisk.users["discord:9"]!.profile.prefs).toEqual([]);

    const copies = readdirSync(dir).filter((f) => /^store\.schema1-.*\.json$/.test(f));
    expect(copies).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, copies[0]!), "utf8"))).toEqual(V1_FILE);

    // Opening again finds nothing to migrate.
    const again = new LowdbStore(new JSONFile<StoreData>(file), Date.now, {
      onMigrated: (steps) => migrated.push(steps),
    });
    expect((await again.get("telegram:1"))?.profile.prefs).toHaveLength(1);
    expect(migrated).toHaveLength(1);
  });

  test("a file from a newer Matinee is refused by every call and never overwritten", async () => {
    const file = join(tempDir("matinee-newer-"), "store.json");
    const newer = { schemaVersion: 7, users: { "x:1": { key: "x:1", fancy: true } }, cards: {} };
    writeJson(file, newer);
    const before = readFileSync(file, "utf8");
    const store = new LowdbStore(new JSONFile<StoreData>(file), Date.now, { label: file });
    await expect(store.get("x:1")).rejects.toThrow(/newer Matinee \(store schema 7/);
    await expect(store.update("x:1", like(1))).rejects.toThrow(UserFacingError);
    await expect(store.delete("x:1")).rejects.toThrow(/left untouched/);
    await expect(store.rememberCard("m:1", { movieId: 1, key: "x:1", at: 1 })).rejects.toThrow(/newer/);
    await store.close();
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  test("a damaged file gives one clear error naming it and stays as it was", async () => {
    const file = join(tempDir("matinee-broken-"), "store.json");
    writeFileSync(file, '{"schemaVersion": 2, "users": {');
    const store = new LowdbStore(new JSONFile<StoreData>(file), Date.now, { label: file });
    await expect(store.update("x:1", like(1))).rejects.toThrow(
      new RegExp(`Cannot read ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: .*matinee backup`),
    );
    expect(readFileSync(file, "utf8")).toBe('{"schemaVersion": 2, "users": {');
  });
});

describe("no update lost under concurrency", () => {
  test("interleaved updates of several users, each from many messages at once, all reach the file", async () => {
    const file = join(tempDir("matinee-concurrent-"), "store.json");
    const store = new LowdbStore(new JSONFile<StoreData>(file));
    const keys = ["telegram:1", "telegram:2", "discord:1"];
    const work: Promise<unknown>[] = [];
    for (let i = 1; i <= 40; i++) {
      for (const key of keys) work.push(store.update(key, like(i)));
      if (i % 10 === 0)
        work.push(store.rememberCard(`telegram:1:${i}`, { movieId: i, key: "telegram:1", at: i }));
    }
    await Promise.all(work);
    await store.close();
    const onDisk = JSON.parse(readFileSync(file, "utf8")) as StoreData;
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    for (const key of keys) expect(onDisk.users[key]!.profile.liked.map((e) => e.movieId)).toEqual(ids);
    expect(Object.keys(onDisk.cards)).toHaveLength(4);
  });

  test("a reader of the file never sees half a write (lowdb's steno: temp file + rename)", async () => {
    const dir = tempDir("matinee-reader-");
    const file = join(dir, "store.json");
    const store = new LowdbStore(new JSONFile<StoreData>(file));
    await store.update("x:0", like(0));
    let reads = 0;
    let writing = true;
    const writes = (async () => {
      for (let i = 1; i <= 300; i++) await store.update(`x:${i % 20}`, like(i));
      writing = false;
    })();
    while (writing) {
      // Parse throws on a torn file; this must never happen.
      const doc = JSON.parse(readFileSync(file, "utf8")) as StoreData;
      expect(doc.schemaVersion).toBe(2);
      reads++;
      await new Promise((r) => setImmediate(r));
    }
    await writes;
    expect(reads).toBeGreaterThan(10);
    expect(existsSync(join(dir, ".store.json.tmp"))).toBe(false);
  });

  test("the Memory adapter behaves the same for the schema", async () => {
    const store = new LowdbStore(new Memory<StoreData>());
    await store.update("x:1", like(1));
    expect((await store.get("x:1"))?.profile.liked).toHaveLength(1);
  });
});
