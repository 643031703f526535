import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEFAULT_START_RETRY, reachTelegram, withoutToken } from "../../adapters/telegram/start-up.ts";
import { loadConfig } from "../../bot/config.ts";
import { UserFacingError } from "../../core/errors.ts";
import { runCli, tempDir } from "../helpers/app.ts";
import { lineText, recordingLog } from "../helpers/recording-log.ts";
import { FakeBotApi } from "../telegram/fake-bot-api.ts";

/** 127.0.0.1:9 (discard) has no listener here: a connection is refused at once, as when the network is down. */
const NOWHERE = "http://127.0.0.1:9";

let fake: FakeBotApi;
beforeAll(async () => {
  fake = await FakeBotApi.start();
});
afterAll(async () => {
  await fake?.close();
});

/** What start-up threw (it must throw), as a UserFacingError's message. */
async function failure(start: Promise<unknown>): Promise<string> {
  const error = await start.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return (error as Error).message;
}

const getMeCalls = () => fake.calls.filter((c) => c.method === "getMe").length;

describe("Telegram start-up failures get one clear line and a bounded retry", () => {
  test("network down (ECONNREFUSED): a few tries, each announced, then one line naming it; not 150 s of silence", async () => {
    const { log, lines } = recordingLog();
    const message = await failure(
      reachTelegram({ token: fake.token, apiRoot: NOWHERE, log, retry: { attempts: 3, waitSeconds: 0.3 } }),
    );
    expect(message).toBe(
      `Cannot reach Telegram (ECONNREFUSED) at ${NOWHERE} (TELEGRAM_API_ROOT); tried 3 times over 0.3 s: check this machine's network and DNS.`,
    );
    const retries = lines.filter((l) => l.level === "warn");
    expect(retries.map((l) => l.msg)).toEqual([
      "Cannot reach Telegram (ECONNREFUSED): trying again",
      "Cannot reach Telegram (ECONNREFUSED): trying again",
    ]);
    expect([message, ...lines.map(lineText)].join("\n")).not.toContain(fake.token);
  });

  test("a rejected token (401) is said at once, never retried", async () => {
    const { log, lines } = recordingLog();
    fake.failNext("getMe", { code: 401, description: "Unauthorized" });
    const before = getMeCalls();
    const message = await failure(
      reachTelegram({
        token: fake.token,
        apiRoot: fake.apiRoot,
        log,
        retry: { attempts: 5, waitSeconds: 30 },
      }),
    );
    expect(message).toBe(
      "Telegram rejected TELEGRAM_TOKEN (401 Unauthorized): copy the token again from @BotFather (/token).",
    );
    expect(getMeCalls() - before).toBe(1);
    expect(lines.filter((l) => l.level === "warn")).toEqual([]);
  });

  test("rate limited at start (429, retry_after 120 s, beyond the wait allowed): one line with the wait, no retry", async () => {
    const { log } = recordingLog();
    fake.failNext("getMe", { code: 429, description: "Too Many Requests: retry after 120", retryAfter: 120 });
    const before = getMeCalls();
    const message = await failure(
      reachTelegram({
        token: fake.token,
        apiRoot: fake.apiRoot,
        log,
        retry: { attempts: 5, waitSeconds: 30 },
      }),
    );
    expect(message).toMatch(
      /^Telegram is rate limiting this bot and asked it to wait 120 s\. Wait that long/,
    );
    expect(getMeCalls() - before).toBe(1);
  });

  test("rate limited at start with a retry_after that fits: waited out, announced, then connected", async () => {
    const { log, lines } = recordingLog();
    fake.failNext("getMe", { code: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 });
    const before = getMeCalls();
    const me = await reachTelegram({
      token: fake.token,
      apiRoot: fake.apiRoot,
      log,
      retry: { attempts: 3, waitSeconds: 5 },
    });
    expect(me.username).toBe(fake.me.username);
    expect(getMeCalls() - before).toBe(2);
    expect(lines.map(lineText).join("\n")).toContain("rate limiting this bot at start-up: waiting as asked");
  });

  test("the bound is configurable: TELEGRAM_START_ATTEMPTS / _SECONDS, 5 over 30 s by default, nonsense refused", () => {
    expect(loadConfig({}).telegramStart).toEqual(DEFAULT_START_RETRY);
    expect(DEFAULT_START_RETRY).toEqual({ attempts: 5, waitSeconds: 30 });
    const set = loadConfig({
      TELEGRAM_START_ATTEMPTS: "2",
      TELEGRAM_START_SECONDS: "0.5",
      TELEGRAM_API_ROOT: `${NOWHERE}/`,
    });
    expect(set.telegramStart).toEqual({ attempts: 2, waitSeconds: 0.5 });
    expect(set.telegramApiRoot).toBe(NOWHERE);
    expect(() => loadConfig({ TELEGRAM_START_ATTEMPTS: "0" })).toThrow(
      /TELEGRAM_START_ATTEMPTS must be a whole number from 1 up/,
    );
    expect(() => loadConfig({ TELEGRAM_START_SECONDS: "-1" })).toThrow(
      /TELEGRAM_START_SECONDS must be a number of seconds/,
    );
  });

  test("the token never shows, even in an address a network error quotes", () => {
    const token = "123456789:AAF-secret_part";
    expect(withoutToken(`request to https://api.telegram.org/bot${token}/getMe failed`, token)).toBe(
      "request to https://api.telegram.org/bot<token>/getMe failed",
    );
    // Another bot's token (a copy-paste from elsewhere) is hidden as well.
    expect(withoutToken("…/bot987654:XYZ-abc_1/getMe", token)).toBe("…/bot<token>/getMe");
  });

  test("`matinee start` with the network down exits 1 with the one line, the token nowhere in its output", async () => {
    const token = "123456789:AAF-not-a-real-token_xyz";
    // A start-up that retried for ever would never close, and the test's own timeout fails it.
    const { code, stdout, stderr } = await runCli(["start"], {
      env: {
        MATINEE_STORE_PATH: join(tempDir("matinee-tg-start-"), "store.db"),
        TELEGRAM_TOKEN: token,
        TELEGRAM_API_ROOT: NOWHERE,
        TELEGRAM_START_ATTEMPTS: "2",
        TELEGRAM_START_SECONDS: "0.2",
      },
    });
    expect(code, `exit code; stderr:\n${stderr.slice(-500)}`).toBe(1);
    const last = stderr.trimEnd().split("\n").at(-1);
    expect(last).toBe(
      `matinee: Cannot reach Telegram (ECONNREFUSED) at ${NOWHERE} (TELEGRAM_API_ROOT); tried 2 times over 0.2 s: check this machine's network and DNS.`,
    );
    expect(stderr).not.toContain("unexpected error");
    expect(`${stdout}${stderr}`).not.toContain(token);
    expect(`${stdout}${stderr}`).not.toContain("AAF-not-a-real");
  }, 90_000);
});
