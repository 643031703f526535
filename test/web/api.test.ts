import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../adapters/web/server.ts";
import { writeEvalReport } from "./eval-report.ts";
import { startTestWeb, type TestWeb } from "./web-server.ts";

const GODFATHER = 858;
const HEAT = 6;
const TITANIC = 1721;

let web: TestWeb;
beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(async () => {
  await web?.close();
});

/** A client that keeps its cookie between calls, as a browser does. */
function client() {
  let cookie = "";
  const call = async (
    path: string,
    init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...init.headers };
    if (init.json !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${web.url}${path}`, {
      method: init.method ?? (init.json !== undefined || init.body !== undefined ? "POST" : "GET"),
      headers,
      ...(init.json !== undefined
        ? { body: JSON.stringify(init.json) }
        : init.body !== undefined
          ? { body: init.body }
          : {}),
    });
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0]!.endsWith("=") ? "" : set.split(";")[0]!;
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: a page or a plain answer.
    }
    return { status: res.status, headers: res.headers, text, json, setCookie: set };
  };
  return { call, cookie: () => cookie };
}

type Rec = { movieId: number; title: string; reasons: string[]; poster: string | null };

describe("web API: happy paths", () => {
  it("GET /healthz answers ok", async () => {
    const r = await client().call("/healthz");
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true });
  });

  it("POST /api/match finds the films and how they were felt about", async () => {
    const r = await client().call("/api/match", {
      json: { text: "I loved The Godfather but hated Titanic" },
    });
    expect(r.status).toBe(200);
    const movies = r.json.movies as { movieId: number; sentiment: string }[];
    expect(movies.map((m) => [m.movieId, m.sentiment])).toEqual([
      [GODFATHER, "like"],
      [TITANIC, "dislike"],
    ]);
  });

  it("POST /api/recommend by ids gives k explained cards, none of the given films", async () => {
    const r = await client().call("/api/recommend", { json: { likeIds: [GODFATHER, HEAT], k: 5 } });
    expect(r.status).toBe(200);
    const recs = r.json.recommendations as Rec[];
    expect(recs).toHaveLength(5);
    expect(recs.map((c) => c.movieId)).not.toContain(GODFATHER);
    for (const c of recs) expect(c.reasons.length).toBeGreaterThan(0);
    expect(r.json.source).toBe("ids");
  });

  it("POST /api/recommend by words reads the films as the chat does", async () => {
    const r = await client().call("/api/recommend", { json: { likes: "The Godfather and Heat" } });
    expect(r.status).toBe(200);
    expect((r.json.understood as { movieId: number }[]).map((u) => u.movieId)).toEqual([GODFATHER, HEAT]);
    expect((r.json.recommendations as Rec[]).length).toBe(10);
  });

  it("diversity and recency change the order of the same taste", async () => {
    const c = client();
    const ids = async (diversity: number, recency: number) =>
      (
        (await c.call("/api/recommend", { json: { likeIds: [GODFATHER, HEAT], diversity, recency } })).json
          .recommendations as Rec[]
      ).map((r) => r.movieId);
    expect(await ids(0, 0)).not.toEqual(await ids(1, 1));
  });

  it("GET /api/similar/:movieId gives films like it", async () => {
    const r = await client().call(`/api/similar/${GODFATHER}?k=4`);
    expect(r.status).toBe(200);
    const recs = r.json.recommendations as Rec[];
    expect(recs).toHaveLength(4);
    expect(recs.map((c) => c.movieId)).not.toContain(GODFATHER);
  });

  it("GET /api/titles completes a prefix with at most 25 titles", async () => {
    const r = await client().call("/api/titles?q=the");
    expect(r.status).toBe(200);
    const titles = r.json.titles as { movieId: number; label: string }[];
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThanOrEqual(25);
    const god = (await client().call("/api/titles?q=godfa")).json.titles as {
      movieId: number;
      label: string;
    }[];
    expect(god[0]).toMatchObject({ movieId: GODFATHER, label: "The Godfather (1972)" });
    expect(((await client().call("/api/titles?q=")).json.titles as unknown[]).length).toBe(0);
  });

  it("feedback goes to the store as web:<id>, the profile follows it, forget me removes it", async () => {
    const c = client();
    const liked = await c.call("/api/feedback", { json: { movieId: GODFATHER, signal: "like" } });
    expect(liked.status).toBe(200);
    expect(liked.setCookie).toMatch(/HttpOnly/i);
    expect(liked.setCookie).toMatch(/SameSite=Strict/i);
    await c.call("/api/feedback", { json: { movieId: TITANIC, rating: 1 } });
    await c.call("/api/feedback", { json: { movieId: HEAT, rating: 3 } });
    const profile = await c.call("/api/profile");
    expect(profile.json).toMatchObject({
      liked: [{ movieId: GODFATHER }],
      disliked: [{ movieId: TITANIC }],
      seen: [{ movieId: HEAT }],
    });
    const id = decodeURIComponent(c.cookie().split("=")[1]!).split(".")[0]!;
    const state = await web.store.get(`web:${id}`);
    expect(state?.profile.liked.map((e) => e.movieId)).toEqual([GODFATHER]);
    // The stored profile is the one recommended for when no taste is given.
    const recs = await c.call("/api/recommend", { json: {} });
    expect(recs.json.source).toBe("profile");
    const shown = (recs.json.recommendations as Rec[]).map((r) => r.movieId);
    expect(shown).not.toContain(GODFATHER);
    expect(shown).not.toContain(TITANIC);
    expect(shown).not.toContain(HEAT);
    const forgot = await c.call("/api/forget", { json: {} });
    expect(forgot.json).toEqual({ ok: true, removed: true });
    expect(await web.store.get(`web:${id}`)).toBeUndefined();
    expect((await c.call("/api/profile")).json).toMatchObject({ liked: [], disliked: [] });
  });

  it("a forged cookie is no one's: its profile is empty", async () => {
    const c = client();
    await c.call("/api/feedback", { json: { movieId: GODFATHER, signal: "like" } });
    const [name, value] = c.cookie().split("=");
    const forged = `${name}=${encodeURIComponent(`${"A".repeat(22)}.${decodeURIComponent(value!).split(".")[1]}`)}`;
    const r = await client().call("/api/profile", { headers: { cookie: forged } });
    expect(r.json).toMatchObject({ liked: [] });
  });

  it("POST /api/starter gives well-known films, new each time, then says it is done", async () => {
    const c = client();
    const rated: { movieId: number; rating: number }[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const r = await c.call("/api/starter", { json: { rated, shown: [...seen] } });
      expect(r.json.done).toBe(false);
      const film = r.json.film as { movieId: number };
      expect(seen.has(film.movieId)).toBe(false);
      seen.add(film.movieId);
      rated.push({ movieId: film.movieId, rating: i % 2 ? 5 : 2 });
    }
    expect((await c.call("/api/starter", { json: { rated, shown: [...seen] } })).json).toMatchObject({
      done: true,
      film: null,
    });
  });

  it("the starter films follow the ratings so far", async () => {
    const c = client();
    const first = (await c.call("/api/starter", { json: { rated: [] } })).json.film as { movieId: number };
    const nextAfter = async (rating: number) =>
      (
        (await c.call("/api/starter", { json: { rated: [{ movieId: first.movieId, rating }] } })).json
          .film as { movieId: number }
      ).movieId;
    expect(await nextAfter(5)).not.toBe(await nextAfter(1));
  });

  it("GET /api/metrics names the served model, its stored figures and the pipeline's counts", async () => {
    const r = await client().call("/api/metrics");
    expect(r.status).toBe(200);
    const served = r.json.served as { name: string; version: string }[];
    expect(served.map((s) => s.name)).toContain("blend");
    expect(served[0]!.version).toMatch(/^\d{8}T/);
    expect(r.json.pipeline).toMatchObject({ dataset: "ml-latest-small" });
    expect((r.json.pipeline as { goldRatings: number }).goldRatings).toBeGreaterThan(90_000);
    expect(r.json.report).toBeNull();
    expect(r.json.reportNote).toMatch(/No evaluation report/);
  });

  it("GET /api/metrics passes a stored eval report on", async () => {
    const withReport = await startTestWeb({ reportFile: writeEvalReport() });
    try {
      const r = (await (await fetch(`${withReport.url}/api/metrics`)).json()) as Record<string, unknown>;
      expect(r.report).toMatchObject({ protocol: "leave-last-out", models: { blend: { "hr@10": 0.128 } } });
      expect(r.reportNote).toBeUndefined();
    } finally {
      await withReport.close();
    }
  });

  it("POST /api/import takes a Letterboxd ratings.csv into the web profile", async () => {
    const c = client();
    const csv = [
      "Date,Name,Year,Letterboxd URI,Rating",
      "2024-01-02,The Godfather,1972,https://boxd.it/a,5",
      "2024-01-03,Titanic,1997,https://boxd.it/b,1",
    ].join("\n");
    const r = await c.call("/api/import?name=ratings.csv", {
      body: csv,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    const profile = await c.call("/api/profile");
    expect(profile.json).toMatchObject({ liked: [{ movieId: GODFATHER }], disliked: [{ movieId: TITANIC }] });
    const noName = await c.call("/api/import", {
      body: csv,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(noName.status).toBe(400);
    expect(noName.json.error).toMatch(/^name: /);
    const asJson = await c.call("/api/import?name=ratings.csv", { json: { csv } });
    expect(asJson.status).toBe(415);
  });

  it("serves the pages with security headers and no CORS", async () => {
    const r = await client().call("/", { headers: { origin: "https://evil.example" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/text\/html/);
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("access-control-allow-origin")).toBeNull();
    const api = await client().call("/api/titles?q=heat", { headers: { origin: "https://evil.example" } });
    expect(api.headers.get("access-control-allow-origin")).toBeNull();
    const pre = await client().call("/api/recommend", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("web API: validation errors name the field", () => {
  const cases: [string, string, unknown, RegExp][] = [
    ["match without text", "/api/match", {}, /^text: /],
    ["match with a number for text", "/api/match", { text: 5 }, /^text: /],
    ["match with empty text", "/api/match", { text: "" }, /^text: /],
    ["match with too long text", "/api/match", { text: "a".repeat(2001) }, /^text: /],
    ["match with an unknown field", "/api/match", { text: "heat", extra: 1 }, /extra/],
    ["recommend with k too big", "/api/recommend", { likeIds: [HEAT], k: 51 }, /^k: /],
    ["recommend with k zero", "/api/recommend", { likeIds: [HEAT], k: 0 }, /^k: /],
    ["recommend with k not whole", "/api/recommend", { likeIds: [HEAT], k: 2.5 }, /^k: /],
    ["recommend with a string id", "/api/recommend", { likeIds: ["6"] }, /^likeIds\.0: /],
    ["recommend with a negative id", "/api/recommend", { dislikeIds: [-1] }, /^dislikeIds\.0: /],
    [
      "recommend with too many ids",
      "/api/recommend",
      { likeIds: Array.from({ length: 201 }, (_, i) => i + 1) },
      /^likeIds: /,
    ],
    ["recommend with diversity over 1", "/api/recommend", { likeIds: [HEAT], diversity: 2 }, /^diversity: /],
    ["recommend with negative recency", "/api/recommend", { likeIds: [HEAT], recency: -0.1 }, /^recency: /],
    ["recommend with words and ids", "/api/recommend", { likes: "Heat", likeIds: [HEAT] }, /^likes: /],
    [
      "recommend with words naming no film",
      "/api/recommend",
      { likes: "qqqq zzzz" },
      /^likes: no film titles/,
    ],
    [
      "recommend with an unknown id",
      "/api/recommend",
      { likeIds: [999999999] },
      /^likeIds: unknown MovieLens id/,
    ],
    ["feedback without movieId", "/api/feedback", { signal: "like" }, /^movieId: /],
    ["feedback with a bad signal", "/api/feedback", { movieId: HEAT, signal: "love" }, /^signal: /],
    ["feedback with neither signal nor rating", "/api/feedback", { movieId: HEAT }, /^signal: give either/],
    [
      "feedback with both",
      "/api/feedback",
      { movieId: HEAT, signal: "like", rating: 4 },
      /^signal: give either/,
    ],
    ["feedback with 6 stars", "/api/feedback", { movieId: HEAT, rating: 6 }, /^rating: /],
    ["starter without rated", "/api/starter", {}, /^rated: /],
    [
      "starter with 0 stars",
      "/api/starter",
      { rated: [{ movieId: HEAT, rating: 0 }] },
      /^rated\.0\.rating: /,
    ],
    ["a JSON array as the body", "/api/match", [], /^body: /],
  ];
  for (const [what, path, json, error] of cases) {
    it(`400 for ${what}`, async () => {
      const r = await client().call(path, { json });
      expect(r.status).toBe(400);
      expect(r.json.error).toMatch(error);
    });
  }

  it("400 for a body that is not JSON", async () => {
    const r = await client().call("/api/match", {
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe("body: not valid JSON");
  });

  it("415 for a POST that is not JSON (a form from another site)", async () => {
    const r = await client().call("/api/feedback", {
      body: "movieId=6&signal=like",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(r.status).toBe(415);
  });

  it("400 for a bad similar id or k, 404 for an id not in the catalogue", async () => {
    expect((await client().call("/api/similar/abc")).json.error).toMatch(/^movieId: /);
    expect((await client().call(`/api/similar/${HEAT}?k=99`)).json.error).toMatch(/^k: /);
    const missing = await client().call("/api/similar/999999999");
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatch(/^movieId: unknown/);
    expect(
      (await client().call("/api/feedback", { json: { movieId: 999999999, signal: "like" } })).status,
    ).toBe(404);
  });

  it("400 for a title query over 200 characters", async () => {
    const r = await client().call(`/api/titles?q=${"a".repeat(201)}`);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/^q: /);
  });

  it("404 as JSON for an unknown API path, and no file outside the pages' folder", async () => {
    const r = await client().call("/api/nothing");
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: "not found" });
    expect((await client().call("/static/..%2F..%2Fpackage.json")).status).toBe(404);
    expect((await client().call("/static/server.ts")).status).toBe(404);
  });
});

describe("web API: limits", () => {
  it("413 for a body over the size limit", async () => {
    const r = await client().call("/api/match", {
      body: JSON.stringify({ text: "a".repeat(MAX_BODY_BYTES) }),
      headers: { "content-type": "application/json" },
    });
    expect(r.status).toBe(413);
    expect(r.json.error).toMatch(/^body: larger than/);
  });

  it("429 once a client is over its rate, and other clients' pages still load", async () => {
    const limited = await startTestWeb({ rate: { perSecond: 0.001, burst: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${limited.url}/api/titles?q=heat`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const again = await fetch(`${limited.url}/api/titles?q=heat`);
      expect(again.headers.get("retry-after")).toBe("1");
      expect(await again.json()).toEqual({ error: "too many requests: slow down" });
      expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("a failure inside is a 500 without its stack or message", async () => {
    const broken = await startTestWeb({
      registry: {
        promoted: async () => {
          throw new Error("secret path /root/x");
        },
      } as never,
    });
    try {
      // The registry's failure is caught per model: metrics still answer, without it.
      const r = await fetch(`${broken.url}/api/metrics`);
      expect(r.status).toBe(200);
      const failing = await startTestWeb({
        matinee: {
          complete: () => {
            throw new Error("secret path /root/x");
          },
        } as never,
      });
      try {
        const f = await fetch(`${failing.url}/api/titles?q=heat`);
        expect(f.status).toBe(500);
        const text = await f.text();
        expect(text).toBe('{"error":"internal error"}');
      } finally {
        await failing.close();
      }
    } finally {
      await broken.close();
    }
  });
});
