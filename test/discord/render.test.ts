import { ButtonStyle, ComponentType } from "discord.js";
import { describe, expect, test } from "vitest";
import {
  cardEmbed,
  DISCORD_LIMITS,
  type OutgoingMessage,
  renderReplies,
} from "../../adapters/discord/render.ts";
import type { Choice } from "../../core/reply/actions.ts";
import type { Card } from "../../core/reply/reply.ts";

function card(movieId: number, extra: Partial<Card> = {}): Card {
  return {
    movieId,
    title: `Film ${movieId}`,
    year: 1990 + (movieId % 10),
    genres: ["Crime", "Drama"],
    reasons: ["because you liked Heat"],
    score: 1,
    links: [
      { label: "IMDb", url: `https://www.imdb.com/title/tt${movieId}/` },
      { label: "TMDB", url: `https://www.themoviedb.org/movie/${movieId}` },
    ],
    ...extra,
  };
}

const ids = (m: OutgoingMessage) =>
  m.components.flatMap((r) => r.components.map((c) => ("custom_id" in c ? c.custom_id : "")));

describe("cardEmbed", () => {
  test("title and year linked to TMDB, reason line, genres, links, poster thumbnail", () => {
    const embed = cardEmbed(
      card(949, { title: "Heat", year: 1995, posterUrl: "https://image.tmdb.org/t/p/w342/x.jpg" }),
    );
    expect(embed).toMatchObject({
      title: "Heat (1995)",
      url: "https://www.themoviedb.org/movie/949",
      description: "because you liked Heat",
      thumbnail: { url: "https://image.tmdb.org/t/p/w342/x.jpg" },
    });
    expect(embed.fields).toEqual([
      { name: "Genres", value: "Crime, Drama", inline: true },
      {
        name: "Links",
        value: "[IMDb](https://www.imdb.com/title/tt949/) · [TMDB](https://www.themoviedb.org/movie/949)",
        inline: true,
      },
    ]);
  });

  test("no poster, no year, no reasons: a clear text card", () => {
    const embed = cardEmbed(card(1, { year: null, reasons: [], genres: [] }));
    expect(embed.title).toBe("Film 1");
    expect(embed.thumbnail).toBeUndefined();
    expect(embed.description).toBeUndefined();
    expect(embed.fields?.map((f) => f.name)).toEqual(["Links"]);
  });

  test("where-to-watch gets its own field; long text is clipped to Discord's limits", () => {
    const embed = cardEmbed(
      card(2, {
        title: "T".repeat(400),
        reasons: ["r".repeat(5000)],
        watch: "Stream: Netflix (via JustWatch)",
      }),
    );
    expect(embed.title!.length).toBe(DISCORD_LIMITS.embedTitle);
    expect(embed.title!.endsWith("…")).toBe(true);
    expect(embed.description!.length).toBe(DISCORD_LIMITS.embedDescription);
    expect(embed.fields?.find((f) => f.name === "Where to watch")?.value).toBe(
      "Stream: Netflix (via JustWatch)",
    );
  });
});

describe("renderReplies", () => {
  const more: Choice = { label: "More picks", action: { type: "more" } };

  test("one message per card, each keeping its four buttons; text heads the first, choices end the last", () => {
    const cards = Array.from({ length: 10 }, (_, i) => card(i + 1));
    const messages = renderReplies([{ text: "Here you go:", cards, choices: [more] }]);
    expect(messages).toHaveLength(10);
    expect(messages.map((m) => m.movieId)).toEqual(cards.map((c) => c.movieId));
    expect(messages[0]!.content).toBe("Here you go:");
    expect(messages.slice(1).every((m) => m.content === undefined)).toBe(true);
    for (const [i, m] of messages.entries()) {
      expect(m.embeds).toHaveLength(1);
      const id = cards[i]!.movieId;
      expect(m.components[0]!.components.map((b) => ("custom_id" in b ? b.custom_id : ""))).toEqual([
        `f:l:${id}`,
        `f:d:${id}`,
        `f:s:${id}`,
        `s:${id}`,
      ]);
      expect(m.components[0]!.components.map((b) => ("label" in b ? b.label : ""))).toEqual([
        "👍",
        "👎",
        "👀 Seen",
        "More like this",
      ]);
      expect(m.ephemeral).toBe(false);
    }
    expect(messages.slice(0, -1).every((m) => m.components.length === 1)).toBe(true);
    expect(ids(messages.at(-1)!)).toEqual(["f:l:10", "f:d:10", "f:s:10", "s:10", "m"]);
    expect(messages.at(-1)!.components[1]!.components[0]).toMatchObject({
      type: ComponentType.Button,
      label: "More picks",
      style: ButtonStyle.Primary,
    });
  });

  test("several replies stay in order; a text-only reply is one message", () => {
    const messages = renderReplies([
      { text: "Got it: 👍 Heat (1995)" },
      { text: "Crime films:", cards: [card(1), card(2)] },
      { text: "Dramas:", cards: [card(3)], choices: [more] },
    ]);
    expect(messages.map((m) => m.content ?? null)).toEqual([
      "Got it: 👍 Heat (1995)",
      "Crime films:",
      null,
      "Dramas:",
    ]);
    expect(messages[0]!.embeds).toEqual([]);
    expect(messages[0]!.components).toEqual([]);
  });

  test("choices without cards: rows of at most five buttons", () => {
    const choices: Choice[] = Array.from({ length: 7 }, (_, i) => ({
      label: `Option ${i + 1}`,
      action: { type: "choose", movieId: i + 1, instead: 99 },
    }));
    const [m] = renderReplies([{ text: "Did you mean…?", choices }]);
    expect(m!.components.map((r) => r.components.length)).toEqual([5, 2]);
    expect(ids(m!)).toEqual(choices.map((_, i) => `c:${i + 1}:99`));
  });

  test("a choice repeating a card's button is not doubled (Discord rejects duplicate ids)", () => {
    const [m] = renderReplies([
      {
        text: "",
        cards: [card(5)],
        choices: [{ label: "Like it", action: { type: "similar", movieId: 5 } }, more],
      },
    ]);
    expect(ids(m!)).toEqual(["f:l:5", "f:d:5", "f:s:5", "s:5", "m"]);
  });

  test("errors are private; empty replies send nothing; long text is clipped to 2000", () => {
    const [error] = renderReplies([{ text: "I couldn't find that.", error: true }]);
    expect(error!.ephemeral).toBe(true);
    expect(renderReplies([{ text: "  " }])).toEqual([]);
    const [long] = renderReplies([{ text: "x".repeat(3000) }]);
    expect(long!.content!.length).toBe(DISCORD_LIMITS.content);
    expect(renderReplies([{ text: "a" }], { ephemeral: true })[0]!.ephemeral).toBe(true);
  });
});
