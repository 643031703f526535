import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { REPO_ROOT } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { FakeTmdb, movieBody } from "../tmdb/fake-tmdb.ts";

const SECRETS = {
  DISCORD_TOKEN: "MTAxDISCORDsecretTOKEN.abc.def",
  TELEGRAM_TOKEN: "123456:TELEGRAMsecretTOKEN",
  TMDB_API_KEY: "a1b2c3d4e5f6TMDBsecretKEY0000000",
};

let fake: FakeTmdb | undefined;
afterEach(async () => {
  await fake?.stop();
});

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: REPO_ROOT, env });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

test("tokens and API keys never reach the logs, whatever is logged (config, fields, TMDB retries at debug)", async () => {
  fake = new FakeTmdb().on(
    "/movie/949",
    { status: 500 },
    { status: 429, headers: { "retry-after": "0" } },
    { status: 200, body: movieBody(949, "/heat.jpg", { DE: { flatrate: ["Netflix"] } }) },
  );
  const base = await fake.start();
  const dir = tempDir("matinee-logs-");
  const { code, stderr } = await run(join(REPO_ROOT, "test/jobs/fixtures/log-secrets.ts"), {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    MATINEE_CACHE_DIR: join(dir, "cache"),
    TMDB_API_BASE: base,
    ...SECRETS,
  });
  expect(code).toBe(0);
  const lines = stderr.trim().split("\n");
  // It did log: the config, the retries, the 429 pause, the end.
  const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  expect(messages).toEqual(expect.arrayContaining(["config", "config nested", "fields", "done"]));
  expect(messages).toContain("TMDB request retried");
  expect(messages).toContain("TMDB rate limit hit (429): pausing requests");
  expect(stderr).toContain("[redacted]");
  // The key really was sent to TMDB, so it was there to leak.
  expect(fake.requests[0]!.query.api_key).toBe(SECRETS.TMDB_API_KEY);
  for (const secret of Object.values(SECRETS)) expect(stderr).not.toContain(secret);
  // Nor any recognisable part of one.
  expect(stderr).not.toMatch(/secret(TOKEN|KEY)/);
}, 30_000);
