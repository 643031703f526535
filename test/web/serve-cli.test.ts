import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { expect, it } from "vitest";
import { openSqliteStore } from "../../bot/store/sqlite-file.ts";
import { silentLog } from "../../core/log.ts";
import { cliEnv, tempDir } from "../helpers/app.ts";
import { exitOrKill } from "../helpers/child.ts";
import { REPO_ROOT } from "../helpers/paths.ts";

/** A port nobody listens on right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(REPO_ROOT, "bot/bin.js"), ...args], {
    cwd: REPO_ROOT,
    env: { ...cliEnv(), MATINEE_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { text: "" };
  child.stdout.on("data", (d: Buffer) => {
    out.text += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    out.text += d.toString();
  });
  return { child, out };
}

async function until<T>(probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe().catch(() => undefined);
    if (got !== undefined) return got;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

it("npm start with MATINEE_HTTP_PORT serves the pages and the API on the bots' store, and stops on SIGTERM", async () => {
  const port = await freePort();
  const dir = tempDir("matinee-web-start-");
  const storePath = join(dir, "store.db");
  const { child, out } = start(["start"], { MATINEE_HTTP_PORT: String(port), MATINEE_STORE_PATH: storePath });
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined));
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Try it · Matinee</title>");
    const liked = await fetch(`${base}/api/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ movieId: 858, signal: "like" }),
    });
    expect(liked.status).toBe(200);
    const cookie = liked.headers.get("set-cookie")!.split(";")[0]!;
    const id = decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
    child.kill("SIGTERM");
    const ended = await exitOrKill(child, 30_000);
    expect(ended, out.text).toMatchObject({ exited: true, code: 0 });
    // The profile is in the same store file the bots use, under web:<id>.
    const store = await openSqliteStore(storePath, { log: silentLog });
    try {
      expect((await store.get(`web:${id}`))?.profile.liked.map((e) => e.movieId)).toEqual([858]);
    } finally {
      await store.close();
    }
  } finally {
    child.kill("SIGKILL");
  }
});

it("matinee serve --port 0 says where it serves", async () => {
  const { child, out } = start(["serve", "--port", "0"], {
    MATINEE_STORE_PATH: join(tempDir("matinee-web-serve-"), "store.db"),
  });
  try {
    const url = await until(async () => /served at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out.text)?.[1]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/titles?q=godfa`)).status).toBe(200);
    child.kill("SIGINT");
    expect(await exitOrKill(child, 30_000)).toMatchObject({ exited: true, code: 0 });
  } finally {
    child.kill("SIGKILL");
  }
});

it("a bad MATINEE_HTTP_PORT stops start-up with one line naming it", async () => {
  const { child, out } = start(["serve"], { MATINEE_HTTP_PORT: "99999" });
  const ended = await exitOrKill(child, 30_000);
  expect(ended.code).toBe(1);
  expect(out.text).toMatch(/MATINEE_HTTP_PORT must be a port number/);
});
