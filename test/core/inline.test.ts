import { describe, expect, test } from "vitest";
import { INLINE_QUERY_CHARS, inlineAnswer, MAX_INLINE_RESULTS, readInlineQuery } from "../../core/inline.ts";
import { displayName } from "../../core/movie.ts";
import { profileOf } from "../../core/profile/profile.ts";
import { sharedApp } from "../helpers/app.ts";

const app = await sharedApp();
const titleOf = (id: number) => displayName(app.catalogue.byId(id)!);

describe("inline answers (core/inline.ts)", () => {
  test("each film once, the found film first, never more than asked or than Telegram's 50", () => {
    for (const k of [1, 5, 20, 50, 500]) {
      const answer = inlineAnswer(app, "alien", undefined, k);
      const ids = answer.results.map((r) => r.card.movieId);
      expect(answer.kind).toBe("film");
      expect(titleOf(ids[0]!)).toBe("Alien (1979)");
      expect(answer.results[0]!.role).toBe("match");
      expect(ids.length).toBe(Math.min(k, MAX_INLINE_RESULTS));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  test("spacing as typed doesn't change the answer; a typed title doesn't depend on who asks", () => {
    expect(readInlineQuery("  the   godfather ")).toBe("the godfather");
    const plain = inlineAnswer(app, "the godfather", undefined);
    const spaced = inlineAnswer(app, "  the   godfather ", profileOf([1, 2, 3]));
    expect(spaced.results.map((r) => r.card.movieId)).toEqual(plain.results.map((r) => r.card.movieId));
    expect(spaced.personal).toBe(false);
  });

  test("an empty query: the person's picks (personal, none they rated), popular films for someone new", () => {
    const heatAlien = [6, 1214];
    const own = inlineAnswer(app, "", profileOf(heatAlien));
    expect(own.kind).toBe("recommended");
    expect(own.personal).toBe(true);
    for (const id of heatAlien) expect(own.results.map((r) => r.card.movieId)).not.toContain(id);
    const popular = inlineAnswer(app, "", undefined);
    expect(popular.kind).toBe("popular");
    expect(popular.personal).toBe(false);
    expect(popular.results.length).toBeGreaterThan(0);
    expect(popular.results.map((r) => r.card.movieId)).not.toEqual(own.results.map((r) => r.card.movieId));
  });

  test("past the length cap a query is not read, however it is padded", () => {
    const title = "the godfather";
    const long = `${title} ${"x".repeat(INLINE_QUERY_CHARS)}`;
    expect(inlineAnswer(app, long, undefined)).toMatchObject({ kind: "too-long", results: [] });
    expect(inlineAnswer(app, `${title}${" ".repeat(1000)}`, undefined).kind).toBe("too-long");
    expect(inlineAnswer(app, `${title}${" ".repeat(50)}`, undefined).kind).toBe("film");
  });

  test("a year picks the version: “it 1990” is the 1990 film, “it” alone still finds an It", () => {
    expect(titleOf(inlineAnswer(app, "it 1990", undefined).movieId!)).toBe("It (1990)");
    expect(app.catalogue.byId(inlineAnswer(app, "it", undefined).movieId!)!.title).toBe("It");
  });

  test("words that name no film: nothing, not a guess", () => {
    expect(inlineAnswer(app, "zxqvbn wqrtpl", undefined)).toMatchObject({ kind: "nothing", results: [] });
  });
});
