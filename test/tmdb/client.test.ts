import { afterEach, describe, expect, test } from "vitest";
import {
  retryAfterMs,
  TmdbAuthError,
  TmdbClient,
  type TmdbClientOptions,
  TmdbStoppedError,
} from "../../data/tmdb-api/client.ts";
import { RateLimiter } from "../../data/tmdb-api/rate-limit.ts";
import { lineText, recordingLog } from "../helpers/recording-log.ts";
import { FakeTmdb, movieBody } from "./fake-tmdb.ts";

const KEY = "0123456789abcdef0123456789abcdef";
let fake: FakeTmdb;

afterEach(async () => {
  await fake?.stop();
});

async function clientFor(options: Partial<TmdbClientOptions> = {}) {
  const baseUrl = await fake.start();
  return new TmdbClient({
    apiKey: KEY,
    baseUrl,
    backoffMs: 20,
    timeoutMs: 2000,
    rateLimit: { perSecond: 200, concurrency: 4 },
    random: () => 0.5,
    ...options,
  });
}

describe("Retry-After", () => {
  test("seconds or an HTTP date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs("0.5")).toBe(500);
    const now = Date.UTC(2025, 0, 1, 12, 0, 0);
    expect(retryAfterMs("Wed, 01 Jan 2025 12:00:03 GMT", now)).toBe(3000);
    expect(retryAfterMs("Wed, 01 Jan 2025 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});

describe("TmdbClient against a fake TMDB on 127.0.0.1", () => {
  test("a v3 key goes as api_key, a v4 token as a Bearer header", async () => {
    fake = new FakeTmdb().on("/movie/603", { status: 200, body: movieBody(603, "/m.jpg") });
    const baseUrl = await fake.start();
    const client = new TmdbClient({ apiKey: KEY, baseUrl });
    expect(await client.get("/movie/603", { append_to_response: "watch/providers" })).toMatchObject({
      id: 603,
    });
    expect(fake.requests[0]!.query).toEqual({ api_key: KEY, append_to_response: "watch/providers" });
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();

    const v4 = new TmdbClient({ apiKey: "eyJhbGciOiJIUzI1NiJ9.e30.sig", baseUrl });
    await v4.get("/movie/603");
    expect(fake.requests[1]!.headers.authorization).toBe("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig");
    expect(fake.requests[1]!.query).toEqual({});
  });

  test("429 with Retry-After: the request waits that long, then succeeds", async () => {
    fake = new FakeTmdb().on(
      "/movie/1",
      { status: 429, headers: { "retry-after": "1" }, body: { status_code: 25 } },
      { status: 200, body: movieBody(1, "/p.jpg") },
    );
    const { log, lines } = recordingLog();
    const client = await clientFor({ log });
    expect(await client.get("/movie/1")).toMatchObject({ poster_path: "/p.jpg" });
    const [first, second] = fake.calls("/movie/1");
    expect(first && second).toBeTruthy();
    // Honoured: the retry came no sooner than Retry-After after the 429 went out.
    expect(second!.at - fake.rateLimitedAt[0]!).toBeGreaterThanOrEqual(995);
    expect(lines.map(lineText).some((l) => l.startsWith("warn") && l.includes("429"))).toBe(true);
  });

  test("a 429 pauses other requests too, not just the one that got it", async () => {
    fake = new FakeTmdb()
      .on(
        "/movie/1",
        { status: 429, headers: { "retry-after": "1" } },
        { status: 200, body: movieBody(1, null) },
      )
      .on("/movie/2", { status: 200, body: movieBody(2, null) });
    const client = await clientFor();
    const first = client.get("/movie/1");
    while (fake.rateLimitedAt.length === 0) await new Promise((r) => setTimeout(r, 5));
    // Give the client a moment to read the 429, then ask for something else.
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all([first, client.get("/movie/2")]);
    expect(fake.calls("/movie/2")[0]!.at - fake.rateLimitedAt[0]!).toBeGreaterThanOrEqual(995);
  });

  test("429 without Retry-After backs off and retries", async () => {
    fake = new FakeTmdb().on(
      "/movie/1",
      { status: 429 },
      { status: 429 },
      { status: 200, body: movieBody(1, null) },
    );
    const client = await clientFor();
    expect(await client.get("/movie/1")).toMatchObject({ id: 1 });
    expect(fake.calls("/movie/1")).toHaveLength(3);
  });

  test("a request that times out is tried again", async () => {
    fake = new FakeTmdb().on("/movie/1", "hang", { status: 200, body: movieBody(1, "/p.jpg") });
    const client = await clientFor({ timeoutMs: 150 });
    expect(await client.get("/movie/1")).toMatchObject({ id: 1 });
    expect(fake.calls("/movie/1")).toHaveLength(2);
  });

  test("server errors back off and retry; after maxAttempts the error names the path, never the key", async () => {
    fake = new FakeTmdb()
      .on("/movie/1", { status: 503 }, { status: 502 }, { status: 200, body: movieBody(1, null) })
      .on("/movie/2", { status: 500 });
    const { log, lines } = recordingLog();
    const client = await clientFor({ maxAttempts: 3, log });
    expect(await client.get("/movie/1")).toMatchObject({ id: 1 });
    expect(fake.calls("/movie/1")).toHaveLength(3);
    const failure = await client.get("/movie/2").catch((e: Error) => e);
    expect((failure as Error).message).toBe("TMDB /movie/2: gave up after 3 attempts (HTTP 500)");
    expect(fake.calls("/movie/2")).toHaveLength(3);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map(lineText).join("\n")).not.toContain(KEY);
  });

  test("an unreachable server is a network error, retried, then reported", async () => {
    fake = new FakeTmdb();
    const base = await fake.start();
    await fake.stop();
    const client = new TmdbClient({ apiKey: KEY, baseUrl: base, backoffMs: 5, maxAttempts: 2 });
    await expect(client.get("/movie/1")).rejects.toThrow(
      /gave up after 2 attempts \(network error ECONNREFUSED\)/,
    );
    fake = new FakeTmdb();
    await fake.start();
  });

  test("404 is 'no such film' (undefined), 401 is a bad key; neither is retried", async () => {
    fake = new FakeTmdb().on("/movie/9", { status: 404 }).on("/movie/10", { status: 401 });
    const client = await clientFor();
    expect(await client.get("/movie/9")).toBeUndefined();
    await expect(client.get("/movie/10")).rejects.toThrow(TmdbAuthError);
    expect(fake.calls("/movie/9")).toHaveLength(1);
    expect(fake.calls("/movie/10")).toHaveLength(1);
  });

  test("a Retry-After beyond the limit is not waited out by the request", async () => {
    fake = new FakeTmdb().on("/movie/1", { status: 429, headers: { "retry-after": "3600" } });
    const client = await clientFor({ maxRetryAfterMs: 5000 });
    await expect(client.get("/movie/1")).rejects.toThrow("TMDB /movie/1: asked to wait 3600 s (HTTP 429)");
  });

  test("requests stay under the rate and the concurrency limits", async () => {
    fake = new FakeTmdb().on("*", { status: 200, body: movieBody(1, null), delayMs: 5 });
    const client = await clientFor({ rateLimit: { perSecond: 50, concurrency: 2 } });
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.get(`/movie/${i}`)));
    const at = fake.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(at).toHaveLength(12);
    // 12 starts at ≤ 50 a second span 11 intervals of 20 ms (220 ms); with no rate limit they
    // would span about six 5 ms answers. Arrival times at the fake jitter on a busy machine (a
    // late first request shortens the span), so the bound keeps a quarter for slack.
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(11 * 20 * 0.75);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
  });
});

describe("stopping the client (shutdown)", () => {
  test("stop(): requests waiting out a 429, or queued behind it, fail at once and are not retried", async () => {
    fake = new FakeTmdb().on("*", { status: 429, headers: { "retry-after": "50" } });
    const client = await clientFor({ rateLimit: { perSecond: 200, concurrency: 1 } });
    const waiting = Array.from({ length: 3 }, (_, i) => client.get(`/movie/${i}`));
    const settled = Promise.allSettled(waiting);
    while (fake.rateLimitedAt.length === 0) await new Promise((r) => setTimeout(r, 5));
    client.stop();
    const results = await settled;
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(TmdbStoppedError);
    }
    expect(client.pending).toBe(0);
    // None was tried again (a retry would come after the 50 s TMDB asked for).
    for (let i = 0; i < 3; i++) expect(fake.calls(`/movie/${i}`).length).toBeLessThanOrEqual(1);
  });

  test("abort(): a request on the wire is dropped, not waited for", async () => {
    fake = new FakeTmdb().on("/movie/1", "hang");
    const client = await clientFor({ timeoutMs: 60_000 });
    const request = client.get("/movie/1");
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    client.abort();
    await expect(request).rejects.toBeInstanceOf(TmdbStoppedError);
  });
});

describe("RateLimiter", () => {
  test("a task given up by its signal while queued never runs, and the others still do", async () => {
    const limiter = new RateLimiter({ perSecond: 1000, concurrency: 1 });
    const give = new AbortController();
    let release: () => void = () => {};
    const ran: string[] = [];
    const first = limiter.schedule(async () => {
      ran.push("first");
      await new Promise<void>((r) => {
        release = r;
      });
    });
    const abandoned = limiter.schedule(async () => {
      ran.push("abandoned");
    }, give.signal);
    const last = limiter.schedule(async () => {
      ran.push("last");
    });
    give.abort(new Error("leaving"));
    await expect(abandoned).rejects.toThrow("leaving");
    release();
    await Promise.all([first, last]);
    expect(ran).toEqual(["first", "last"]);
    expect(limiter.pending).toBe(0);
  });

  test("never runs more than its concurrency, and runs everything", async () => {
    const limiter = new RateLimiter({ perSecond: 1000, concurrency: 3 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.schedule(async () => {
          running++;
          most = Math.max(most, running);
          order.push(i);
          await new Promise((r) => setTimeout(r, 1 + (i % 3)));
          running--;
        }),
      ),
    );
    expect(most).toBe(3);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(limiter.pending).toBe(0);
  });

  test("refuses nonsense limits", () => {
    expect(() => new RateLimiter({ perSecond: 0, concurrency: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ perSecond: 5, concurrency: 0 })).toThrow(RangeError);
  });
});
