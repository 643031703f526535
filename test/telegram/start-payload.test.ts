import { describe, expect, test } from "vitest";
import {
  movieNightPayload,
  parseStartPayload,
  similarPayload,
  startLink,
} from "../../adapters/telegram/start-payload.ts";

describe("parseStartPayload", () => {
  test("similar_<movieId> and movienight_<group id>, as the builders make them", () => {
    expect(parseStartPayload(similarPayload(858))).toEqual({ kind: "similar", movieId: 858 });
    expect(parseStartPayload(movieNightPayload(-1001234567890))).toEqual({
      kind: "movienight",
      chatId: -1001234567890,
    });
    expect(parseStartPayload(" similar_6 ")).toEqual({ kind: "similar", movieId: 6 });
  });

  test("inline, empty, unknown and malformed payloads are the onboarding", () => {
    for (const p of [
      "",
      "inline",
      "hello",
      "similar_",
      "similar_0",
      "similar_-5",
      "similar_1.5",
      "similar_99999999999999999999",
      "movienight_5", // a private chat's id: a movie night is a group's
      "movienight_abc",
      "similar_858_extra",
      "similar 858",
      `similar_${"1".repeat(70)}`, // longer than Telegram's 64 characters
      "similar_8%58",
    ]) {
      expect(parseStartPayload(p), p).toEqual({ kind: "onboarding" });
    }
  });

  test("links stay within Telegram's payload rules", () => {
    const payload = movieNightPayload(-1009999999999);
    expect(payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(startLink("matinee_bot", payload)).toBe(`https://t.me/matinee_bot?start=${payload}`);
  });
});
