import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
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

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One film as an embed: title (linked) + year, poster thumbnail, the reason line, genres and links. */
export function cardEmbed(card: Card): APIEmbed {
  const title = card.year === null ? card.title : `${card.title} (${card.year})`;
  const fields: APIEmbedField[] = [];
  if (card.genres.length > 0) fields.push({ name: "Genres", value: card.genres.join(", "), inline: true });
  if (card.watch) fields.push({ name: "Where to watch", value: clip(card.watch, DISCORD_LIMITS.fieldValue) });
  if (card.links.length > 0) {
    const links = card.links.map((l) => `[${l.label}](${l.url})`).join(" · ");
    fields.push({ name: "Links", value: clip(links, DISCORD_LIMITS.fieldValue), inline: true });
  }
  // The title opens the film's page: TMDB when known (it has the poster and cast), else the first link.
  const page = card.links.find((l) => l.label === "TMDB") ?? card.links[0];
  return {
    title: clip(title, DISCORD_LIMITS.embedTitle),
    ...(page ? { url: page.url } : {}),
    color: CARD_COLOUR,
    ...(card.reasons.length > 0
      ? { description: clip(card.reasons.join(" · "), DISCORD_LIMITS.embedDescription) }
      : {}),
    ...(fields.length > 0 ? { fields } : {}),
    ...(card.posterUrl ? { thumbnail: { url: card.posterUrl } } : {}),
  };
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
    const content = reply.text.trim() ? clip(reply.text, DISCORD_LIMITS.content) : undefined;
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
