import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, inject, test } from "vitest";
import { runCli, tempDir } from "../helpers/app.ts";
import { exitOrKill, whenPrinted } from "../helpers/child.ts";
import { REPO_ROOT } from "../helpers/paths.ts";
import { FakeTmdb } from "../tmdb/fake-tmdb.ts";

/** util-linux `script` gives the chat a real pseudo-terminal (stdin.isTTY, raw mode), as a person has. */
const hasScript = spawnSync("script", ["--version"]).status === 0;

function chatEnv(store: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    TERM: "dumb",
    MATINEE_DATA_DIR: inject("dataDir"),
    MATINEE_CACHE_DIR: inject("cacheDir"),
    MATINEE_STORE_PATH: store,
  };
}

describe("leaving the terminal chat", () => {
  test.skipIf(!hasScript)(
    "Ctrl-D at a real terminal during a turn: the turn is answered, 'Bye!' once, exit 0, the like kept",
    async () => {
      const store = join(tempDir("matinee-eof-"), "store.db");
      const env = chatEnv(store);
      const chat = `${process.execPath} ${join(REPO_ROOT, "bot/bin.js")} chat`;
      // -e: script exits with the chat's own code; -f: output as it comes; no log file.
      const child = spawn("script", ["-qfec", chat, "/dev/null"], { cwd: REPO_ROOT, env });
      const out = { text: "" };
      child.stdout.on("data", (d: Buffer) => {
        out.text += d.toString();
      });
      await whenPrinted(child, out, "you › ");
      // The line and Ctrl-D in one write: the terminal closes while that line's turn is in
      // flight. The pipe into `script` stays open, as a person's terminal does.
      child.stdin.write("I loved Heat and Alien\r\u0004");
      const ended = await exitOrKill(child, 45_000);
      child.stdin.destroy();
      expect(ended.exited, `still running after "Bye!":\n${out.text.slice(-400)}`).toBe(true);
      expect(ended.code).toBe(0);
      expect(out.text).toContain("Got it: 👍 Heat (1995), 👍 Alien (1979)");
      expect(out.text.match(/Bye!/g)).toHaveLength(1);
      // Nothing acknowledged is lost: the next chat knows both films.
      const next = await runCli(["chat"], { input: "profile\n", env: { MATINEE_STORE_PATH: store } });
      expect(next.stdout).toMatch(/👍 Liked: .*Heat \(1995\)/);
      expect(next.stdout).toMatch(/👍 Liked: .*Alien \(1979\)/);
    },
    90_000,
  );

  test("`quit` while TMDB answers 429 (Retry-After 50 s) ends the process: lookups waiting give up", async () => {
    const tmdb = new FakeTmdb().on("*", { status: 429, headers: { "retry-after": "50" } });
    const base = await tmdb.start();
    try {
      const env = {
        ...chatEnv(join(tempDir("matinee-tmdb-quit-"), "store.db")),
        TMDB_API_KEY: "test-key-not-real",
        TMDB_API_BASE: base,
        // Posters come from the metadata files; where-to-watch for a region needs the API.
        MATINEE_REGION: "US",
      };
      const child = spawn(process.execPath, [join(REPO_ROOT, "bot/bin.js"), "chat"], { cwd: REPO_ROOT, env });
      const out = { text: "" };
      child.stdout.on("data", (d: Buffer) => {
        out.text += d.toString();
      });
      child.stdin.write("I loved Heat\n");
      await whenPrinted(child, out, "because you liked Heat");
      // The cards asked TMDB for where-to-watch and were told to wait: then the person leaves.
      await waitUntil(() => tmdb.rateLimitedAt.length > 0);
      child.stdin.end("quit\n");
      const ended = await exitOrKill(child, 45_000);
      expect(ended.exited, `still running after quit:\n${out.text.slice(-300)}`).toBe(true);
      expect(ended.code).toBe(0);
      expect(out.text.match(/Bye!/g)).toHaveLength(1);
    } finally {
      await tmdb.stop();
    }
  }, 90_000);
});

/** Polls a condition the test cannot be told about (a fake server's record). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}
