import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { JSONFile } from "lowdb/node";
import { describe, expect, test } from "vitest";
import { backupStore, defaultBackupPath } from "../../bot/commands/backup.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import type { UserState } from "../../core/store/store.ts";
import { REPO_ROOT } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const like =
  (movieId: number) =>
  (s: UserState): UserState => ({
    ...s,
    profile: { ...s.profile, liked: [...s.profile.liked, { movieId, at: movieId }] },
  });

describe("backupStore", () => {
  test("copies the store byte for byte to a time-named file in backups/", async () => {
    const file = join(tempDir("matinee-backup-"), "store.json");
    const store = new LowdbStore(new JSONFile<StoreData>(file));
    await store.update("telegram:1", like(858));
    await store.update("discord:2", like(6));
    await store.close();
    const at = new Date(Date.UTC(2025, 2, 4, 5, 6, 7, 890));
    const result = await backupStore(file, undefined, at);
    expect(result.path).toBe(join(dirname(file), "backups", "store-20250304T050607Z.json"));
    expect(result.path).toBe(defaultBackupPath(file, at));
    expect(result).toMatchObject({ users: 2, schemaVersion: 2 });
    expect(readFileSync(result.path, "utf8")).toBe(readFileSync(file, "utf8"));
    expect(result.bytes).toBe(readFileSync(file).length);
    // Written by rename: no temporary file left beside it.
    expect(readdirSync(dirname(result.path))).toEqual(["store-20250304T050607Z.json"]);
  });

  test("a copy taken while updates are being written is always a whole, loadable store", async () => {
    const dir = tempDir("matinee-backup-live-");
    const file = join(dir, "store.json");
    const store = new LowdbStore(new JSONFile<StoreData>(file));
    await store.update("x:0", like(0));
    const writes = Promise.all(
      Array.from({ length: 200 }, (_, i) => store.update(`x:${i % 7}`, like(i + 1))),
    );
    const copies: string[] = [];
    for (let n = 0; n < 5; n++) {
      copies.push((await backupStore(file, join(dir, `copy-${n}.json`))).path);
      await new Promise((r) => setTimeout(r, 2));
    }
    await writes;
    for (const copy of copies) {
      const restored = new LowdbStore(new JSONFile<StoreData>(copy));
      expect((await restored.get("x:0"))?.profile.liked[0]?.movieId).toBe(0);
    }
  });

  test("no store, a damaged store, or --out naming the store itself: clear errors, nothing written", async () => {
    const dir = tempDir("matinee-backup-bad-");
    const file = join(dir, "store.json");
    await expect(backupStore(file)).rejects.toThrow(/No store at .*store\.json yet/);
    writeFileSync(file, "{ half");
    await expect(backupStore(file, join(dir, "out.json"))).rejects.toThrow(/not valid JSON.*damaged/);
    writeFileSync(file, "[1, 2]");
    await expect(backupStore(file, join(dir, "out.json"))).rejects.toThrow(/not a Matinee store/);
    writeFileSync(file, '{"schemaVersion":2,"users":{},"cards":{}}');
    await expect(backupStore(file, file)).rejects.toThrow(/must not be the store file/);
    expect(existsSync(join(dir, "out.json"))).toBe(false);
  });
});

test("`matinee backup --out FILE --json` through the real command", () => {
  const dir = tempDir("matinee-backup-cli-");
  const storePath = join(dir, "store.json");
  const content = '{"schemaVersion":2,"users":{"a:1":{}},"cards":{}}';
  writeFileSync(storePath, content);
  const out = join(dir, "nested", "copy.json");
  const env = { PATH: process.env.PATH ?? "", HOME: dir, MATINEE_STORE_PATH: storePath };
  const ok = spawnSync(process.execPath, ["bot/bin.js", "backup", "--out", out, "--json"], {
    cwd: REPO_ROOT,
    env,
    encoding: "utf8",
  });
  expect(ok.status).toBe(0);
  expect(JSON.parse(ok.stdout)).toEqual({
    path: out,
    format: "json",
    bytes: content.length,
    users: 1,
    schemaVersion: 2,
  });
  expect(readFileSync(out, "utf8")).toBe(readFileSync(storePath, "utf8"));

  const missing = spawnSync(process.execPath, ["bot/bin.js", "backup"], {
    cwd: REPO_ROOT,
    env: { ...env, MATINEE_STORE_PATH: join(dir, "none.json") },
    encoding: "utf8",
  });
  expect(missing.status).toBe(1);
  expect(missing.stderr.trim().split("\n")).toEqual([
    `matinee: No store at ${join(dir, "none.json")} yet: nothing to back up (set MATINEE_STORE_PATH?).`,
  ]);
});
