import { describe, expect, test } from "vitest";
import {
  cardHtml,
  cardKeyboard,
  choiceRows,
  escapeHtml,
  markFeedback,
  noticeText,
  renderReplies,
  splitHtmlLines,
  TELEGRAM_LIMITS,
  textCardHtml,
  textToHtml,
  truncateHtml,
  withoutButtons,
} from "../../adapters/telegram/render.ts";
import { decodeAction } from "../../core/reply/actions.ts";
import type { Card, Reply } from "../../core/reply/reply.ts";
import { parseTelegramHtml } from "./telegram-html.ts";

const card = (over: Partial<Card> = {}): Card => ({
  movieId: 6,
  title: "Heat",
  year: 1995,
  genres: ["Action", "Crime", "Thriller"],
  reasons: ["because you liked The Godfather"],
  score: 1,
  links: [
    { label: "IMDb", url: "https://www.imdb.com/title/tt0113277/" },
    { label: "TMDB", url: "https://www.themoviedb.org/movie/949" },
    { label: "MovieLens", url: "https://movielens.org/movies/6" },
  ],
  ...over,
});

/** The visible text of Telegram HTML, failing the test when Telegram would refuse the markup. */
function visible(html: string): string {
  const parsed = parseTelegramHtml(html);
  if ("error" in parsed) throw new Error(`${parsed.error} in ${JSON.stringify(html)}`);
  return parsed.text;
}

const HOSTILE = `<b>Tom & "Jerry"</b> <a href="javascript:alert(1)">x</a> &amp; &#9731; </i>`;

describe("escaping", () => {
  test("every special character is escaped and the text survives as typed", () => {
    expect(escapeHtml(HOSTILE)).not.toMatch(/[<>"]|&(?!amp;|lt;|gt;|quot;)/);
    expect(visible(escapeHtml(HOSTILE))).toBe(HOSTILE);
  });

  test("core text keeps its `code` words, and nothing else becomes markup", () => {
    expect(textToHtml("say `more` or <b>reset</b> & go")).toBe(
      "say <code>more</code> or &lt;b&gt;reset&lt;/b&gt; &amp; go",
    );
  });
});

describe("truncateHtml", () => {
  const html = `<b>${escapeHtml("Tom & Jerry <3")}</b> <i>${escapeHtml("a & b")} 🎬🎬</i> <a href="https://x.org/?a=1&amp;b=2">link &amp; more</a>`;

  test("short markup is left alone", () => {
    expect(truncateHtml(html, html.length)).toBe(html);
  });

  test("at every length it fits, parses, ends in … and never splits a tag, an entity or an emoji", () => {
    for (let max = 4; max < html.length; max++) {
      const cut = truncateHtml(html, max);
      expect(cut.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(cut.endsWith("…") || /…(<\/[a-z]+>)+$/.test(cut), `max ${max}: ${cut}`).toBe(true);
      const text = visible(cut);
      expect(text).not.toMatch(/[\uD800-\uDBFF]…|[\uD800-\uDBFF]$/);
      // What's kept is a prefix of the original's visible text.
      expect(visible(html).startsWith(text.replace(/…$/, ""))).toBe(true);
    }
  });

  test("leaves no empty element behind (Telegram refuses empty entities)", () => {
    const cut = truncateHtml(`Hi <a href="https://example.org/very/long/path">there</a>`, 40);
    expect(cut).toBe("Hi …");
  });
});

describe("cardHtml", () => {
  test("a card: bold title, year, genres, reasons, links; all escaped", () => {
    const html = cardHtml(
      card({
        title: `Tom & Jerry <The "Movie">`,
        reasons: ["because you liked <script>", "favourite genre: crime"],
        watch: "Stream: R&D Films (via JustWatch)",
      }),
    );
    expect(html).toContain("<b>Tom &amp; Jerry &lt;The &quot;Movie&quot;&gt;</b> (1995)");
    expect(html).toContain("• Because you liked &lt;script&gt;");
    expect(html).toContain("📺 Stream: R&amp;D Films (via JustWatch)");
    expect(html).toContain('<a href="https://www.imdb.com/title/tt0113277/">IMDb</a>');
    expect(visible(html)).toContain(`Tom & Jerry <The "Movie"> (1995)`);
  });

  test("links that aren't http(s) are dropped, never turned into hrefs", () => {
    const html = cardHtml(card({ links: [{ label: "x", url: "javascript:alert(1)" }] }));
    expect(html).not.toContain("javascript");
  });

  test("a long card stays within 1,024 characters, keeps its title and links, and parses", () => {
    const long = card({
      title: "A & B ".repeat(30),
      reasons: Array.from({ length: 12 }, (_, i) => `because you liked <Film ${i}> & ${"more ".repeat(20)}`),
    });
    const html = cardHtml(long);
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.caption);
    expect(visible(html)).toContain("MovieLens");
    expect(html.startsWith("<b>A &amp; B")).toBe(true);
    expect(visible(html)).toContain("…");
    const text = textCardHtml(long);
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.caption);
    expect(text.startsWith("🎬 ")).toBe(true);
    visible(text);
  });

  test("a card with an absurdly long title still fits and parses", () => {
    const html = cardHtml(card({ title: "&<>".repeat(600), reasons: [] }));
    expect(html.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.caption);
    visible(html);
  });
});

describe("keyboards", () => {
  test("a card's buttons: 👍 👎 👀 Seen, then More like this; payloads ≤ 64 bytes that decode back", () => {
    const rows = cardKeyboard({ movieId: 193_609 });
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([["👍", "👎", "👀 Seen"], ["More like this"]]);
    for (const b of rows.flat()) {
      const data = "callback_data" in b ? b.callback_data : "";
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeAction(data)).toBeDefined();
    }
    expect(decodeAction("callback_data" in rows[0]![0]! ? rows[0]![0]!.callback_data : "")).toEqual({
      type: "feedback",
      movieId: 193_609,
      signal: "like",
    });
  });

  test("short choices share a row, film titles get one each; unencodable choices are left out", () => {
    const rows = choiceRows([
      { label: "Yes, forget me", action: { type: "forget", confirmed: true } },
      { label: "Cancel", action: { type: "forget", confirmed: false } },
      { label: "It (1990)", action: { type: "choose", movieId: 5, instead: 6 } },
      {
        label: "The Lord of the Rings: The Return of the King (2003)",
        action: { type: "choose", movieId: 7 },
      },
      { label: "Profile", action: { type: "profile" } },
    ]);
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([
      ["Yes, forget me", "Cancel"],
      ["It (1990)"],
      ["The Lord of the Rings: The Return of the King (2003)"],
    ]);
  });

  test("a feedback press ticks that button and leaves other rows alone", () => {
    const markup = {
      inline_keyboard: [...cardKeyboard({ movieId: 6 }), [{ text: "More picks", callback_data: "m" }]],
    };
    const liked = markFeedback(markup, 6, "like");
    expect(liked.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([
      ["👍 ✓", "👎", "👀 Seen"],
      ["More like this"],
      ["More picks"],
    ]);
    const disliked = markFeedback(liked, 6, "dislike");
    expect(disliked.inline_keyboard[0]!.map((b) => b.text)).toEqual(["👍", "👎 ✓", "👀 Seen"]);
  });

  test("answered questions lose their buttons only", () => {
    const markup = {
      inline_keyboard: [
        [
          { text: "Yes", callback_data: "x:y" },
          { text: "No", callback_data: "x:n" },
        ],
        [{ text: "More picks", callback_data: "m" }],
      ],
    };
    expect(withoutButtons(markup, "x:")).toEqual({
      inline_keyboard: [[{ text: "More picks", callback_data: "m" }]],
    });
  });
});

describe("renderReplies", () => {
  test("text first, then one message per card (photo or text card), choices under the last", () => {
    const replies: Reply[] = [
      { text: "Got it: 👍 Heat (1995)" },
      {
        text: "Crime films:",
        cards: [
          card({ posterUrl: "https://image.tmdb.org/t/p/w342/a.jpg" }),
          card({ movieId: 7, title: "Se7en" }),
        ],
        choices: [{ label: "More picks", action: { type: "more" } }],
      },
    ];
    const out = renderReplies(replies);
    expect(out.map((m) => [m.photo !== undefined, m.movieId, m.html.split("\n")[0]])).toEqual([
      [false, undefined, "Got it: 👍 Heat (1995)"],
      [false, undefined, "Crime films:"],
      [true, 6, "<b>Heat</b> (1995)"],
      [false, 7, "🎬 <b>Se7en</b> (1995)"],
    ]);
    expect(out[2]!.textCard?.startsWith("🎬 <b>Heat</b>")).toBe(true);
    expect(out[3]!.keyboard?.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([
      ["👍", "👎", "👀 Seen"],
      ["More like this"],
      ["More picks"],
    ]);
    for (const m of out) {
      visible(m.html);
      expect(m.html.length).toBeLessThanOrEqual(m.photo ? TELEGRAM_LIMITS.caption : TELEGRAM_LIMITS.text);
    }
  });

  test("choices with no text get a prompt; long text is split at line ends", () => {
    const [only] = renderReplies([
      { text: "", choices: [{ label: "More picks", action: { type: "more" } }] },
    ]);
    expect(only!.html).toBe("Choose one:");
    const long = Array.from({ length: 300 }, (_, i) => `line ${i} & <stuff>`).join("\n");
    const parts = splitHtmlLines(textToHtml(long));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.text);
    expect(parts.map((p) => visible(p)).join("\n")).toBe(long);
  });

  test("a notification is at most 200 characters, without backticks", () => {
    expect(noticeText([{ text: "Noted: 👍 Heat (1995)", choices: [] }])).toBe("Noted: 👍 Heat (1995)");
    const long = noticeText([{ text: `say \`more\` ${"🎬".repeat(150)}` }]);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).not.toContain("`");
    expect(long.endsWith("…")).toBe(true);
  });
});
