import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FakeDiscord } from "../discord/fake-discord/fake-discord.ts";
import { APP_ID, TEXT_CHANNEL } from "../discord/fake-discord/fixtures.ts";
import { TOKEN } from "../discord/fake-discord/harness.ts";
import { cliEnv, runCli, tempDir } from "../helpers/app.ts";
import { REPO_ROOT } from "../helpers/paths.ts";

describe("`matinee start` with platform tokens", () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = new FakeDiscord({ token: TOKEN, channels: [TEXT_CHANNEL], heartbeatInterval: 41_250 });
    await fake.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  test("DISCORD_TOKEN starts the Discord bot, which goes online and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "bot/bin.js"), "start"], {
      cwd: REPO_ROOT,
      env: {
        ...cliEnv(),
        MATINEE_STORE_PATH: join(tempDir(), "store.json"),
        MATINEE_LOG_LEVEL: "info",
        DISCORD_TOKEN: TOKEN,
        DISCORD_APP_ID: APP_ID,
        DISCORD_API_URL: fake.restApi,
      },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = once(child, "close");
    await fake.whenReady();
    expect(fake.identify?.token).toBe(TOKEN);
    // The log says the bot is online, and never prints the token.
    while (!stderr.includes("bot online")) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGTERM");
    const [code] = await exited;
    expect(code).toBe(0);
    expect(stderr).toContain("shutting down");
    expect(stderr).not.toContain(TOKEN);
  });

  test("a missing application id is one clear line, before any loading", async () => {
    const r = await runCli(["start"], { env: { DISCORD_TOKEN: TOKEN } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("DISCORD_APP_ID");
    expect(r.stderr).not.toContain(TOKEN);
  });
});
