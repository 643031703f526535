import { describe, expect, test } from "vitest";
import { applyImport, opinionOf } from "../../core/import/apply-import.ts";
import type { HistoryFilm } from "../../core/import/history.ts";
import type { MatchedFilm } from "../../core/import/match-history.ts";
import { emptyProfile, type Profile } from "../../core/profile/profile.ts";

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const NOW = day("2030-01-01");

function film(movieId: number, f: Partial<HistoryFilm> & Pick<HistoryFilm, "kind">): MatchedFilm {
  return { movieId, by: "title", film: { title: `Film ${movieId}`, year: 2000, ...f } };
}
const rated = (movieId: number, rating: number, date?: string) =>
  film(movieId, { kind: "rated", rating, ...(date ? { at: day(date) } : {}) });
const ids = (list: { movieId: number }[]) => list.map((e) => e.movieId);

describe("the like / dislike / seen rule", () => {
  test.each([
    [5, "like"],
    [3.5, "like"],
    [3, "seen"],
    [2.5, "seen"],
    [2, "dislike"],
    [0.5, "dislike"],
  ])("%f stars → %s", (stars, opinion) => {
    expect(opinionOf({ title: "x", year: null, kind: "rated", rating: stars })).toBe(opinion);
  });

  test("IMDb's 7 and 4, halved, sit on the bounds", () => {
    expect(opinionOf({ title: "x", year: null, kind: "rated", rating: 7 / 2 })).toBe("like");
    expect(opinionOf({ title: "x", year: null, kind: "rated", rating: 6 / 2 })).toBe("seen");
    expect(opinionOf({ title: "x", year: null, kind: "rated", rating: 4 / 2 })).toBe("dislike");
  });

  test("watched without a rating is seen; the watchlist stays a watchlist", () => {
    expect(opinionOf({ title: "x", year: null, kind: "watched" })).toBe("seen");
    expect(opinionOf({ title: "x", year: null, kind: "watchlist" })).toBe("watchlist");
  });
});

describe("merging into a profile", () => {
  test("the liked list is in date order, oldest first, whatever the file order; ratings kept", () => {
    const { profile, counts } = applyImport(
      emptyProfile(),
      [
        rated(3, 5, "2021-03-01"),
        rated(1, 4, "2019-01-01"),
        rated(2, 1, "2020-01-01"),
        rated(4, 4.5, "2020-06-01"),
      ],
      NOW,
    );
    expect(profile.liked).toEqual([
      { movieId: 1, at: day("2019-01-01"), rating: 4 },
      { movieId: 4, at: day("2020-06-01"), rating: 4.5 },
      { movieId: 3, at: day("2021-03-01"), rating: 5 },
    ]);
    expect(profile.disliked).toEqual([{ movieId: 2, at: day("2020-01-01"), rating: 1 }]);
    expect(counts).toEqual({ liked: 3, disliked: 1, seen: 0, watchlist: 0, updated: 0 });
  });

  test("rows without a date go last, at import time, in file order", () => {
    const { profile } = applyImport(
      emptyProfile(),
      [rated(7, 5), rated(5, 5, "2020-01-01"), rated(6, 5)],
      NOW,
    );
    expect(profile.liked.map((e) => [e.movieId, e.at])).toEqual([
      [5, day("2020-01-01")],
      [7, NOW],
      [6, NOW],
    ]);
  });

  test("nothing already there is lost: prefs, the watchlist and other films stay; imported films are updated", () => {
    const before: Profile = {
      liked: [
        { movieId: 10, at: day("2025-01-01") },
        { movieId: 11, at: day("2025-01-02") },
      ],
      disliked: [{ movieId: 12, at: day("2025-01-03") }],
      seen: [{ movieId: 13, at: day("2025-01-04") }],
      watchlist: [
        { movieId: 14, at: day("2025-01-05") },
        { movieId: 15, at: day("2025-01-06") },
      ],
      prefs: [{ kind: "genre", value: "Musical", sign: -1, at: day("2025-01-01") }],
    };
    const { profile, counts } = applyImport(
      before,
      [
        rated(11, 1, "2018-01-01"), // liked in chat, disliked in the file: the import updates it
        rated(12, 5, "2019-01-01"), // the other way round
        film(14, { kind: "watched", at: day("2020-01-01") }), // on the watchlist, now watched
        rated(20, 4, "2024-12-31"),
      ],
      NOW,
    );
    expect(profile.prefs).toEqual(before.prefs);
    expect(ids(profile.liked)).toEqual([12, 20, 10]);
    expect(ids(profile.disliked)).toEqual([11]);
    expect(ids(profile.seen)).toEqual([14, 13]);
    expect(ids(profile.watchlist)).toEqual([15]);
    expect(counts).toEqual({ liked: 2, disliked: 1, seen: 1, watchlist: 0, updated: 3 });
  });

  test("a film to watch is not listed when the profile says it was seen", () => {
    const before: Profile = { ...emptyProfile(), seen: [{ movieId: 1, at: 1 }] };
    const { profile, counts } = applyImport(
      before,
      [
        film(1, { kind: "watchlist", at: day("2020-01-01") }),
        film(2, { kind: "watchlist", at: day("2020-01-01") }),
      ],
      NOW,
    );
    expect(ids(profile.seen)).toEqual([1]);
    expect(ids(profile.watchlist)).toEqual([2]);
    expect(counts.watchlist).toBe(1);
  });

  test("two rows naming one film: the later one wins", () => {
    const { profile } = applyImport(
      emptyProfile(),
      [rated(1, 5, "2021-01-01"), rated(1, 1, "2020-01-01")],
      NOW,
    );
    expect(profile.liked).toEqual([{ movieId: 1, at: day("2021-01-01"), rating: 5 }]);
    expect(profile.disliked).toEqual([]);
  });
});
