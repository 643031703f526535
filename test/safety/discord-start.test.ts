import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Memory } from "lowdb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDiscordBot } from "../../adapters/discord/client.ts";
import { networkCode } from "../../adapters/network-error.ts";
import { UserFacingError } from "../../core/errors.ts";
import { createMatinee } from "../../core/matinee.ts";
import { LowdbStore, type StoreData } from "../../core/store/lowdb-store.ts";
import { APP_ID } from "../discord/fake-discord/fixtures.ts";
import { runCli, sharedApp } from "../helpers/app.ts";
import { lineText, recordingLog } from "../helpers/recording-log.ts";

const app = await sharedApp();
const matinee = createMatinee({
  catalogue: app.catalogue,
  titles: app.titles,
  models: app.models,
  store: new LowdbStore(new Memory<StoreData>()),
});
const recorded = recordingLog();
const { log } = recorded;
/** Everything the adapter logged, a string a line: the token must never appear in it. */
const logged = () => recorded.lines.map(lineText);
const TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.fake.token";

/** Discord under a global rate limit: every request answered 429, as the real API does it. */
let limited: Server;
beforeAll(async () => {
  limited = createServer((_req, res) => {
    res
      .writeHead(429, {
        "content-type": "application/json",
        "retry-after": "30",
        "x-ratelimit-global": "true",
        "x-ratelimit-scope": "global",
      })
      .end(JSON.stringify({ message: "You are being rate limited.", retry_after: 30, global: true }));
  });
  limited.listen(0, "127.0.0.1");
  await once(limited, "listening");
});
afterAll(async () => {
  limited.closeAllConnections();
  await new Promise<void>((resolve) => limited.close(() => resolve()));
});

describe("Discord start-up failures get one clear line and a bounded wait", () => {
  test("a global 429 at start-up is not retried silently forever: a bounded wait, then one line", async () => {
    const port = (limited.address() as AddressInfo).port;
    const start = startDiscordBot({
      matinee,
      token: TOKEN,
      applicationId: APP_ID,
      log,
      restApi: `http://127.0.0.1:${port}/api`,
      startTimeoutMs: 1500,
    });
    const error = await start.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    // discord.js adds its offset to the 30 s Discord asked for.
    expect((error as Error).message).toMatch(
      /^Discord is rate limiting this bot \(a global limit\) and asked it to wait 3\d s; gave up after 2 s\./,
    );
    expect(logged().some((l) => l.includes("Discord is rate limiting this bot"))).toBe(true);
    expect(logged().join("\n")).not.toContain(TOKEN);
  });

  test("network down: one line saying Discord can't be reached, not 'unexpected error: getaddrinfo'", async () => {
    // Port 9 on 127.0.0.1 (discard) has no listener here: the connection is refused at once.
    const start = startDiscordBot({
      matinee,
      token: TOKEN,
      applicationId: APP_ID,
      log,
      restApi: "http://127.0.0.1:9/api",
      startTimeoutMs: 20_000,
    });
    await expect(start).rejects.toThrow(/Cannot reach Discord \(ECONNREFUSED\)/);
  });

  test("`matinee discord register` with the network down: one line, not 'unexpected error: connect ECONNREFUSED'", async () => {
    const r = await runCli(["discord", "register"], {
      env: { DISCORD_TOKEN: TOKEN, DISCORD_APP_ID: APP_ID, DISCORD_API_URL: "http://127.0.0.1:9/api" },
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "matinee: Cannot reach Discord (ECONNREFUSED): check this machine's network and DNS and DISCORD_API_URL (http://127.0.0.1:9/api).",
    );
    expect(r.stderr).not.toContain(TOKEN);
  });

  test("getaddrinfo ENOTFOUND is 'unreachable' however the client wraps it (undici's cause, grammY's error)", () => {
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND discord.com"), { code: "ENOTFOUND" });
    expect(networkCode(new TypeError("fetch failed", { cause: dns }))).toBe("ENOTFOUND");
    expect(networkCode(Object.assign(new Error("Network request for 'getMe' failed!"), { error: dns }))).toBe(
      "ENOTFOUND",
    );
    expect(networkCode(new Error("Unauthorized"))).toBeUndefined();
  });
});
