import { describe, expect, test } from "vitest";
import {
  clip,
  DISCORD_LIMITS,
  embedLength,
  renderReplies,
  safeMarkdown,
} from "../../adapters/discord/render.ts";
import type { Card } from "../../core/reply/reply.ts";

/** A masked link Discord would render: "[text](url)" whose bracket is not escaped. */
const MASKED_LINK = /(?<!\\)\[[^\]]+\]\(\S+\)/;

const card = (over: Partial<Card> = {}): Card => ({
  movieId: 6,
  title: "Heat",
  year: 1995,
  genres: ["Action", "Crime"],
  reasons: ["because you liked Alien"],
  score: 1,
  links: [{ label: "TMDB", url: "https://www.themoviedb.org/movie/949" }],
  ...over,
});

describe("Discord: people's words never become the bot's Markdown", () => {
  test('"more like [Free Nitro](https://evil.example/login)" is quoted back escaped, not as a masked link', () => {
    const [out] = renderReplies([
      { text: `I couldn't find "[Free Nitro](https://evil.example/login)" in my catalogue.`, error: true },
    ]);
    expect(out!.content).not.toMatch(MASKED_LINK);
    expect(out!.content).toContain("\\[Free Nitro]");
  });

  test("a display name with Markdown in a movie-night reason is escaped in the embed", () => {
    const [out] = renderReplies([
      {
        text: "Movie night",
        cards: [card({ reasons: ["[Ann](https://evil.example): because you liked Heat"] })],
      },
    ]);
    expect(out!.embeds[0]!.description).not.toMatch(MASKED_LINK);
  });

  test("the core's `backtick` words stay code, everything else is escaped", () => {
    expect(safeMarkdown("say `help` or **shout**")).toBe("say `help` or \\*\\*shout\\*\\*");
  });
});

describe("Discord limits", () => {
  test("clip never splits a surrogate pair", () => {
    const text = `${"a".repeat(9)}🎬🎬`;
    for (let max = 2; max <= text.length; max++) {
      const clipped = clip(text, max);
      expect(clipped.length).toBeLessThanOrEqual(max);
      // No high surrogate without its low half after it.
      expect(clipped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  test("one embed's total stays within 6,000 characters even with long reasons and fields", () => {
    const big = card({
      title: "T".repeat(400),
      genres: Array.from({ length: 300 }, (_, i) => `Genre${i}`),
      reasons: Array.from(
        { length: 40 },
        (_, i) => `Member${i}: ${"because you liked a long film ".repeat(10)}`,
      ),
      watch: "Stream: ".repeat(300),
    });
    const [out] = renderReplies([{ text: "", cards: [big] }]);
    expect(embedLength(out!.embeds[0]!)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  });

  test("a big profile is split over messages, not clipped: the dislikes don't vanish", () => {
    const films = (n: number, name: string) =>
      Array.from({ length: n }, (_, i) => `${name} ${i} (1999)`).join(", ");
    const text = [`👍 Liked: ${films(90, "Liked film")}`, `👎 Disliked: ${films(20, "Hated film")}`].join(
      "\n",
    );
    expect(text.length).toBeGreaterThan(DISCORD_LIMITS.content);
    const messages = renderReplies([{ text }]);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.content!.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    const all = messages.map((m) => m.content).join("\n");
    expect(all).toContain("👎 Disliked: Hated film 0 (1999)");
    expect(all).toContain("Hated film 19 (1999)");
  });
});
