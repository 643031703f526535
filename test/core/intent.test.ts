import { describe, expect, test } from "vitest";
import { classify } from "../../core/dialogue/intent.ts";

const kind = (text: string) => classify(text).kind;

describe("classify", () => {
  test("help", () => {
    for (const t of ["help", "Help!", "/help", "?", "  HELP  ", "what can you do?", "How does this work"]) {
      expect(kind(t), t).toBe("help");
    }
  });

  test("forget", () => {
    for (const t of ["reset", "/reset", "forget me", "Start over!", "clear", "delete my data", "forget"]) {
      expect(kind(t), t).toBe("forget");
    }
  });

  test("profile", () => {
    for (const t of ["profile", "/profile", "my profile", "What do you know about me?", "what do I like"]) {
      expect(kind(t), t).toBe("profile");
    }
  });

  test("more", () => {
    for (const t of [
      "more",
      "/more",
      "next",
      "more please",
      "Show me more!",
      "what should I watch next?",
      "any ideas",
    ]) {
      expect(kind(t), t).toBe("more");
    }
  });

  test("anything else tells us about films", () => {
    for (const t of [
      "I loved Help! and Heat",
      "Help! was great",
      "help me find something like Heat",
      "reset my taste to Heat",
      "more films like Alien",
      "I loved The Godfather",
      "",
    ]) {
      expect(kind(t), t).toBe("tell");
    }
  });
});
