import type { Card, Reply } from "../../core/reply/reply.ts";

function cardLines(card: Card, position: number): string[] {
  const year = card.year === null ? "" : ` (${card.year})`;
  const genres = card.genres.length > 0 ? ` · ${card.genres.join(", ")}` : "";
  const head = `${String(position).padStart(2)}. ${card.title}${year}${genres}`;
  return card.reasons.length > 0 ? [head, `    ${card.reasons.join(" · ")}`] : [head];
}

/** A reply as plain text: the message, then one numbered entry per card. */
export function renderReply(reply: Reply): string {
  const lines = reply.text ? [reply.text] : [];
  (reply.cards ?? []).forEach((card, i) => {
    lines.push(...cardLines(card, i + 1));
  });
  return lines.join("\n");
}
