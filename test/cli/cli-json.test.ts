import { describe, expect, test } from "vitest";
import { runCli } from "../helpers/app.ts";

interface RecJson {
  movieId: number;
  title: string;
  year: number | null;
  score: number;
  reasons: string[];
  poster: string | null;
}

function expectNoStack(stderr: string) {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe("matinee recommend", () => {
  test("--likes prints the documented JSON with 10 recommendations that exclude the liked films", async () => {
    const r = await runCli(["recommend", "--likes", "The Godfather, Heat", "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { understood: { movieId: number }[]; recommendations: RecJson[] };
    expect(out.understood.map((m) => m.movieId)).toEqual([858, 6]);
    expect(out.recommendations).toHaveLength(10);
    for (const rec of out.recommendations) {
      expect(Object.keys(rec).sort()).toEqual(["movieId", "poster", "reasons", "score", "title", "year"]);
      expect(typeof rec.movieId).toBe("number");
      expect(typeof rec.title).toBe("string");
      expect(rec.year === null || Number.isInteger(rec.year)).toBe(true);
      expect(Number.isFinite(rec.score)).toBe(true);
      expect(rec.reasons.length).toBeGreaterThan(0);
      expect(rec.poster === null || rec.poster.startsWith("https://image.tmdb.org/t/p/w342/")).toBe(true);
      expect([858, 6]).not.toContain(rec.movieId);
    }
    const scores = out.recommendations.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  test("--like-ids gives the same ranking as the same films named in words", async () => {
    const [byIds, byText] = await Promise.all([
      runCli(["recommend", "--like-ids", "858,6", "-k", "5", "--json"]),
      runCli(["recommend", "--likes", "The Godfather and Heat", "-k", "5", "--json"]),
    ]);
    const ids = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as { recommendations: RecJson[] }).recommendations.map((x) => x.movieId);
    expect(ids(byIds)).toHaveLength(5);
    expect(ids(byIds)).toEqual(ids(byText));
  });

  test("--dislike-ids keeps the disliked film out", async () => {
    const r = await runCli(["recommend", "--like-ids", "858", "--dislike-ids", "1221", "--json"]);
    const recs = (JSON.parse(r.stdout) as { recommendations: RecJson[] }).recommendations;
    expect(recs.map((x) => x.movieId)).not.toContain(1221);
  });

  test("user errors exit non-zero with one clear line and no stack", async () => {
    const unknown = await runCli(["recommend", "--like-ids", "999999999", "--json"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain("Unknown MovieLens id 999999999");
    expectNoStack(unknown.stderr);

    const nothing = await runCli(["recommend", "--json"]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("--likes");

    const noTitles = await runCli(["recommend", "--likes", "zzqx blorp"]);
    expect(noTitles.code).toBe(1);
    expect(noTitles.stderr).toContain("No film titles found");
  });
});

describe("matinee similar", () => {
  test("by title and by id give the same films, never the film itself", async () => {
    const [byTitle, byId] = await Promise.all([
      runCli(["similar", "Heat", "-k", "5", "--json"]),
      runCli(["similar", "6", "-k", "5", "--json"]),
    ]);
    expect(byTitle.code).toBe(0);
    const a = JSON.parse(byTitle.stdout) as { movie: { movieId: number }; recommendations: RecJson[] };
    const b = JSON.parse(byId.stdout) as { movie: { movieId: number }; recommendations: RecJson[] };
    expect(a.movie.movieId).toBe(6);
    expect(a.recommendations).toHaveLength(5);
    expect(a.recommendations.map((r) => r.movieId)).toEqual(b.recommendations.map((r) => r.movieId));
    expect(a.recommendations.map((r) => r.movieId)).not.toContain(6);
    for (const r of a.recommendations)
      expect(r.reasons).toEqual(["often rated by the people who rated Heat"]);
  });

  test("an unknown title is a clear error", async () => {
    const r = await runCli(["similar", "Zzqx Blorp Returns"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No film found for "Zzqx Blorp Returns"');
  });
});

describe("matinee match", () => {
  test("reads plain and JSON lines and writes one JSON line each, in order", async () => {
    const input = [
      "I loved The Godfather and Heat",
      JSON.stringify({ id: "abc", text: "not a fan of Titanic" }),
      "",
      "I was up late and it was fun",
    ].join("\n");
    const r = await runCli(["match"], { input });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; text: string; movies: Record<string, unknown>[] });
    expect(lines.map((l) => l.id)).toEqual(["1", "abc", "4"]);
    expect(lines[0]!.movies.map((m) => m.movieId)).toEqual([858, 6]);
    expect(Object.keys(lines[0]!.movies[0]!).sort()).toEqual([
      "confidence",
      "movieId",
      "sentiment",
      "title",
      "year",
    ]);
    expect(lines[0]!.movies[0]).toMatchObject({ title: "The Godfather", year: 1972, sentiment: "like" });
    expect(lines[1]!.movies).toEqual([expect.objectContaining({ movieId: 1721, sentiment: "dislike" })]);
    expect(lines[2]!.movies).toEqual([]);
  });
});

describe("matinee eval", () => {
  test("prints the documented report, with baselines at their reference figures", async () => {
    // The newcomer protocol and the out-of-fold zero-shot figures fit the blend once per fold
    // (minutes); their own tests run them on a small generated dataset.
    const r = await runCli([
      "eval",
      "--json",
      "--model",
      "popularity",
      "item-knn",
      "--no-newcomer",
      "--no-out-of-fold",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      protocol: string;
      dataset: string;
      users: number;
      items: number;
      models: Record<string, Record<string, number>>;
      zeroShot: Record<string, Record<string, number>>;
      personas: Record<string, number | boolean>;
      byHistory: Record<string, number[]>;
      usersByHistory: number[];
      historyBuckets: string[];
    };
    expect(out).toMatchObject({
      protocol: "leave-last-out",
      dataset: "ml-latest-small",
      users: 610,
      items: 9724,
    });
    for (const name of ["popularity", "item-knn"]) {
      expect(Object.keys(out.models[name]!).sort()).toEqual([
        "coverage@10",
        "hr@10",
        "ndcg@10",
        "recall@20",
        "trainSeconds",
      ]);
    }
    // This protocol's figures for popularity (pessimistic ties, same-second ratings in the seeded
    // hash order): 0.0361 / 0.0174. With those ratings in movieId order it read 0.0410 / 0.0189.
    expect(out.models.popularity!["hr@10"]).toBeCloseTo(0.0361, 3);
    expect(out.models.popularity!["ndcg@10"]).toBeCloseTo(0.0174, 3);
    // item-knn keeps 200 neighbours per film; full cosine kNN's reference is 0.0574.
    // (0.0443 with same-second ratings in hash order, 0.0557 in movieId order.)
    expect(out.models["item-knn"]!["hr@10"]).toBeGreaterThan(0.04);
    expect(out.models["item-knn"]!["hr@10"]).toBeLessThan(0.05);
    // HR@10 by history length: one figure per group of users, the groups named, every user in one.
    expect(out.historyBuckets.length).toBeGreaterThan(1);
    expect(out.byHistory.popularity).toHaveLength(out.historyBuckets.length);
    expect(out.usersByHistory.reduce((a, b) => a + b, 0)).toBe(out.users);
    expect(Object.keys(out.zeroShot)).toEqual(expect.arrayContaining(["blend", "popularity"]));
    expect(out.zeroShot.popularity!.cases).toBe(580);
    expect(out.zeroShot.blend!["recall@50"]).toBeGreaterThan(out.zeroShot.popularity!["recall@50"]!);
    // In-sample when not refitted per fold, and said so.
    expect(out.zeroShot.blend!.outOfFold).toBe(false);
    // The personas: the served blend and its members beside the simple rankers; popularity's
    // reference on these personas is 0.006.
    expect(Object.keys(out.personas)).toEqual(
      expect.arrayContaining(["blend", "popularity", "genre-pop", "item-knn"]),
    );
    expect(out.personas.popularity).toBeLessThan(0.05);
    expect(out.personas.blend).toBeGreaterThan(out.personas.popularity as number);
    // The served blend learned from these personas: in-sample, and said so.
    expect(out.personas.outOfFold).toBe(false);
  });
});

describe("matinee bench", () => {
  test("prints latency percentiles and memory as JSON", async () => {
    const r = await runCli(["bench", "--json", "--quick"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, Record<string, number | string>>;
    for (const part of ["titleMatch", "recommend", "chatTurn"]) {
      expect(out[part]!.p50Ms).toBeGreaterThan(0);
      expect(out[part]!.p99Ms).toBeGreaterThanOrEqual(out[part]!.p50Ms as number);
    }
    expect(out.memory!.rssMB).toBeGreaterThan(0);
    // A first start with an empty cache: the reply comes after the greeting, before any blend.
    const first = out.firstStart as unknown as { promptSeconds: number; firstReplySeconds: number };
    expect(first.firstReplySeconds).toBeGreaterThanOrEqual(first.promptSeconds);
    // The store figures: SQLite always (PostgreSQL only with MATINEE_DATABASE_URL, unset here).
    expect(out.store!.sqlite).toMatchObject({ users: 5000 });
    const sqlite = out.store!.sqlite as unknown as { updateP50Ms: number; updateP99Ms: number };
    expect(sqlite.updateP99Ms).toBeGreaterThanOrEqual(sqlite.updateP50Ms);
  });
});

describe("help and configuration", () => {
  test.each(["start", "chat", "recommend", "similar", "match", "train", "eval", "bench"])(
    "%s --help documents --data",
    async (command) => {
      const r = await runCli([command, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("--data <dir>");
    },
  );

  test("an unknown command is an error", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("unknown command");
  });

  test("a bad setting names the variable in one line", async () => {
    const r = await runCli(["recommend", "--likes", "Heat"], { env: { MATINEE_DATASET: "ml-99z" } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("MATINEE_DATASET");
  });

  test("no data and no network: one clear message, non-zero exit, no stack", async () => {
    const r = await runCli(["recommend", "--likes", "Heat"], {
      env: {
        MATINEE_DATA_DIR: "/nonexistent/matinee-data",
        MATINEE_CACHE_DIR: "/tmp/matinee-no-data-cache",
        // Port 9 (discard) on loopback: refused at once, never the internet.
        MATINEE_DOWNLOAD_URL: "http://127.0.0.1:9/datasets",
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MATINEE_DATA_DIR");
    expect(r.stderr).toContain("downloading ml-latest-small failed");
    expectNoStack(r.stderr);
  });
});
