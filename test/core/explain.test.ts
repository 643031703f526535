import { describe, expect, test } from "vitest";
import { reasonsFor, summarizeTaste } from "../../core/explain/explain.ts";
import { decadeOf } from "../../core/movie.ts";
import { applyOpinions, emptyProfile } from "../../core/profile/profile.ts";
import { rankingHistory } from "../../core/recommend/recommend.ts";
import { suggest } from "../../core/suggest.ts";
import { sharedApp } from "../helpers/app.ts";
import { prng } from "../models/fixtures.ts";
import { smallCatalogue } from "./fixtures.ts";

describe("summarizeTaste on a small catalogue", () => {
  const c = smallCatalogue();

  test("genres of at least two liked films, most frequent first, then by name", () => {
    // Godfather: Crime, Drama · Heat: Action, Crime, Thriller · Seven: Mystery, Thriller · Hate: Crime, Drama
    expect(summarizeTaste(c, [1, 2, 4, 10]).favouriteGenres).toEqual(["Crime", "Drama", "Thriller"]);
    expect(summarizeTaste(c, [1]).favouriteGenres).toEqual([]);
  });

  test("a decade needs two liked films and half of them", () => {
    expect(summarizeTaste(c, [2, 4]).favouriteDecade).toBe("1990s");
    expect(summarizeTaste(c, [2, 4, 1, 12]).favouriteDecade).toBe("1990s"); // 2 of 4
    expect(summarizeTaste(c, [2, 4, 1, 12, 3]).favouriteDecade).toBeUndefined(); // 2 of 5
    expect(summarizeTaste(c, [2, 4, 1, 7]).favouriteDecade).toBe("1970s"); // a tie goes by name
    expect(summarizeTaste(c, [2]).favouriteDecade).toBeUndefined();
  });

  test("reasons name only what the card and the taste share", () => {
    const taste = summarizeTaste(c, [1, 2, 4]);
    const heatLike = { movieId: 10, score: 1, source: "model" as const, because: [], recency: 0, wanted: [] };
    expect(reasonsFor(c, heatLike, taste)).toEqual(["favourite genre: crime · 1990s"]);
    const because = {
      movieId: 3,
      score: 1,
      source: "model" as const,
      recency: 0,
      wanted: [],
      because: [
        { movieId: 2, weight: 0.8 },
        { movieId: 1, weight: 0.4 },
      ],
    };
    expect(reasonsFor(c, because, taste)).toEqual([
      "because you liked Heat and The Godfather",
      "favourite genre: crime",
    ]);
    const weakSecond = { ...because, because: [because.because[0]!, { movieId: 1, weight: 0.39 }] };
    expect(reasonsFor(c, weakSecond, taste)[0]).toBe("because you liked Heat");
    const popular = {
      movieId: 13,
      score: 1,
      source: "popularity" as const,
      because: [],
      recency: 0,
      wanted: [],
    };
    expect(reasonsFor(c, popular, summarizeTaste(c, []))).toEqual(["popular: rated by 1 MovieLens member"]);
  });
});

describe("explanations on the real app are true", async () => {
  const { catalogue, models } = await sharedApp();
  const pool = catalogue.movies.filter((m) => catalogue.popularity(m.movieId) >= 20).map((m) => m.movieId);
  const rand = prng(2024);
  const profiles = Array.from({ length: 120 }, () => {
    const n = 1 + Math.floor(rand() * 7);
    const liked = new Set<number>();
    while (liked.size < n) liked.add(pool[Math.floor(rand() * pool.length)]!);
    const disliked =
      rand() < 0.3 ? [pool[Math.floor(rand() * pool.length)]!].filter((id) => !liked.has(id)) : [];
    return applyOpinions(
      emptyProfile(),
      [
        ...[...liked].map((movieId) => ({ movieId, opinion: "like" as const })),
        ...disliked.map((movieId) => ({ movieId, opinion: "dislike" as const })),
      ],
      1,
    );
  });

  test("every reason checks out against the profile, the card and the model", () => {
    let becauseChecked = 0;
    let genreChecked = 0;
    let decadeChecked = 0;
    let newChecked = 0;
    for (const profile of profiles) {
      const likedIds = profile.liked.map((e) => e.movieId);
      const liked = likedIds.map((id) => catalogue.byId(id)!);
      const likedItems = likedIds.map((id) => catalogue.indexOf(id)!);
      // The history the list was scored from: the reasons are shares of that very score.
      const history = rankingHistory(
        likedItems,
        profile.disliked.map((e) => catalogue.indexOf(e.movieId)!),
      );
      for (const card of suggest(catalogue, models, profile, { k: 10 })) {
        expect(card.reasons.length).toBeGreaterThanOrEqual(1);
        expect(card.reasons.length).toBeLessThanOrEqual(2);
        const credits = models.ranker
          .explain(history, catalogue.indexOf(card.movieId)!)
          .filter((c) => likedItems.includes(c.item));
        const credited = credits.map((c) => catalogue.at(c.item));
        for (const reason of card.reasons) {
          if (reason.startsWith("because you liked ")) {
            const named = reason.slice("because you liked ".length);
            // One credited liked film, or two joined by " and ", the first being the top credit.
            const top = credited[0];
            expect(top, reason).toBeDefined();
            expect(likedIds).toContain(top!.movieId);
            const rest = named === top!.title ? undefined : named.slice(`${top!.title} and `.length);
            expect(named.startsWith(top!.title), reason).toBe(true);
            if (rest !== undefined) {
              expect(named.startsWith(`${top!.title} and `), reason).toBe(true);
              const second = credited.find((m) => m.title === rest && m.movieId !== top!.movieId);
              expect(second, reason).toBeDefined();
              expect(likedIds).toContain(second!.movieId);
            }
            becauseChecked++;
          } else if (reason.startsWith("new in ")) {
            // Only when the recency bonus really lifted it: a film of the data's last few years.
            expect(reason).toBe(`new in ${card.year}`);
            expect(card.year!).toBeGreaterThanOrEqual(catalogue.newestYear - 3);
            newChecked++;
          } else if (reason.startsWith("popular: ")) {
            const n = catalogue.popularity(card.movieId);
            expect(reason).toBe(`popular: rated by ${n} MovieLens ${n === 1 ? "member" : "members"}`);
          } else {
            for (const part of reason.split(" · ")) {
              if (part.startsWith("favourite genre: ")) {
                const g = part.slice("favourite genre: ".length);
                const has = (genres: string[]) => genres.some((x) => x.toLowerCase() === g);
                expect(has(card.genres), `${part} for ${card.title}`).toBe(true);
                expect(liked.filter((m) => has(m.genres)).length).toBeGreaterThanOrEqual(2);
                genreChecked++;
              } else {
                expect(part).toMatch(/^\d{3}0s$/);
                expect(decadeOf(card.year)).toBe(part);
                const inDecade = liked.filter((m) => decadeOf(m.year) === part).length;
                expect(inDecade).toBeGreaterThanOrEqual(2);
                expect(inDecade * 2).toBeGreaterThanOrEqual(liked.length);
                decadeChecked++;
              }
            }
          }
        }
      }
    }
    // The check saw each kind of reason many times.
    expect(becauseChecked).toBeGreaterThan(500);
    expect(genreChecked).toBeGreaterThan(100);
    expect(decadeChecked).toBeGreaterThan(20);
    // "new in" is the rarest reason (only films of the data's last few years that the bonus lifted).
    expect(newChecked).toBeGreaterThanOrEqual(3);
  });

  test("the film named first is the one the model credits most", () => {
    const profile = applyOpinions(
      emptyProfile(),
      [
        { movieId: 858, opinion: "like" },
        { movieId: 1214, opinion: "like" },
      ],
      1,
    );
    const cards = suggest(catalogue, models, profile, { k: 10 });
    const sequel = cards.find((c) => c.movieId === 1221);
    expect(sequel?.reasons[0]?.startsWith("because you liked The Godfather")).toBe(true);
    const credits = models.ranker.explain(
      { items: [catalogue.indexOf(858)!, catalogue.indexOf(1214)!] },
      catalogue.indexOf(1221)!,
    );
    expect(credits[0]?.item).toBe(catalogue.indexOf(858));
  });
});
