import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { startJobs } from "../../bot/jobs/scheduler.ts";
import { Catalogue } from "../../core/catalogue.ts";
import type { Movie } from "../../core/movie.ts";
import { TmdbArtwork } from "../../data/tmdb-api/artwork.ts";
import { ArtworkCache } from "../../data/tmdb-api/cache.ts";
import { TmdbClient } from "../../data/tmdb-api/client.ts";
import { recordingLog } from "../helpers/recording-log.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { FakeTmdb, movieBody } from "../tmdb/fake-tmdb.ts";

const movies: Movie[] = [
  { movieId: 1, title: "Heat", year: 1995, altTitles: [], genres: [], tmdbId: 949 },
  { movieId: 2, title: "Casino", year: 1995, altTitles: [], genres: [], tmdbId: 524 },
];
const catalogue = new Catalogue(movies, Float32Array.from([1, 9]));

let fake: FakeTmdb | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  await fake?.stop();
});

test("with no schedules set, no jobs run", async () => {
  const { log } = recordingLog();
  const jobs = startJobs(loadConfig({}), {}, log);
  stop = jobs.stop;
  expect(jobs.names).toEqual([]);
});

test("the poster refresh runs on its schedule and fetches the popular films' posters", async () => {
  fake = new FakeTmdb()
    .on("/movie/524", { status: 200, body: movieBody(524, "/casino.jpg") })
    .on("/movie/949", { status: 200, body: movieBody(949, "/heat.jpg") });
  const base = await fake.start();
  const dir = tempDir("matinee-jobs-");
  const artwork = new TmdbArtwork({
    client: new TmdbClient({ apiKey: "k", baseUrl: base }),
    cache: new ArtworkCache(join(dir, "artwork.json")),
    movie: (id) => catalogue.byId(id),
  });
  const { log, lines } = recordingLog();
  // Every second (node-cron's six-field form), so the test sees a run soon.
  const config = loadConfig({ MATINEE_POSTER_REFRESH_CRON: "* * * * * *", MATINEE_CACHE_DIR: dir });
  const jobs = startJobs(config, { artwork, catalogue }, log);
  stop = jobs.stop;
  expect(jobs.names).toEqual(["poster-refresh"]);
  for (let i = 0; i < 300 && !lines.some((l) => l.msg === "poster refresh finished"); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const finished = lines.find((l) => l.msg === "poster refresh finished");
  expect(finished?.obj).toMatchObject({ job: "poster-refresh", requested: 2, fetched: 2, failed: 0 });
  expect(artwork.posterUrl(2)).toBe("https://image.tmdb.org/t/p/w342/casino.jpg");
  // The most rated film was asked for first.
  expect(fake.requests[0]!.path).toBe("/movie/524");
  await jobs.stop();
  const runs = lines.filter((l) => l.msg === "poster refresh started").length;
  await new Promise((r) => setTimeout(r, 1200));
  expect(lines.filter((l) => l.msg === "poster refresh started").length).toBe(runs);
});

test("retrain is scheduled when set; poster refresh without a TMDB key is off, with a warning", async () => {
  const { log, lines } = recordingLog();
  const config = loadConfig({ MATINEE_RETRAIN_CRON: "30 4 * * *", MATINEE_POSTER_REFRESH_CRON: "0 * * * *" });
  const jobs = startJobs(config, {}, log);
  stop = jobs.stop;
  expect(jobs.names).toEqual(["retrain"]);
  const scheduled = lines.find((l) => l.msg === "job scheduled");
  expect(scheduled?.obj).toMatchObject({ job: "retrain", cron: "30 4 * * *" });
  expect(new Date(String(scheduled?.obj.next)).getMinutes()).toBe(30);
  expect(lines.some((l) => l.level === "warn" && l.msg.includes("TMDB_API_KEY is not"))).toBe(true);
});
