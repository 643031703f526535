import { translator } from "../../core/i18n/i18n.ts";
import type { Choice } from "../../core/reply/actions.ts";
import type { Card, Reply } from "../../core/reply/reply.ts";

function cardLines(card: Card, position: number): string[] {
  const year = card.year === null ? "" : ` (${card.year})`;
  const genres = card.genres.length > 0 ? ` · ${card.genres.join(", ")}` : "";
  const lines = [`${String(position).padStart(2)}. ${card.title}${year}${genres}`];
  if (card.reasons.length > 0) lines.push(`    ${card.reasons.join(" · ")}`);
  if (card.watch) lines.push(`    ${card.watch}`);
  return lines;
}

/** "More picks" is what typing `more` does; in a terminal a numbered button for it is noise. */
const typedAnyway = (c: Choice) => c.action.type === "more";

/** The choices a terminal shows as numbered options (typed back as a number). */
export function terminalChoices(reply: Reply): Choice[] {
  return (reply.choices ?? []).filter((c) => !typedAnyway(c));
}

/**
 * A reply as plain text: the message, one numbered entry per card (numbering continues from
 * `firstPosition`, so "seen #7" names the seventh film of the whole turn), then the choices
 * as "[1] …" options numbered from `firstChoice`.
 */
export function renderReply(reply: Reply, firstPosition = 1, firstChoice = 1): string {
  const lines = reply.text ? [reply.text] : [];
  (reply.cards ?? []).forEach((card, i) => {
    lines.push(...cardLines(card, firstPosition + i));
  });
  if (reply.poll) {
    lines.push(`🗳  ${reply.poll.question}`);
    reply.poll.options.forEach((o, i) => {
      lines.push(`    ${i + 1}) ${o.label}`);
    });
    lines.push(translator(reply.lang).t("term-vote-how"));
  }
  const choices = terminalChoices(reply);
  if (choices.length > 0) {
    lines.push(`  ${choices.map((c, i) => `[${firstChoice + i}] ${c.label}`).join("   ")}`);
  }
  return lines.join("\n");
}
