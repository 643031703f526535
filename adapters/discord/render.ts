import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
} from "discord.js";
import { type Choice, cardChoices, encodeAction } from "../../core/reply/actions.ts";
import type { Card, Reply } from "../../core/reply/reply.ts";

/** Discord's limits on one message (https://discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldValue: 1024,
  buttonLabel: 80,
  customId: 100,
  actionRows: 5,
  buttonsPerRow: 5,
  embedsPerMessage: 10,
  /** Title, description, field names and values, footer and author of all a message's embeds. */
  embedTotal: 6000,
} as const;

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** One Discord message to send, platform JSON only: the client module decides how (reply, follow-up, send). */
export interface OutgoingMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** The film this message shows when it is a card, so reactions on it can be mapped back. */
  movieId?: number;
  /** Only the person who asked should see it (Discord ephemeral; interactions only). */
  ephemeral: boolean;
}

/** Matinee's gold, for the embed's side bar. */
const CARD_COLOUR = 0xe5a00d;

/**
 * At most `max` UTF-16 units (what Discord counts), cut on a whole code point: half a
 * surrogate pair is an invalid string Discord refuses, and a broken emoji.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Text for Discord, where the core's text, film data and people's own words (a quoted
 * title, a display name) would otherwise be read as Markdown: "[Free Nitro](https://…)" as
 * the bot's own masked link. Everything is escaped except the core's `backtick` spans,
 * which Discord already shows as literal code.
 */
export function safeMarkdown(text: string): string {
  const all = {
    codeBlock: true,
    inlineCode: true,
    bold: true,
    italic: true,
    underline: true,
    strikethrough: true,
    spoiler: true,
    codeBlockContent: true,
    inlineCodeContent: true,
    escape: true,
    heading: true,
    bulletedList: true,
    numberedList: true,
    // discord.js escapes only the first "[…](…)" of a line; every bracket is escaped below.
    maskedLink: false,
  };
  const escaped = (part: string) => escapeMarkdown(part, all).replace(/\[/g, "\\[");
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/`[^`\n]+`/g)) {
    // Brackets are escaped inside code too: a clip that cuts the closing backtick must not
    // leave a live "[…](…)" behind.
    out += escaped(text.slice(last, m.index)) + m[0].replace(/\[/g, "\\[");
    last = m.index + m[0].length;
  }
  return out + escaped(text.slice(last));
}

/**
 * Text longer than one message as several, cut at line breaks (else spaces), so a long
 * profile arrives whole instead of losing its last lines (the dislikes) to a clip.
 */
export function splitContent(text: string, max: number = DISCORD_LIMITS.content): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf("\n");
    if (cut < max / 2) cut = window.lastIndexOf(" ");
    if (cut < max / 2) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]+/, "");
  }
  if (rest.trim()) parts.push(rest);
  return parts;
}

/** What Discord counts against `embedTotal` for one embed. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** One film as an embed: title (linked) + year, poster thumbnail, the reason line, genres and links. */
export function cardEmbed(card: Card): APIEmbed {
  const title = safeMarkdown(card.year === null ? card.title : `${card.title} (${card.year})`);
  const fields: APIEmbedField[] = [];
  if (card.genres.length > 0)
    fields.push({
      name: "Genres",
      value: clip(safeMarkdown(card.genres.join(", ")), DISCORD_LIMITS.fieldValue),
      inline: true,
    });
  if (card.watch)
    fields.push({ name: "Where to watch", value: clip(safeMarkdown(card.watch), DISCORD_LIMITS.fieldValue) });
  if (card.links.length > 0) {
    const links = card.links.map((l) => `[${l.label}](${l.url})`).join(" · ");
    fields.push({ name: "Links", value: clip(links, DISCORD_LIMITS.fieldValue), inline: true });
  }
  // The title opens the film's page: TMDB when known (it has the poster and cast), else the first link.
  const page = card.links.find((l) => l.label === "TMDB") ?? card.links[0];
  const embed: APIEmbed = {
    title: clip(title, DISCORD_LIMITS.embedTitle),
    ...(page ? { url: page.url } : {}),
    color: CARD_COLOUR,
    ...(fields.length > 0 ? { fields } : {}),
    ...(card.posterUrl ? { thumbnail: { url: card.posterUrl } } : {}),
  };
  // The reasons (a movie night's has one per member) get what the 6,000 total leaves.
  const room = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - embedLength(embed));
  if (card.reasons.length > 0 && room > 1)
    embed.description = clip(safeMarkdown(card.reasons.join(" · ")), room);
  return embed;
}

function button(choice: Choice, customId: string): APIButtonComponent {
  const primary = choice.action.type === "similar" || choice.action.type === "more";
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: clip(choice.label, DISCORD_LIMITS.buttonLabel),
    style: primary ? ButtonStyle.Primary : ButtonStyle.Secondary,
  };
}

/**
 * Choices as rows of buttons, at most `maxRows` rows of 5. A choice no button can carry, or
 * whose payload is already on the message (Discord rejects duplicate custom ids), is left out.
 */
export function buttonRows(choices: readonly Choice[], taken: Set<string>, maxRows: number): ButtonRow[] {
  const buttons: APIButtonComponent[] = [];
  for (const choice of choices) {
    const id = encodeAction(choice.action);
    if (id === undefined || id.length > DISCORD_LIMITS.customId || taken.has(id)) continue;
    taken.add(id);
    buttons.push(button(choice, id));
  }
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length && rows.length < maxRows; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow),
    });
  }
  return rows;
}

/**
 * A turn's replies as Discord messages, in order. Each card is its own message (embed + its
 * row of 👍 👎 👀 More-like-this buttons), so every card keeps its buttons and an emoji reaction
 * on a message names exactly one film. A reply's text heads its first card; its choices go
 * under its last message.
 */
export function renderReplies(
  replies: readonly Reply[],
  options: { ephemeral?: boolean } = {},
): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  for (const reply of replies) {
    const ephemeral = Boolean(options.ephemeral || reply.error);
    // Text longer than a message goes first as messages of its own; the last part heads the cards.
    const parts = reply.text.trim() ? splitContent(safeMarkdown(reply.text)) : [];
    const content = parts.pop();
    for (const part of parts) messages.push({ content: part, embeds: [], components: [], ephemeral });
    const cards = reply.cards ?? [];
    const replyMessages: OutgoingMessage[] =
      cards.length === 0
        ? [{ ...(content ? { content } : {}), embeds: [], components: [], ephemeral }]
        : cards.map((card, i) => ({
            ...(i === 0 && content ? { content } : {}),
            embeds: [cardEmbed(card)],
            components: buttonRows(cardChoices(card), new Set(), 1),
            movieId: card.movieId,
            ephemeral,
          }));
    const last = replyMessages.at(-1)!;
    const taken = new Set(last.components.flatMap((r) => r.components.map(customIdOf)));
    last.components.push(
      ...buttonRows(reply.choices ?? [], taken, DISCORD_LIMITS.actionRows - last.components.length),
    );
    messages.push(...replyMessages.filter((m) => m.content || m.embeds.length > 0));
  }
  return messages;
}

function customIdOf(component: APIButtonComponent): string {
  return "custom_id" in component ? component.custom_id : "";
}
