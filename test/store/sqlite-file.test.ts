import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { backupConfigured, importBackup } from "../../bot/commands/backup.ts";
import { loadConfig } from "../../bot/config.ts";
import { openStore } from "../../bot/store/open-store.ts";
import { SQL_SCHEMA_VERSION } from "../../core/store/sql-schema.ts";
import type { UserState } from "../../core/store/store.ts";
import { recordingLog } from "../helpers/recording-log.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const like =
  (movieId: number) =>
  (s: UserState): UserState => ({
    ...s,
    profile: { ...s.profile, liked: [...s.profile.liked, { movieId, at: movieId }] },
  });

const V1_FILE = {
  schemaVersion: 1,
  users: {
    "telegram:1": {
      key: "telegram:1",
      profile: { liked: [{ movieId: 858, at: 10 }], disliked: [], seen: [], watchlist: [] },
      conversation: { shown: [1, 2, 3], lastCards: [2, 3] },
      updatedAt: 12,
    },
  },
};

const configAt = (storePath: string) => loadConfig({ MATINEE_STORE_PATH: storePath });
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

describe("the SQLite store file", () => {
  test("is the default, created owner-only, with WAL", async () => {
    expect(loadConfig({ XDG_STATE_HOME: "/state" }).storePath).toBe("/state/matinee/store.db");
    const path = join(tempDir("matinee-sqlite-"), "state", "store.db");
    const store = await openStore(configAt(path));
    await store.update("x:1", like(1));
    expect(store.backend).toBe("sqlite");
    await store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  test("an old store.json beside it is imported on first start and kept as a backup", async () => {
    const dir = tempDir("matinee-legacy-");
    writeFileSync(join(dir, "store.json"), `\uFEFF${JSON.stringify(V1_FILE)}`);
    const logged = recordingLog();
    const store = await openStore(configAt(join(dir, "store.db")), logged.log);
    const s = await store.get("telegram:1");
    expect(s?.profile.liked).toEqual([{ movieId: 858, at: 10 }]);
    expect(s?.profile.prefs).toEqual([]);
    await store.close();
    expect(existsSync(join(dir, "store.json"))).toBe(false);
    const kept = readdirSync(dir).filter((f) => /^store\.pre-sqlite-.*\.json$/.test(f));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!), "utf8")).toContain('"telegram:1"');
    // A second start finds nothing more to import.
    const again = await openStore(configAt(join(dir, "store.db")));
    expect(await again.get("telegram:1")).toBeDefined();
    await again.close();
  });

  test("a file that is not a database stops start-up with one line naming it and the fix", async () => {
    const path = join(tempDir("matinee-notdb-"), "store.db");
    writeFileSync(path, "this is not sqlite, it is a text file someone saved here");
    const attempt = openStore(configAt(path));
    await expect(attempt).rejects.toThrow(
      new RegExp(
        `^Cannot open the store ${reEscape(path)}: it is not a SQLite database\\. Copy the file aside \\(mv`,
      ),
    );
    await attempt.catch((e: Error) => expect(e.message.split("\n")).toHaveLength(1));
    expect(readFileSync(path, "utf8")).toContain("text file");
  });

  test("a database whose pages are damaged is refused, not served", async () => {
    const path = join(tempDir("matinee-corrupt-"), "store.db");
    const store = await openStore(configAt(path));
    for (let i = 0; i < 2000; i++) await store.update(`x:${i}`, like(i));
    await store.close();
    const bytes = readFileSync(path);
    // Keep SQLite's header, scribble over the pages after the first.
    for (let i = 4096; i < bytes.length; i += 7) bytes[i] = 0xa5;
    writeFileSync(path, bytes);
    const attempt = openStore(configAt(path));
    await expect(attempt).rejects.toThrow(/^Cannot open the store .*Copy the file aside/);
    await attempt.catch((e: Error) => expect(e.message.split("\n")).toHaveLength(1));
  });

  test("a database from a newer Matinee, or someone else's, is refused untouched", async () => {
    const dir = tempDir("matinee-newer-db-");
    const path = join(dir, "store.db");
    await (await openStore(configAt(path))).close();
    const db = new Database(path);
    db.prepare("UPDATE matinee_meta SET value = ? WHERE name = 'schema_version'").run(
      String(SQL_SCHEMA_VERSION + 1),
    );
    db.close();
    await expect(openStore(configAt(path))).rejects.toThrow(
      new RegExp(
        `newer Matinee \\(store schema ${SQL_SCHEMA_VERSION + 1}; this version reads up to ${SQL_SCHEMA_VERSION}\\)`,
      ),
    );
    const other = join(dir, "other.db");
    const foreign = new Database(other);
    foreign.exec("CREATE TABLE users (id INTEGER)");
    foreign.close();
    await expect(openStore(configAt(other))).rejects.toThrow(
      /holds a "users" table but is not a Matinee store/,
    );
  });

  test("one malformed user record is isolated: logged, kept aside, the user starts afresh, others untouched", async () => {
    const path = join(tempDir("matinee-badrow-"), "store.db");
    const store = await openStore(configAt(path));
    await store.update("x:good", like(1));
    await store.update("x:bad", like(2));
    await store.close();
    const db = new Database(path);
    db.prepare("UPDATE users SET state = ? WHERE key = 'x:bad'").run('{"key":"x:bad","profile":');
    db.close();
    const logged = recordingLog();
    const again = await openStore(configAt(path), logged.log);
    expect(await again.get("x:bad")).toBeUndefined();
    expect((await again.update("x:bad", like(3))).profile.liked.map((e) => e.movieId)).toEqual([3]);
    expect((await again.get("x:good"))?.profile.liked.map((e) => e.movieId)).toEqual([1]);
    await again.close();
    expect(logged.lines.some((l) => l.level === "warn" && /could not be read/.test(l.msg))).toBe(true);
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT key, state FROM damaged_users").all()).toEqual([
      { key: "x:bad", state: '{"key":"x:bad","profile":' },
    ]);
    check.close();
  });

  test("matinee backup: SQLite's online backup while writing, and JSON export/import", async () => {
    const dir = tempDir("matinee-sqlite-backup-");
    const config = configAt(join(dir, "store.db"));
    const store = await openStore(config);
    for (let i = 0; i < 200; i++) await store.update(`x:${i % 20}`, like(i));
    // A backup taken while this process goes on writing is one consistent moment.
    const writes = (async () => {
      for (let i = 200; i < 400; i++) {
        await store.update(`x:${i % 20}`, like(i));
        await new Promise((r) => setImmediate(r));
      }
    })();
    const copy = await backupConfigured(config, { out: join(dir, "copy.db") });
    await writes;
    expect(copy).toMatchObject({ format: "sqlite", users: 20, schemaVersion: SQL_SCHEMA_VERSION });
    expect(statSync(copy.path).mode & 0o777).toBe(0o600);
    const restored = await openStore(configAt(copy.path));
    expect((await restored.exportDocument()).counts.users).toBe(20);
    await restored.close();

    const json = await backupConfigured(config, { out: join(dir, "copy.json"), format: "json" });
    expect(json).toMatchObject({ format: "json", users: 20 });
    await store.close();
    const target = configAt(join(dir, "fresh.db"));
    expect(await importBackup(target, json.path)).toMatchObject({ users: 20, cards: 0, skipped: 0 });
    const fresh = await openStore(target);
    expect((await fresh.get("x:3"))?.profile.liked).toHaveLength(20);
    await fresh.close();
  });
});

describe("the lowdb (.json) store file", () => {
  test("holding null or empty: starts empty with a warning; with a BOM: read as JSON; written owner-only", async () => {
    const dir = tempDir("matinee-json-");
    for (const [name, text] of [
      ["null.json", "null\n"],
      ["empty.json", ""],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const logged = recordingLog();
      const store = await openStore(configAt(path), logged.log);
      expect(await store.get("x:1")).toBeUndefined();
      await store.update("x:1", like(1));
      await store.close();
      expect(logged.lines.some((l) => l.level === "warn" && /empty/.test(l.msg))).toBe(true);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    }
    const bom = join(dir, "bom.json");
    writeFileSync(bom, `\uFEFF${JSON.stringify(V1_FILE)}`);
    const store = await openStore(configAt(bom));
    expect((await store.get("telegram:1"))?.profile.liked).toHaveLength(1);
    await store.close();
  });

  test("a damaged file stops start-up with one line, and releases its lock", async () => {
    const path = join(tempDir("matinee-json-bad-"), "store.json");
    writeFileSync(path, '{"users": {');
    await expect(openStore(configAt(path))).rejects.toThrow(new RegExp(`Cannot read ${reEscape(path)}`));
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});
