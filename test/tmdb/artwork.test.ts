import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { createArtwork } from "../../bot/artwork.ts";
import { loadConfig } from "../../bot/config.ts";
import { Catalogue } from "../../core/catalogue.ts";
import { silentLog } from "../../core/log.ts";
import type { Movie } from "../../core/movie.ts";
import { watchLine, withArtwork } from "../../core/reply/artwork.ts";
import { card } from "../../core/reply/reply.ts";
import { POSTER_BASE, TmdbArtwork } from "../../data/tmdb-api/artwork.ts";
import { ArtworkCache, DEFAULT_TTL } from "../../data/tmdb-api/cache.ts";
import { TmdbClient } from "../../data/tmdb-api/client.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { FakeTmdb, movieBody } from "./fake-tmdb.ts";

const DAY = 24 * 3600 * 1000;
const KEY = "fedcba9876543210fedcba9876543210";

const MOVIES: Movie[] = [
  {
    movieId: 1,
    title: "Toy Story",
    year: 1995,
    altTitles: [],
    genres: ["Animation"],
    tmdbId: 862,
    posterPath: "/meta.jpg",
  },
  { movieId: 2, title: "Heat", year: 1995, altTitles: [], genres: ["Crime"], tmdbId: 949 },
  { movieId: 3, title: "Casino", year: 1995, altTitles: [], genres: ["Crime"], tmdbId: 524 },
  { movieId: 4, title: "Unlinked", year: 1990, altTitles: [], genres: [] },
];
const catalogue = new Catalogue(MOVIES, Float32Array.from([4, 3, 2, 1]));

let fake: FakeTmdb;
afterEach(async () => {
  await fake?.stop();
});

function clock(start = Date.UTC(2025, 0, 1)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function setup(options: { file?: string; now?: () => number; timeoutMs?: number } = {}) {
  const baseUrl = await fake.start();
  const file = options.file ?? join(tempDir("matinee-artwork-"), "tmdb", "artwork.json");
  const cache = new ArtworkCache(file, DEFAULT_TTL, options.now ?? Date.now, silentLog, 10);
  const client = new TmdbClient({
    apiKey: KEY,
    baseUrl,
    backoffMs: 10,
    timeoutMs: options.timeoutMs ?? 2000,
    rateLimit: { perSecond: 500, concurrency: 4 },
  });
  const artwork = new TmdbArtwork({ client, cache, movie: (id) => catalogue.byId(id) });
  return { artwork, cache, file };
}

describe("ArtworkCache", () => {
  test("entries expire: posters after 30 days, 'no poster' after 7, where-to-watch after 3", () => {
    const c = clock();
    const cache = new ArtworkCache(join(tempDir(), "a.json"), DEFAULT_TTL, c.now);
    cache.setPoster(2, "/heat.jpg");
    cache.setPoster(3, null);
    cache.setWatch(2, "DE", { stream: ["Netflix"], rent: [], buy: [] });
    expect([cache.posterFresh(2), cache.posterFresh(3)]).toEqual([true, true]);
    expect(cache.watch(2, "DE")).toEqual({ stream: ["Netflix"], rent: [], buy: [] });
    expect(cache.watch(2, "US")).toBeUndefined();

    c.advance(3 * DAY);
    expect(cache.watch(2, "DE")).toBeUndefined();
    expect(cache.expired().watch).toEqual([{ movieId: 2, region: "DE" }]);
    c.advance(4 * DAY);
    expect([cache.posterFresh(2), cache.posterFresh(3)]).toEqual([true, false]);
    c.advance(23 * DAY);
    expect(cache.posterFresh(2)).toBe(false);
    // An expired poster is still served (it rarely changes) until the refresh replaces it.
    expect(cache.poster(2)?.path).toBe("/heat.jpg");
    expect(cache.expired().posters.sort()).toEqual([2, 3]);
    expect(cache.prune()).toBe(1);
    expect(cache.size).toEqual({ posters: 2, watch: 0 });
  });

  test("saved atomically, read back by a new cache; a damaged file starts empty", async () => {
    const dir = tempDir();
    const file = join(dir, "nested", "artwork.json");
    const cache = new ArtworkCache(file, DEFAULT_TTL, () => 5);
    cache.setPoster(2, "/heat.jpg");
    cache.setWatch(2, "GB", { stream: [], rent: ["Apple TV"], buy: ["Apple TV"] });
    await cache.flush();
    expect(readdirSync(dirname(file))).toEqual(["artwork.json"]);
    const again = new ArtworkCache(file, DEFAULT_TTL, () => 6);
    expect(again.poster(2)).toEqual({ path: "/heat.jpg", at: 5 });
    expect(again.watch(2, "GB")).toEqual({ stream: [], rent: ["Apple TV"], buy: ["Apple TV"] });

    writeFileSync(file, '{"version": 1, "posters": {"2": {"path": 5}}');
    const warnings: string[] = [];
    const log = { ...silentLog, warn: (_: object | string, msg?: string) => warnings.push(msg ?? "") };
    const broken = new ArtworkCache(file, DEFAULT_TTL, Date.now, log);
    expect(broken.size).toEqual({ posters: 0, watch: 0 });
    expect(warnings).toEqual(["artwork cache unreadable; starting empty"]);
  });

  test("changes are saved by themselves shortly after", async () => {
    const file = join(tempDir(), "artwork.json");
    const cache = new ArtworkCache(file, DEFAULT_TTL, Date.now, silentLog, 10);
    cache.setPoster(3, "/c.jpg");
    expect(existsSync(file)).toBe(false);
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    expect(JSON.parse(readFileSync(file, "utf8")).posters["3"].path).toBe("/c.jpg");
  });
});

describe("TmdbArtwork", () => {
  test("metadata posters need no request; the rest fill in the background, then come from the cache", async () => {
    fake = new FakeTmdb()
      .on("/movie/949", {
        status: 200,
        body: movieBody(949, "/heat.jpg", {
          DE: { flatrate: ["Netflix"], rent: ["Apple TV", "Amazon Video"] },
        }),
      })
      .on("/movie/524", { status: 404 });
    const { artwork, file } = await setup();
    expect(artwork.posterUrl(1)).toBe(`${POSTER_BASE}/meta.jpg`);
    artwork.request([1, 4], undefined);
    expect(fake.requests).toHaveLength(0);

    const cards = () => MOVIES.slice(0, 3).map((m) => card(m, 1, []));
    // First time: no poster for Heat yet, so a text card; nothing waits on TMDB.
    const first = withArtwork(cards(), artwork, "DE");
    expect(first.map((c) => c.posterUrl)).toEqual([`${POSTER_BASE}/meta.jpg`, undefined, undefined]);
    expect(first.some((c) => "watch" in c && c.watch)).toBe(false);
    await artwork.idle();

    const second = withArtwork(cards(), artwork, "DE");
    expect(second[1]!.posterUrl).toBe(`${POSTER_BASE}/heat.jpg`);
    expect(second[1]!.watch).toBe("Stream: Netflix · Rent: Apple TV, Amazon Video (via JustWatch)");
    // TMDB doesn't know Casino: no poster, and no invented watch line.
    expect(second[2]!.posterUrl).toBeUndefined();
    expect(second[2]!.watch).toBeUndefined();
    await artwork.idle();
    const asked = fake.requests.length;
    expect(fake.calls("/movie/949")[0]!.query.append_to_response).toBe("watch/providers");
    // Nothing more is asked while the cache is fresh; another region is its own lookup.
    withArtwork(cards(), artwork, "DE");
    await artwork.idle();
    expect(fake.requests.length).toBe(asked);
    artwork.request([2], "US");
    await artwork.idle();
    expect(artwork.watch(2, "US")).toEqual({ stream: [], rent: [], buy: [] });
    expect(watchLine(artwork.watch(2, "US")!)).toBeUndefined();

    await artwork.close();
    expect(JSON.parse(readFileSync(file, "utf8")).posters["2"].path).toBe("/heat.jpg");
  });

  test("request never waits on TMDB, and one film is asked once however often it is shown", async () => {
    fake = new FakeTmdb().on("/movie/949", { status: 200, body: movieBody(949, "/h.jpg"), delayMs: 300 });
    const { artwork } = await setup();
    // request is synchronous (void): the chat turn goes on while the lookup waits on TMDB.
    for (let i = 0; i < 5; i++) artwork.request([2], undefined);
    expect(artwork.posterUrl(2)).toBeUndefined();
    await artwork.idle();
    expect(fake.calls("/movie/949")).toHaveLength(1);
    expect(artwork.posterUrl(2)).toBe(`${POSTER_BASE}/h.jpg`);
  });

  test("a rejected key turns lookups off, once, instead of hammering TMDB", async () => {
    fake = new FakeTmdb().on("*", { status: 401, body: { status_code: 7 } });
    const { artwork } = await setup();
    artwork.request([2, 3], "DE");
    await artwork.idle();
    artwork.request([2, 3], "DE");
    await artwork.idle();
    expect(fake.requests.length).toBeLessThanOrEqual(2);
    expect(artwork.posterUrl(2)).toBeUndefined();
  });

  test("refresh looks up what expired and popular films not yet known, and reports counts", async () => {
    fake = new FakeTmdb()
      .on(
        "/movie/949",
        { status: 200, body: movieBody(949, "/old.jpg", { FR: { flatrate: ["Canal+"] } }) },
        { status: 200, body: movieBody(949, "/new.jpg", { FR: { flatrate: ["Netflix"] } }) },
      )
      .on("/movie/524", { status: 500 });
    const c = clock();
    const { artwork } = await setup({ now: c.now });
    artwork.request([2], "FR");
    await artwork.idle();
    expect(artwork.watch(2, "FR")?.stream).toEqual(["Canal+"]);

    c.advance(3 * DAY + 1);
    expect(artwork.watch(2, "FR")).toBeUndefined();
    const result = await artwork.refresh([1, 2, 3, 4]);
    // Heat's where-to-watch (which brings its poster); Casino asked for, and failing; Toy Story
    // has a metadata poster and film 4 no TMDB id: neither is asked for.
    expect(result).toEqual({ requested: 2, fetched: 1, failed: 1 });
    expect(artwork.watch(2, "FR")?.stream).toEqual(["Netflix"]);
    expect(artwork.posterUrl(2)).toBe(`${POSTER_BASE}/new.jpg`);
    expect(fake.calls("/movie/862")).toHaveLength(0);
  });
});

describe("createArtwork", () => {
  test("off (undefined) without TMDB_API_KEY; on with one, pointed at TMDB_API_BASE", async () => {
    const cacheDir = tempDir();
    expect(createArtwork(loadConfig({ MATINEE_CACHE_DIR: cacheDir }), catalogue, silentLog)).toBeUndefined();
    fake = new FakeTmdb().on("/movie/949", { status: 200, body: movieBody(949, "/x.jpg") });
    const base = await fake.start();
    const config = loadConfig({ MATINEE_CACHE_DIR: cacheDir, TMDB_API_KEY: KEY, TMDB_API_BASE: base });
    const artwork = createArtwork(config, catalogue, silentLog)!;
    artwork.request([2], undefined);
    await artwork.idle();
    await artwork.close();
    expect(artwork.posterUrl(2)).toBe(`${POSTER_BASE}/x.jpg`);
    expect(existsSync(join(cacheDir, "tmdb", "artwork.json"))).toBe(true);
  });
});
