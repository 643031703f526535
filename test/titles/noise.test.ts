import { describe, expect, test } from "vitest";
import { maskNoise } from "../../core/titles/noise.ts";
import { seededRandom } from "../../models/random.ts";
import { sharedApp } from "../helpers/app.ts";

describe("noise never becomes films", async () => {
  const app = await sharedApp();
  const find = (text: string) => app.titles.find(text).map((x) => x.movieId);

  test("links, commands and numbered signs are blanked, offsets kept", () => {
    const text = "see https://x.io/login or !help #-1";
    const masked = maskNoise(text);
    expect(masked).toHaveLength(text.length);
    expect(masked.replace(/ +/g, " ")).toBe("see or ");
    expect(maskNoise("paddington/paddington 2")).toBe("paddington/paddington 2");
  });

  test("commands, numbers and links that spell titles", () => {
    expect(find("!help")).toEqual([]);
    expect(find("/start")).toEqual([]);
    expect(find("seen #-1")).toEqual([]);
    expect(find("ranked it #1 of the year")).toEqual([]);
    expect(find("sign in at https://example.com/login then")).toEqual([]);
    expect(find("mail me at logan@example.com")).toEqual([]);
    // The words themselves still name films.
    expect(find("i loved the help")).toEqual([88810]);
  });

  test("single letters and random bytes", () => {
    expect(find("xq7 Z 9fj M kk Pi ;; zz")).toEqual([]);
    // "&" joins as "and" only between words: "K&RE" is no "andre", "ST&" no "stand".
    expect(find("Kj(jR2V K&RE?A>Kj ST&<)Z")).toEqual([]);
    const rand = seededRandom(11);
    const fired: string[] = [];
    for (let i = 0; i < 200; i++) {
      const bytes = Array.from({ length: 60 }, () => String.fromCharCode(32 + Math.floor(rand() * 95))).join(
        "",
      );
      if (find(bytes).length > 0) fired.push(bytes);
    }
    expect(fired).toEqual([]);
    // A letter set apart as a film still is one.
    expect(find("I loved Pi (1998)")).toEqual([1921]);
  });

  test("common phrases inside ordinary sentences", () => {
    expect(find("what a blast from the past that party was")).toEqual([]);
    expect(find("we had the time of our lives at the wedding")).toEqual([]);
    expect(find("i finally cleaned my office space")).toEqual([]);
  });
});
