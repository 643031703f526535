import { ButtonStyle, ComponentType } from "discord.js";
import { describe, expect, test } from "vitest";
import {
  cardEmbed,
  DISCORD_LIMITS,
  markPressed,
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

  test("a list of five is one message: numbered embeds, a row of 👍 👎 👀 ≈ per card, More picks ending the last row", () => {
    const cards = Array.from({ length: 5 }, (_, i) => card(i + 1));
    const messages = renderReplies([{ text: "Here you go:", cards, choices: [more], listId: "abc" }], {
      owner: "42",
    });
    expect(messages).toHaveLength(1);
    const [m] = messages;
    expect(m!.content).toBe("Here you go:");
    expect(m!.embeds.map((e) => e.title)).toEqual(
      cards.map((c, i) => `${i + 1}. Film ${c.movieId} (${c.year})`),
    );
    // A reaction on a list can't say which card it means: no film is mapped to the message.
    expect(m!.movieId).toBeUndefined();
    expect(m!.components).toHaveLength(DISCORD_LIMITS.actionRows);
    for (const [i, row] of m!.components.entries()) {
      const id = cards[i]!.movieId;
      const n = i + 1;
      expect(row.components.slice(0, 4).map((b) => ("custom_id" in b ? b.custom_id : ""))).toEqual([
        `f:l:${id}@42`,
        `f:d:${id}@42`,
        `f:s:${id}@42`,
        `s:${id}@42`,
      ]);
      expect(row.components.slice(0, 4).map((b) => ("label" in b ? b.label : ""))).toEqual([
        `👍 ${n}`,
        `👎 ${n}`,
        `👀 ${n}`,
        `≈ ${n}`,
      ]);
      expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    }
    expect(m!.components.at(-1)!.components[4]).toMatchObject({
      type: ComponentType.Button,
      label: "More picks",
      custom_id: "m@42",
      style: ButtonStyle.Primary,
    });
    expect(new Set(ids(m!)).size).toBe(ids(m!).length);
  });

  test("a longer list (a larger page size) goes as messages of five, numbered on; a one-card message maps its film", () => {
    const cards = Array.from({ length: 11 }, (_, i) => card(i + 1));
    const messages = renderReplies([{ text: "Here you go:", cards, choices: [more] }]);
    expect(messages.map((m) => m.embeds.length)).toEqual([5, 5, 1]);
    expect(messages[1]!.embeds[0]!.title).toMatch(/^6\. /);
    expect(messages.map((m) => m.movieId)).toEqual([undefined, undefined, 11]);
    expect(ids(messages.at(-1)!)).toEqual(["f:l:11", "f:d:11", "f:s:11", "s:11", "m"]);
    expect(messages.slice(0, 2).every((m) => !ids(m).includes("m"))).toBe(true);
  });

  test("a card the person already rated shows it pressed; markPressed moves the tick within the card's row only", () => {
    const [m] = renderReplies([{ text: "", cards: [card(1, { said: "like" }), card(2)], choices: [more] }]);
    const labels = (rows: OutgoingMessage["components"]) =>
      rows.map((r) => r.components.map((b) => ("label" in b ? b.label : "")));
    expect(labels(m!.components)[0]).toEqual(["👍 1 ✓", "👎 1", "👀 1", "≈ 1"]);
    const after = markPressed(m!.components, "f:s:1");
    expect(labels(after)).toEqual([
      ["👍 1", "👎 1", "👀 1 ✓", "≈ 1"],
      ["👍 2", "👎 2", "👀 2", "≈ 2", "More picks"],
    ]);
    expect(after[0]!.components[2]).toMatchObject({ style: ButtonStyle.Success });
    expect(after[0]!.components[0]).toMatchObject({ style: ButtonStyle.Secondary });
    expect(after[1]).toEqual(m!.components[1]);
  });

  test("several replies stay in order; a text-only reply is one message", () => {
    const messages = renderReplies([
      { text: "Did you mean…?" },
      { text: "Crime films:", cards: [card(1), card(2)] },
      { text: "Dramas:", cards: [card(3)], choices: [more] },
    ]);
    expect(messages.map((m) => m.content ?? null)).toEqual(["Did you mean…?", "Crime films:", "Dramas:"]);
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
    expect(m!.components).toHaveLength(1);
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
