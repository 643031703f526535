import { describe, expect, test } from "vitest";
import { applyOpinions, emptyProfile, knownMovieIds, type Profile } from "../../core/profile/profile.ts";

const ids = (p: Profile) => ({
  liked: p.liked.map((e) => e.movieId),
  disliked: p.disliked.map((e) => e.movieId),
  seen: p.seen.map((e) => e.movieId),
  watchlist: p.watchlist.map((e) => e.movieId),
});

describe("applyOpinions", () => {
  test("records opinions in order, with their time", () => {
    const p = applyOpinions(
      emptyProfile(),
      [
        { movieId: 858, opinion: "like" },
        { movieId: 6, opinion: "like" },
        { movieId: 1721, opinion: "dislike" },
      ],
      1000,
    );
    expect(p.liked).toEqual([
      { movieId: 858, at: 1000 },
      { movieId: 6, at: 1000 },
    ]);
    expect(p.disliked).toEqual([{ movieId: 1721, at: 1000 }]);
  });

  test("liking a disliked film moves it, and back", () => {
    const a = applyOpinions(emptyProfile(), [{ movieId: 1, opinion: "dislike" }], 1);
    const b = applyOpinions(a, [{ movieId: 1, opinion: "like" }], 2);
    expect(ids(b)).toMatchObject({ liked: [1], disliked: [] });
    const c = applyOpinions(b, [{ movieId: 1, opinion: "dislike" }], 3);
    expect(ids(c)).toMatchObject({ liked: [], disliked: [1] });
    expect(c.disliked).toEqual([{ movieId: 1, at: 3 }]);
  });

  test("the latest word within one message wins", () => {
    const p = applyOpinions(
      emptyProfile(),
      [
        { movieId: 1, opinion: "like" },
        { movieId: 1, opinion: "dislike" },
      ],
      5,
    );
    expect(ids(p)).toMatchObject({ liked: [], disliked: [1] });
  });

  test("a repeated like moves the film to the end, with the new time", () => {
    const p = applyOpinions(
      emptyProfile(),
      [
        { movieId: 1, opinion: "like" },
        { movieId: 2, opinion: "like" },
        { movieId: 3, opinion: "like" },
      ],
      1,
    );
    const q = applyOpinions(p, [{ movieId: 1, opinion: "like" }], 9);
    expect(q.liked).toEqual([
      { movieId: 2, at: 1 },
      { movieId: 3, at: 1 },
      { movieId: 1, at: 9 },
    ]);
  });

  test("seen takes a film off the watchlist", () => {
    const p = applyOpinions(emptyProfile(), [{ movieId: 4, opinion: "watchlist" }], 1);
    expect(ids(p).watchlist).toEqual([4]);
    const q = applyOpinions(p, [{ movieId: 4, opinion: "seen" }], 2);
    expect(ids(q)).toMatchObject({ seen: [4], watchlist: [] });
  });

  test("does not change the profile it was given", () => {
    const p = applyOpinions(emptyProfile(), [{ movieId: 1, opinion: "like" }], 1);
    const before = structuredClone(p);
    applyOpinions(p, [{ movieId: 1, opinion: "dislike" }], 2);
    expect(p).toEqual(before);
  });

  test("no opinions gives the same profile back", () => {
    const p = emptyProfile();
    expect(applyOpinions(p, [], 1)).toEqual(emptyProfile());
  });
});

describe("knownMovieIds", () => {
  test("liked, disliked and seen, but not the watchlist", () => {
    const p = applyOpinions(
      emptyProfile(),
      [
        { movieId: 1, opinion: "like" },
        { movieId: 2, opinion: "dislike" },
        { movieId: 3, opinion: "seen" },
        { movieId: 4, opinion: "watchlist" },
      ],
      1,
    );
    expect([...knownMovieIds(p)].sort()).toEqual([1, 2, 3]);
    expect(knownMovieIds(emptyProfile()).size).toBe(0);
  });
});
