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
