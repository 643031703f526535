import { describe, expect, test } from "vitest";
import { Catalogue } from "../../core/catalogue.ts";
import { applyOpinions, emptyProfile, type Profile } from "../../core/profile/profile.ts";
import { recommend } from "../../core/recommend/recommend.ts";
import { similarCards } from "../../core/similar.ts";
import { suggest } from "../../core/suggest.ts";
import { sharedApp } from "../helpers/app.ts";
import { prng } from "../models/fixtures.ts";

const app = await sharedApp();
const { catalogue, models } = app;

/** Films with enough ratings to have neighbours, as MovieLens ids. */
const pool = catalogue.movies.filter((m) => catalogue.popularity(m.movieId) >= 10).map((m) => m.movieId);

interface RandomProfile {
  liked: number[];
  disliked: number[];
  exclude: Set<number>;
}

function randomProfiles(seed: number, count: number): RandomProfile[] {
  const rand = prng(seed);
  const pick = (taken: Set<number>) => {
    for (;;) {
      const id = pool[Math.floor(rand() * pool.length)]!;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
  return Array.from({ length: count }, () => {
    const taken = new Set<number>();
    const liked = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(taken));
    const disliked = Array.from({ length: Math.floor(rand() * 4) }, () => pick(taken));
    // Exclude some of what this profile would otherwise get, so that exclusion is tested.
    const unexcluded = recommend(catalogue, models, { liked, disliked, exclude: new Set(), k: 20 });
    const exclude = new Set(unexcluded.filter(() => rand() < 0.4).map((r) => r.movieId));
    return { liked, disliked, exclude };
  });
}

function profileOf(p: RandomProfile): Profile {
  return applyOpinions(
    emptyProfile(),
    [
      ...p.liked.map((movieId) => ({ movieId, opinion: "like" as const })),
      ...p.disliked.map((movieId) => ({ movieId, opinion: "dislike" as const })),
    ],
    1,
  );
}

describe("recommend on the real app", () => {
  const profiles = randomProfiles(42, 150);

  test("the random profiles exclude films they would otherwise get", () => {
    const withExclusions = profiles.filter((p) => p.exclude.size > 0).length;
    expect(withExclusions).toBeGreaterThan(100);
  });

  test("never recommends a liked, disliked or excluded film, and returns k distinct films", () => {
    for (const p of profiles) {
      const k = 10;
      const out = recommend(catalogue, models, { ...p, k });
      expect(out).toHaveLength(k);
      const ids = out.map((r) => r.movieId);
      expect(new Set(ids).size).toBe(k);
      for (const id of ids) {
        expect(p.liked).not.toContain(id);
        expect(p.disliked).not.toContain(id);
        expect(p.exclude.has(id)).toBe(false);
        expect(catalogue.byId(id)).toBeDefined();
      }
    }
  });

  test("suggest never recommends a liked, disliked or excluded film", () => {
    for (const p of profiles.slice(0, 60)) {
      const cards = suggest(catalogue, models, profileOf(p), { k: 10, exclude: p.exclude });
      expect(cards).toHaveLength(10);
      for (const c of cards) {
        expect(p.liked).not.toContain(c.movieId);
        expect(p.disliked).not.toContain(c.movieId);
        expect(p.exclude.has(c.movieId)).toBe(false);
      }
    }
  });

  test("suggest also leaves out films the profile has seen", () => {
    const p = profiles[0]!;
    const first = suggest(catalogue, models, profileOf(p), { k: 5 });
    const seenId = first[0]!.movieId;
    const seen = applyOpinions(profileOf(p), [{ movieId: seenId, opinion: "seen" }], 2);
    expect(suggest(catalogue, models, seen, { k: 5 }).map((c) => c.movieId)).not.toContain(seenId);
  });

  test("deterministic: the same input twice gives the same list", () => {
    for (const p of profiles.slice(0, 30)) {
      const a = recommend(catalogue, models, { ...p, k: 10 });
      const b = recommend(catalogue, models, { ...p, exclude: new Set(p.exclude), k: 10 });
      expect(b).toEqual(a);
      const ca = suggest(catalogue, models, profileOf(p), { k: 10, exclude: p.exclude });
      const cb = suggest(catalogue, models, profileOf(p), { k: 10, exclude: p.exclude });
      expect(cb).toEqual(ca);
    }
  });

  test("k is respected", () => {
    const p = profiles[1]!;
    for (const k of [0, 1, 5, 25]) {
      expect(recommend(catalogue, models, { ...p, k })).toHaveLength(k);
      expect(suggest(catalogue, models, profileOf(p), { k })).toHaveLength(k);
    }
    const ten = recommend(catalogue, models, { ...p, k: 10 }).map((r) => r.movieId);
    const five = recommend(catalogue, models, { ...p, k: 5 }).map((r) => r.movieId);
    expect(five).toEqual(ten.slice(0, 5));
  });

  test("model picks come first, best first, and name the liked films behind them", () => {
    const out = recommend(catalogue, models, { liked: [858, 6], disliked: [], exclude: new Set(), k: 10 });
    expect(out.every((r) => r.source === "model")).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i]!.score).toBeLessThanOrEqual(out[i - 1]!.score);
    for (const r of out) {
      expect(r.because.length).toBeGreaterThan(0);
      for (const b of r.because) expect([858, 6]).toContain(b.movieId);
    }
    // The Godfather's sequel is its closest neighbour.
    expect(out.map((r) => r.movieId)).toContain(1221);
  });

  test("a dislike lowers the films like it", () => {
    const base = recommend(catalogue, models, { liked: [858], disliked: [], exclude: new Set(), k: 10 });
    const top = base[0]!.movieId;
    const withDislike = recommend(catalogue, models, {
      liked: [858],
      disliked: [top],
      exclude: new Set(),
      k: 10,
    });
    expect(withDislike.map((r) => r.movieId)).not.toContain(top);
    const item = catalogue.indexOf(1221)!;
    const plain = models.ranker.score({ items: [catalogue.indexOf(858)!] })[item]!;
    const lowered = models.ranker.score({
      items: [catalogue.indexOf(858)!, catalogue.indexOf(2023)!],
      weights: [1, -0.5],
    })[item]!;
    expect(lowered).toBeLessThan(plain);
  });

  test("unknown ids are ignored", () => {
    const out = recommend(catalogue, models, {
      liked: [858, -7],
      disliked: [-8],
      exclude: new Set([-9]),
      k: 5,
    });
    const known = recommend(catalogue, models, { liked: [858], disliked: [], exclude: new Set(), k: 5 });
    expect(out).toEqual(known);
  });
});

describe("a newcomer", () => {
  const byPopularity = [...catalogue.movies]
    .map((m, i) => ({ id: m.movieId, n: catalogue.ratingCounts[i]!, i }))
    .sort((a, b) => b.n - a.n || a.i - b.i);

  // Without diversity or recency reranking, popularity order shows through unchanged.
  const plain = { lambda: 0, alpha: 0 };

  test("with no likes gets the most popular films", () => {
    const out = recommend(catalogue, models, {
      liked: [],
      disliked: [],
      exclude: new Set(),
      k: 10,
      rerank: plain,
    });
    expect(out.map((r) => r.movieId)).toEqual(byPopularity.slice(0, 10).map((p) => p.id));
    expect(out.every((r) => r.source === "popularity" && r.because.length === 0)).toBe(true);
    expect(out[0]!.movieId).toBe(356); // Forrest Gump, the most rated film of ml-latest-small
  });

  test("popular films come with their rating count as the reason", () => {
    const cards = suggest(catalogue, models, emptyProfile(), { k: 10 });
    expect(cards).toHaveLength(10);
    for (const c of cards) {
      const n = catalogue.popularity(c.movieId);
      expect(n).toBeGreaterThan(1);
      expect(c.reasons).toEqual([`popular: rated by ${n} MovieLens members`]);
    }
    expect(cards[0]!.reasons).toEqual(["popular: rated by 329 MovieLens members"]);
  });

  test("with only dislikes gets popular films, minus those", () => {
    const top = byPopularity.slice(0, 3).map((p) => p.id);
    const out = recommend(catalogue, models, {
      liked: [],
      disliked: top,
      exclude: new Set(),
      k: 5,
      rerank: plain,
    });
    expect(out.map((r) => r.movieId)).toEqual(byPopularity.slice(3, 8).map((p) => p.id));
  });
});

describe("cards", () => {
  test("carry the film's data and links", () => {
    const [c] = suggest(catalogue, models, emptyProfile(), { k: 1 });
    const m = catalogue.byId(c!.movieId)!;
    expect(c).toMatchObject({ movieId: m.movieId, title: m.title, year: m.year, genres: m.genres });
    expect(c!.links.at(-1)).toEqual({ label: "MovieLens", url: `https://movielens.org/movies/${m.movieId}` });
  });
});

describe("similarCards", () => {
  test("lists the collaborative neighbours of a film", () => {
    const cards = similarCards(catalogue, models, 858, 5);
    expect(cards).toHaveLength(5);
    expect(cards.map((c) => c.movieId)).not.toContain(858);
    expect(cards[0]!.movieId).toBe(1221);
    expect(cards[0]!.reasons).toEqual(["often rated by the people who rated The Godfather"]);
  });

  test("an unknown film has no neighbours", () => {
    expect(similarCards(catalogue, models, -1, 5)).toEqual([]);
  });
});

describe("Catalogue", () => {
  test("maps ids to indices and back", () => {
    const c = new Catalogue(
      [
        { movieId: 10, title: "A", year: 2000, altTitles: [], genres: [] },
        { movieId: 20, title: "B", year: null, altTitles: [], genres: [] },
      ],
      Float32Array.from([3, 0]),
    );
    expect(c.size).toBe(2);
    expect(c.indexOf(20)).toBe(1);
    expect(c.indexOf(30)).toBeUndefined();
    expect(c.byId(10)?.title).toBe("A");
    expect(c.at(1).movieId).toBe(20);
    expect(() => c.at(2)).toThrow(RangeError);
    expect(c.popularity(10)).toBe(3);
    expect(c.popularity(99)).toBe(0);
  });

  test("refuses rating counts that do not fit the films", () => {
    expect(() => new Catalogue([], Float32Array.from([1]))).toThrow(
      "ratingCounts has 1 entries for 0 movies",
    );
  });
});
