import { describe, expect, test } from "vitest";
import {
  cardHtml,
  cardKeyboard,
  choiceRows,
  decodePage,
  escapeHtml,
  listPage,
  markFeedback,
  noticeText,
  renderReplies,
  shownIndex,
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
  test("a list is one message: heading and first card, the card's buttons, a ◀ n / N ▶ pager, More picks", () => {
    const poster = (movieId: number) => `https://image.tmdb.org/t/p/w342/${movieId}.jpg`;
    const replies: Reply[] = [
      {
        text: "Got it: 👍 Heat (1995)\nCrime films:",
        cards: [card({ posterUrl: poster(6) }), card({ movieId: 7, title: "Se7en", posterUrl: poster(7) })],
        listId: "abc",
      },
      // A list's second bundle is the rest of the same list: the same message.
      {
        text: "Dramas:",
        cards: [card({ movieId: 8, title: "Ran", posterUrl: poster(8) })],
        choices: [{ label: "More picks", action: { type: "more", listId: "abc" } }],
        listId: "abc",
      },
    ];
    const out = renderReplies(replies, "42");
    expect(out).toHaveLength(1);
    const [list] = out;
    expect(list!.photo).toBe(poster(6));
    expect(list!.movieId).toBe(6);
    expect(list!.list).toEqual({ listId: "abc", index: 0, count: 3 });
    expect(list!.html.split("\n").slice(0, 4)).toEqual([
      "Got it: 👍 Heat (1995)",
      "Crime films:",
      "",
      "<b>Heat</b> (1995)",
    ]);
    expect(list!.keyboard?.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([
      ["👍", "👎", "👀 Seen"],
      ["More like this"],
      ["◀", "1 / 3", "▶"],
      ["More picks"],
    ]);
    const data = list!
      .keyboard!.inline_keyboard.flat()
      .map((b) => ("callback_data" in b ? b.callback_data : ""));
    expect(data).toEqual([
      "f:l:6@42",
      "f:d:6@42",
      "f:s:6@42",
      "s:6@42",
      "p:abc:2@42",
      "p:abc:0@42",
      "p:abc:1@42",
      "m:abc@42",
    ]);
    expect(decodePage("p:abc:2@42")).toEqual({ listId: "abc", index: 2, owner: "42" });
    expect(shownIndex(list!.keyboard)).toBe(0);
    visible(list!.html);
    expect(list!.html.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.caption);
  });

  test("a page of a list: its card, what the person said about it ticked; a list with a card without a poster is text throughout", () => {
    const view = {
      listId: "abc",
      text: "Films like Heat:",
      cards: [
        card({ posterUrl: "https://image.tmdb.org/t/p/w342/a.jpg" }),
        card({ movieId: 7, title: "Se7en", said: "seen" as const }),
      ],
      choices: [],
    };
    const second = listPage(view, 1, "42");
    expect(second.photo).toBeUndefined();
    expect(second.html.split("\n")[2]).toBe("🎬 <b>Se7en</b> (1995)");
    expect(second.keyboard!.inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([
      ["👍", "👎", "👀 Seen ✓"],
      ["More like this"],
      ["◀", "2 / 2", "▶"],
    ]);
    expect(shownIndex(second.keyboard)).toBe(1);
    expect(listPage(view, 0).photo).toBeUndefined();
    // A heading too long for a caption goes as its own message first.
    const long = renderReplies([{ text: "x".repeat(900), cards: [card()], listId: "abc" }]);
    expect(long.map((m) => m.list !== undefined)).toEqual([false, true]);
    for (const m of long) expect(m.html.length).toBeLessThanOrEqual(TELEGRAM_LIMITS.text);
  });

  test("without a list id (a movie night) each card is its own message; a question is its text with its buttons", () => {
    const out = renderReplies(
      [
        {
          text: "By “It” did you mean…?",
          choices: [{ label: "It (1990)", action: { type: "choose", movieId: 1, instead: 2 } }],
        },
        { text: "Movie night:", cards: [card(), card({ movieId: 7, title: "Se7en" })] },
      ],
      "42",
    );
    expect(out.map((m) => [m.movieId, m.html.split("\n")[0]])).toEqual([
      [undefined, "By “It” did you mean…?"],
      [6, "Movie night:"],
      [7, "🎬 <b>Se7en</b> (1995)"],
    ]);
    expect(out[0]!.keyboard!.inline_keyboard).toEqual([[{ text: "It (1990)", callback_data: "c:1:2@42" }]]);
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
