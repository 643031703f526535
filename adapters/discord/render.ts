import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
} from "discord.js";
import { type Translator, translator } from "../../core/i18n/i18n.ts";
import {
  type Choice,
  decodeButton,
  encodeButton,
  SIGNAL_EMOJI,
  type Signal,
} from "../../core/reply/actions.ts";
import type { Card, Reply } from "../../core/reply/reply.ts";
import { inDiscordTerms } from "./help.ts";

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
  /** A movie night's vote, sent as Discord's own poll on this message. */
  poll?: { id: string; question: string; answers: string[]; hours: number };
  /** After sending: end the poll on this message ("discord:<channel>:<message>") so its results come in. */
  endPoll?: string;
}

/** Discord's poll limits (https://discord.com/developers/docs/resources/poll#poll-create-request-object). */
export const POLL_LIMITS = {
  question: 300,
  answers: 10,
  answerText: 55,
  minHours: 1,
  maxHours: 768,
} as const;

function pollOf(poll: NonNullable<Reply["poll"]>): NonNullable<OutgoingMessage["poll"]> {
  return {
    id: poll.id,
    question: clip(poll.question, POLL_LIMITS.question),
    answers: poll.options.slice(0, POLL_LIMITS.answers).map((o) => clip(o.label, POLL_LIMITS.answerText)),
    hours: Math.min(POLL_LIMITS.maxHours, Math.max(POLL_LIMITS.minHours, Math.round(poll.hours))),
  };
}

/** Matinee's gold, for the embed's side bar. */
const CARD_COLOUR = 0xe5a00d;

/**
 * Pieces text is cut between: a `code span`, an escape ("\\*"), or one code point. Cutting
 * only between them never splits a surrogate pair (an invalid string Discord refuses, and a
 * broken emoji), never leaves an escape's backslash without its character, and never opens
 * a code span it does not close (which would bring the span's raw text back to life).
 */
const PIECE = /`[^`\n]+`|\\[\s\S]|[\s\S]/gu;

/** At most `max` UTF-16 units (what Discord counts), ending in "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  for (const piece of text.match(PIECE) ?? []) {
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
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
    out += escaped(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escaped(text.slice(last));
}

/**
 * Text longer than one message as several, cut at line breaks (else spaces, else anywhere
 * between pieces), so a long profile arrives whole instead of losing its last lines (the
 * dislikes) to a clip.
 */
export function splitContent(text: string, max: number = DISCORD_LIMITS.content): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = (upTo: number) => {
    parts.push(current.slice(0, upTo).join("").trimEnd());
    current = current.slice(upTo);
    while (current[0] === "\n" || current[0] === " ") current.shift();
    length = current.reduce((n, p) => n + p.length, 0);
  };
  for (const piece of text.match(PIECE) ?? []) {
    if (length + piece.length > max && current.length > 0) {
      let cut = current.lastIndexOf("\n");
      if (cut < current.length / 2) cut = current.lastIndexOf(" ");
      if (cut < current.length / 2) cut = current.length;
      flush(cut);
    }
    // A single piece longer than a message (a huge code span) goes as plain characters.
    if (piece.length > max) {
      for (const ch of Array.from(piece.replace(/\[/g, "\\[").replace(/^`|`$/g, ""))) {
        if (length + ch.length > max) flush(current.length);
        current.push(ch);
        length += ch.length;
      }
      continue;
    }
    current.push(piece);
    length += piece.length;
  }
  if (current.join("").trim()) parts.push(current.join(""));
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

/**
 * One film as an embed: title (linked) + year, poster thumbnail, the reason line, genres and
 * links. In a list the title is numbered, as the card's row of buttons is.
 */
export function cardEmbed(card: Card, position?: number, tr: Translator = translator()): APIEmbed {
  const number = position === undefined ? "" : `${position}. `;
  const title = number + safeMarkdown(card.year === null ? card.title : `${card.title} (${card.year})`);
  const fields: APIEmbedField[] = [];
  if (card.genres.length > 0)
    fields.push({
      name: tr.t("discord-field-genres"),
      value: clip(safeMarkdown(card.genres.join(", ")), DISCORD_LIMITS.fieldValue),
      inline: true,
    });
  if (card.watch)
    fields.push({
      name: tr.t("discord-field-watch"),
      value: clip(safeMarkdown(card.watch), DISCORD_LIMITS.fieldValue),
    });
  if (card.links.length > 0) {
    const links = card.links.map((l) => `[${l.label}](${l.url})`).join(" · ");
    fields.push({
      name: tr.t("discord-field-links"),
      value: clip(links, DISCORD_LIMITS.fieldValue),
      inline: true,
    });
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
 * `owner` is whom the message answers: every button names them (see `encodeButton`).
 */
export function buttonRows(
  choices: readonly Choice[],
  taken: Set<string>,
  maxRows: number,
  owner?: string,
): ButtonRow[] {
  const buttons: APIButtonComponent[] = [];
  for (const choice of choices) {
    const id = encodeButton(choice.action, owner);
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
 * Cards per message: each card has its own row of buttons, and Discord allows 5 rows. The
 * bot's lists are 5 cards (bot/commands/start.ts), so a list is one message; a longer list
 * (a larger page size) goes as messages of 5.
 */
export const CARDS_PER_MESSAGE = DISCORD_LIMITS.actionRows;

/** "More like this" on a card's row: the row is numbered, so a sign reads better than words. */
const SIMILAR_SIGN = "≈";
/** What a pressed feedback button adds to its label. */
const PRESSED = " ✓";

/** A card's row in a list: 👍 n · 👎 n · 👀 n · ≈ n, the card's current opinion already pressed. */
function cardRow(card: Card, position: number, owner: string | undefined): ButtonRow {
  const signals: Signal[] = ["like", "dislike", "seen"];
  const components: APIButtonComponent[] = signals.map((signal) => {
    const id = encodeButton({ type: "feedback", movieId: card.movieId, signal }, owner)!;
    return feedbackButton(id, `${SIGNAL_EMOJI[signal]} ${position}`, card.said === signal);
  });
  components.push({
    type: ComponentType.Button,
    custom_id: encodeButton({ type: "similar", movieId: card.movieId }, owner)!,
    label: `${SIMILAR_SIGN} ${position}`,
    style: ButtonStyle.Primary,
  });
  return { type: ComponentType.ActionRow, components };
}

function feedbackButton(customId: string, label: string, pressed: boolean): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: pressed ? `${label}${PRESSED}` : label,
    style: pressed ? ButtonStyle.Success : ButtonStyle.Secondary,
  };
}

/**
 * A list's message (or one of its messages of 5): the cards' embeds, numbered, one row of
 * buttons per card, and the list's own buttons ("More picks") at the end of the last row, or
 * under it when it has room.
 */
function listMessage(
  cards: readonly Card[],
  firstPosition: number,
  choices: readonly Choice[],
  common: { content?: string; ephemeral: boolean; owner: string | undefined; tr: Translator },
): OutgoingMessage {
  const rows = cards.map((card, i) => cardRow(card, firstPosition + i, common.owner));
  const taken = new Set(rows.flatMap((r) => r.components.map(customIdOf)));
  const last = rows.at(-1)!;
  const extra = buttonRows(choices, taken, DISCORD_LIMITS.actionRows, common.owner).flatMap(
    (r) => r.components,
  );
  while (extra.length > 0 && last.components.length < DISCORD_LIMITS.buttonsPerRow)
    last.components.push(extra.shift()!);
  for (
    let i = 0;
    i < extra.length && rows.length < DISCORD_LIMITS.actionRows;
    i += DISCORD_LIMITS.buttonsPerRow
  )
    rows.push({
      type: ComponentType.ActionRow,
      components: extra.slice(i, i + DISCORD_LIMITS.buttonsPerRow),
    });
  return {
    ...(common.content ? { content: common.content } : {}),
    embeds: cards.map((card, i) => cardEmbed(card, firstPosition + i, common.tr)),
    components: rows,
    // A reaction names a message, not a card: only a one-card message says which film it means.
    ...(cards.length === 1 ? { movieId: cards[0]!.movieId } : {}),
    ephemeral: common.ephemeral,
  };
}

/**
 * A turn's replies as Discord messages, in order. A list is one message: its text, its cards'
 * embeds (numbered) and a row of 👍 👎 👀 ≈ buttons per card, "More picks" last. A reply
 * without cards is its text with its choices as buttons. `owner` is the person answered.
 */
export function renderReplies(
  replies: readonly Reply[],
  options: { ephemeral?: boolean; owner?: string } = {},
): OutgoingMessage[] {
  const messages: OutgoingMessage[] = [];
  const owner = options.owner;
  let position = 1;
  // Help and the welcome name Discord's slash commands, from the table that registers them.
  for (const reply of replies.map(inDiscordTerms)) {
    const ephemeral = Boolean(options.ephemeral || reply.error);
    // Text longer than a message goes first as messages of its own; the last part heads the cards.
    const parts = reply.text.trim() ? splitContent(safeMarkdown(reply.text)) : [];
    const content = parts.pop();
    for (const part of parts) messages.push({ content: part, embeds: [], components: [], ephemeral });
    const cards = reply.cards ?? [];
    const before = messages.length;
    if (cards.length === 0) {
      if (content)
        messages.push({
          content,
          embeds: [],
          components: buttonRows(reply.choices ?? [], new Set(), DISCORD_LIMITS.actionRows, owner),
          ephemeral,
        });
    } else {
      for (let i = 0; i < cards.length; i += CARDS_PER_MESSAGE) {
        const chunk = cards.slice(i, i + CARDS_PER_MESSAGE);
        const isLast = i + CARDS_PER_MESSAGE >= cards.length;
        messages.push(
          listMessage(chunk, position, isLast ? (reply.choices ?? []) : [], {
            ...(i === 0 && content ? { content } : {}),
            ephemeral,
            owner,
            tr: translator(reply.lang),
          }),
        );
        position += chunk.length;
      }
    }
    // A vote rides on the reply's last message (its text says how to vote and when it closes).
    const last = messages.length > before ? messages.at(-1) : undefined;
    if (last && reply.poll) last.poll = pollOf(reply.poll);
    if (last && reply.endPoll) last.endPoll = reply.endPoll.messageRef;
  }
  return messages;
}

/**
 * A list message's buttons after `pressedId` (a 👍 👎 👀) was pressed: it turns green with a
 * tick, the other feedback buttons of its card's row turn back, every other button stays.
 * Works on the message's own components (as Discord sends them with the interaction), so no
 * process needs to remember what it sent.
 */
export function markPressed<R extends { components: readonly unknown[] }>(
  rows: readonly R[],
  pressedId: string,
): R[] {
  const pressed = decodeButton(pressedId)?.action;
  if (pressed?.type !== "feedback") return [...rows];
  return rows.map((row) => {
    const buttons = row.components as APIButtonComponent[];
    const ids = buttons.map(customIdOf);
    if (!ids.includes(pressedId)) return row;
    return {
      ...row,
      components: buttons.map((b) => {
        const id = customIdOf(b);
        const action = decodeButton(id)?.action;
        if (action?.type !== "feedback" || action.movieId !== pressed.movieId || !("label" in b)) return b;
        const label = (b.label ?? "").replace(PRESSED, "");
        return { ...feedbackButton(id, label, id === pressedId), ...(b.disabled ? { disabled: true } : {}) };
      }),
    };
  });
}

function customIdOf(component: APIButtonComponent): string {
  return "custom_id" in component ? component.custom_id : "";
}
