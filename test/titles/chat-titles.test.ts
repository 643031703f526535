import { describe, expect, test } from "vitest";
import { sharedApp } from "../helpers/app.ts";

/** Titles as chat writes them: lower case, opening a sentence, no commas. Sentences written for these tests. */
describe("titles opening a sentence in lower case", async () => {
  const app = await sharedApp();
  const find = (text: string) => app.titles.find(text).map((x) => x.movieId);

  test("the subject of what the film did to the speaker", () => {
    expect(find("sinister had me scared to turn the lights off")).toEqual([97188]);
    expect(find("memento made me rethink how i remember things")).toEqual([4226]);
    expect(find("interstellar wrecked me, the docking scene")).toEqual([109487]);
  });

  test("the subject of a verdict", () => {
    expect(find("arrival is such a beautiful film")).toEqual([164179]);
    expect(find("zodiac is lowkey perfect")).toEqual([51540]);
  });

  test("the same words doing something else name no film", () => {
    expect(find("crash made me late for work")).toEqual([]);
    expect(find("the others are out so i have the tv to myself")).toEqual([]);
    expect(find("life is good")).toEqual([]);
  });
});

describe("several titles without commas", async () => {
  const app = await sharedApp();
  const find = (text: string) => app.titles.find(text).map((x) => x.movieId);

  test("'vs', slashes and numbered lists", () => {
    expect(find("die hard vs lethal weapon, which one for tonight")).toEqual([1036, 2000]);
    expect(find("weekend plan: memento / zodiac / heat")).toEqual([4226, 51540, 6]);
    expect(find("top picks: 1. alien 2. the matrix 3. se7en")).toEqual([1214, 2571, 47]);
  });

  test("a list number is no sequel number", () => {
    // "alien 2" would be a title; "2." counts the list.
    expect(find("1. alien 2. heat")).toEqual([1214, 6]);
  });

  test("titles of two words or more one after another with only spaces between", () => {
    expect(find("pulp fiction reservoir dogs jackie brown, the tarantino marathon")).toEqual([
      296, 1089, 1729,
    ]);
  });

  test("plain separators between ordinary words name nothing", () => {
    expect(find("and/or whatever works for you")).toEqual([]);
    expect(find("the game last night was great")).toEqual([]);
    expect(find("rated it 10/10")).toEqual([]);
  });
});
