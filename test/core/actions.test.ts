import { describe, expect, test } from "vitest";
import {
  type Action,
  cardChoices,
  decodeAction,
  decodeButton,
  encodeAction,
  encodeButton,
  signalOfEmoji,
} from "../../core/reply/actions.ts";

describe("button payloads", () => {
  test("every button action survives a round trip, in a few bytes", () => {
    const actions: Action[] = [
      { type: "feedback", movieId: 858, signal: "like" },
      { type: "feedback", movieId: 193609, signal: "dislike" },
      { type: "feedback", movieId: 1, signal: "seen" },
      { type: "feedback", movieId: 1, signal: "watchlist" },
      { type: "similar", movieId: 6 },
      { type: "choose", movieId: 4643, instead: 2529 },
      { type: "choose", movieId: 4643 },
      { type: "more" },
      { type: "more", listId: "mi8x3k2a" },
      { type: "forget", confirmed: true },
      { type: "forget", confirmed: false },
    ];
    for (const a of actions) {
      const data = encodeAction(a)!;
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(24);
      expect(decodeAction(data)).toEqual(a);
    }
    for (const c of cardChoices({ movieId: 858 }))
      expect(decodeAction(encodeAction(c.action)!)).toEqual(c.action);
  });

  test("a button names whom it was for, within Telegram's 64 bytes even with a long snowflake", () => {
    const owner = "1234567890123456789";
    const choose: Action = { type: "choose", movieId: 193609, instead: 193587 };
    const data = encodeButton(choose, owner)!;
    expect(data).toBe(`c:193609:193587@${owner}`);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(decodeButton(data)).toEqual({ action: choose, owner });
    expect(decodeButton("m:mi8x3k2a")).toEqual({ action: { type: "more", listId: "mi8x3k2a" } });
    // A forged owner is no owner: the press is refused as malformed, not taken as nobody's.
    expect(decodeButton("x:y@")).toBeUndefined();
    expect(decodeButton("x:y@a b")).toBeUndefined();
    expect(decodeButton("x:y@1@2")).toBeUndefined();
  });

  test("actions no button carries have no payload", () => {
    expect(encodeAction({ type: "profile" })).toBeUndefined();
    expect(encodeAction({ type: "react", messageRef: "x", emoji: "👍" })).toBeUndefined();
  });

  test("malformed or forged payloads decode to nothing", () => {
    for (const bad of [
      "",
      "f",
      "f:l",
      "f:q:1",
      "f:l:abc",
      "f:l:-3",
      "f:l:1:2",
      "s:",
      "c:1:x",
      "m:1:2",
      "m:ABC",
      "m:a@",
      "f:l:1@bad id",
      "x:maybe",
      "zz:1",
      "f:l:1.5",
    ]) {
      expect(decodeAction(bad), bad).toBeUndefined();
    }
  });
});

describe("reactions", () => {
  test("emoji map to signals, skin tones and variation selectors included", () => {
    expect(signalOfEmoji("👍")).toBe("like");
    expect(signalOfEmoji("👍🏾")).toBe("like");
    expect(signalOfEmoji("❤️")).toBe("like");
    expect(signalOfEmoji("👎")).toBe("dislike");
    expect(signalOfEmoji("👀")).toBe("seen");
    expect(signalOfEmoji("🔖")).toBe("watchlist");
    expect(signalOfEmoji("🎉")).toBeUndefined();
  });
});
