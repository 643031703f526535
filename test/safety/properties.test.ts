import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  DISCORD_LIMITS,
  renderReplies as discordReplies,
  embedLength,
} from "../../adapters/discord/render.ts";
import { TELEGRAM_LIMITS, renderReplies as telegramReplies } from "../../adapters/telegram/render.ts";
import { renderReply } from "../../adapters/terminal/render.ts";
import { readTaste } from "../../core/dialogue/taste.ts";
import { peopleIndex } from "../../core/recommend/filters.ts";
import { quote } from "../../core/reply/quote.ts";
import type { Card, Reply } from "../../core/reply/reply.ts";
import { sharedApp } from "../helpers/app.ts";

/**
 * Property tests: random text through title reading and every renderer. CI runs the short
 * form; MATINEE_PROPERTY_RUNS raises the number of cases for a long local run.
 */
const RUNS = Number(process.env.MATINEE_PROPERTY_RUNS ?? 40);
const app = await sharedApp();

/** Any text people can send: full Unicode (lone surrogates included), Markdown, HTML, control characters. */
const anyText = (max: number) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength: max }),
    fc.string({ unit: "grapheme", maxLength: max }),
    fc
      .array(
        fc.constantFrom(
          "[x](https://evil.example)",
          "**",
          "`",
          "<b>",
          "&",
          "_",
          "\n",
          "\r",
          "@everyone",
          "🎬",
          "Heat",
          " ",
        ),
        {
          maxLength: 60,
        },
      )
      .map((parts) => parts.join("")),
  );

const anyCard: fc.Arbitrary<Card> = fc.record({
  movieId: fc.integer({ min: 1, max: 300_000 }),
  title: anyText(300),
  year: fc.option(fc.integer({ min: 1870, max: 2030 }), { nil: null }),
  genres: fc.array(anyText(30), { maxLength: 8 }),
  reasons: fc.array(anyText(400), { maxLength: 12 }),
  score: fc.double({ noNaN: true }),
  links: fc.constant([{ label: "TMDB", url: "https://www.themoviedb.org/movie/949" }]),
});

const anyReply: fc.Arbitrary<Reply> = fc.record(
  {
    text: anyText(5000),
    cards: fc.array(anyCard, { maxLength: 5 }),
    error: fc.boolean(),
  },
  { requiredKeys: ["text"] },
);

/** The text Discord reads as Markdown: code spans (which it shows literally) and escapes left out. */
const outsideCode = (text: string) =>
  (text.match(/`[^`\n]+`|\\[\s\S]|[\s\S]/gu) ?? [])
    .map((p) => (p.startsWith("`") && p.length > 1 ? " " : p))
    .join("");

/** A masked link Discord would render. */
const MASKED_LINK = /(?<!\\)\[[^\]\n]+\]\([^)\s]+\)/;

describe("properties: random text never throws, stays within platform limits, is escaped", () => {
  test("title reading never throws on random text", () => {
    const known = peopleIndex(app.catalogue);
    fc.assert(
      fc.property(anyText(300), (text) => {
        readTaste(text, app.titles, known);
      }),
      { numRuns: RUNS },
    );
  });

  test("quote: bounded, well-formed, one line", () => {
    fc.assert(
      fc.property(anyText(2000), (text) => {
        const q = quote(text);
        expect(Array.from(q).length).toBeLessThanOrEqual(62);
        expect(q).not.toMatch(/[\n\r]/);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  test("Discord: every message within its limits, no masked link outside code", () => {
    fc.assert(
      fc.property(fc.array(anyReply, { maxLength: 3 }), (replies) => {
        for (const m of discordReplies(replies)) {
          expect((m.content ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
          expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
          expect(outsideCode(m.content ?? "")).not.toMatch(MASKED_LINK);
          for (const e of m.embeds) {
            expect(embedLength(e)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
            expect((e.title ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
            expect((e.description ?? "").length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
            expect(outsideCode(e.description ?? "")).not.toMatch(MASKED_LINK);
            for (const f of e.fields ?? [])
              expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test("Telegram: captions and texts within limits, no tag but the ones the bot writes", () => {
    const ALLOWED = /^<\/?(b|i|code|a|a href="[^"]*")>$/;
    fc.assert(
      fc.property(fc.array(anyReply, { maxLength: 3 }), (replies) => {
        for (const m of telegramReplies(replies)) {
          const max = m.photo ? TELEGRAM_LIMITS.caption : TELEGRAM_LIMITS.text;
          expect(m.html.length).toBeLessThanOrEqual(max);
          for (const tag of m.html.match(/<[^>]*>/g) ?? []) expect(tag).toMatch(ALLOWED);
          for (const row of m.keyboard?.inline_keyboard ?? [])
            for (const b of row)
              if ("callback_data" in b)
                expect(Buffer.byteLength(b.callback_data ?? "")).toBeLessThanOrEqual(
                  TELEGRAM_LIMITS.callbackData,
                );
        }
      }),
      { numRuns: RUNS },
    );
  });

  test("terminal: rendering never throws", () => {
    fc.assert(
      fc.property(anyReply, (reply) => {
        expect(typeof renderReply(reply)).toBe("string");
      }),
      { numRuns: RUNS },
    );
  });
});
