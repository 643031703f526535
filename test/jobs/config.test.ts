import { expect, test } from "vitest";
import { loadConfig } from "../../bot/config.ts";
import { UserFacingError } from "../../core/errors.ts";
import { TMDB_API_BASE } from "../../data/tmdb-api/client.ts";

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

test("region, cron schedules and the TMDB address: off or default when unset or blank", () => {
  const c = loadConfig({ MATINEE_REGION: " ", MATINEE_RETRAIN_CRON: "", TMDB_API_BASE: "" });
  expect(c.region).toBeUndefined();
  expect(c.retrainCron).toBeUndefined();
  expect(c.posterRefreshCron).toBeUndefined();
  expect(c.tmdbApiBase).toBe(TMDB_API_BASE);
});

test("valid values are taken (a region in any case comes out upper case)", () => {
  const c = loadConfig({
    MATINEE_REGION: "de",
    MATINEE_RETRAIN_CRON: "30 4 * * 1",
    MATINEE_POSTER_REFRESH_CRON: "*/15 * * * *",
    TMDB_API_BASE: "http://127.0.0.1:9999/3",
  });
  expect(c).toMatchObject({
    region: "DE",
    retrainCron: "30 4 * * 1",
    posterRefreshCron: "*/15 * * * *",
    tmdbApiBase: "http://127.0.0.1:9999/3",
  });
});

test("a wrong value is one clear line naming the variable", () => {
  expect(errorOf({ MATINEE_REGION: "Germany" })).toBe(
    'Configuration error: MATINEE_REGION must be a two-letter country code, like US, GB or DE (got "Germany")',
  );
  expect(errorOf({ MATINEE_RETRAIN_CRON: "every night" })).toBe(
    'Configuration error: MATINEE_RETRAIN_CRON must be a cron expression, like "30 4 * * *" (04:30 every day) (got "every night")',
  );
  expect(errorOf({ MATINEE_POSTER_REFRESH_CRON: "61 * * * *" })).toMatch(
    /^Configuration error: MATINEE_POSTER_REFRESH_CRON must be a cron expression/,
  );
  expect(errorOf({ TMDB_API_BASE: "ftp://example.org" })).toMatch(/^Configuration error: TMDB_API_BASE /);
  const wrong: Record<string, string>[] = [{ MATINEE_REGION: "x" }, { MATINEE_RETRAIN_CRON: "* *" }];
  for (const env of wrong) {
    expect(errorOf(env).split("\n")).toHaveLength(1);
  }
});
