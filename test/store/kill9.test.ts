import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { expect, test } from "vitest";
import { STORE_SCHEMA_VERSION, type StoreData } from "../../core/store/lowdb-store.ts";
import { freshUser } from "../../core/store/store.ts";
import { seededRandom } from "../../models/random.ts";
import { REPO_ROOT } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const WRITER = join(REPO_ROOT, "test/store/fixtures/store-writer.ts");

/**
 * Runs the writer until it has acknowledged at least one update, lets it go on for
 * `extraMs`, then kills it with SIGKILL. Returns every "key movieId" it acknowledged.
 */
function writeAndKill(file: string, round: number, extraMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, file, String(round)], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const acks: string[] = [];
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^ack (\S+) (\d+)$/.exec(line);
      if (!m) return;
      acks.push(`${m[1]} ${m[2]}`);
      timer ??= setTimeout(() => child.kill("SIGKILL"), extraMs);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal !== "SIGKILL") reject(new Error(`writer exited on its own (${code}): ${stderr}`));
      // The readline may still hold the last lines: let it drain before answering.
      else setImmediate(() => resolve(acks));
    });
  });
}

test("a store written in a loop and killed with SIGKILL keeps every acknowledged update", async () => {
  const dir = tempDir("matinee-kill9-");
  const file = join(dir, "store.json");
  // Other users' data makes each write take long enough for kills to land mid-write.
  const users: StoreData["users"] = {};
  for (let u = 0; u < 400; u++) {
    const state = freshUser(`padding:${u}`, 1);
    state.conversation.shown = Array.from({ length: 40 }, (_, i) => i * 7 + u);
    users[state.key] = state;
  }
  writeFileSync(file, JSON.stringify({ schemaVersion: STORE_SCHEMA_VERSION, users, cards: {} }));

  const rand = seededRandom(9);
  const acked: string[] = [];
  for (let round = 1; round <= 5; round++) {
    const acks = await writeAndKill(file, round, 20 + Math.floor(rand() * 250));
    expect(acks.length).toBeGreaterThan(0);
    acked.push(...acks);
    // After every kill the file is whole JSON (never half a write), still at the current schema.
    const doc = JSON.parse(readFileSync(file, "utf8")) as StoreData;
    expect(doc.schemaVersion).toBe(STORE_SCHEMA_VERSION);
    expect(Object.keys(doc.users)).toHaveLength(403);
  }

  const doc = JSON.parse(readFileSync(file, "utf8")) as StoreData;
  const stored = new Set(
    Object.values(doc.users).flatMap((s) => s.profile.liked.map((e) => `${s.key} ${e.movieId}`)),
  );
  const lost = acked.filter((a) => !stored.has(a));
  expect(acked.length).toBeGreaterThan(15);
  expect(lost).toEqual([]);
  // Each user's likes are in the order they were made: no update overtook another.
  for (const key of ["telegram:1", "telegram:2", "discord:3"]) {
    const ids = doc.users[key]!.profile.liked.map((e) => e.movieId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  }
  // Only the store and at most steno's temporary file are there: no stray copies.
  expect(readdirSync(dir).filter((f) => f !== "store.json" && f !== ".store.json.tmp")).toEqual([]);
}, 60_000);
