import type { Reply } from "../../core/reply/reply.ts";
import { typedHelpTail, welcomeIntro } from "../../core/turns/help.ts";
import { COMMANDS, commandsFor, type TelegramCommand, usageOf } from "./commands.ts";

const FEEDBACK =
  "Under every film: 👍 👎 👀 Seen and More like this. Reacting to a film with 👍 ❤️ 👎 👀 or 🔖 counts too.";

const GROUP_ONBOARDING =
  "In a group, mention me or reply to one of my messages so I know you're talking to me.";

/** Where a command works, when that is not everywhere. */
function whereNote(c: TelegramCommand): string {
  if (c.where.length > 1) return "";
  return c.where[0] === "group" ? " (in groups)" : " (in a private chat)";
}

/** The first hello (/start, a first "hi"): how to begin, and the commands of this kind of chat. */
export function onboarding(group: boolean): string {
  const commands = commandsFor(group ? "group" : "private")
    .filter((c) => c.command !== "start")
    .map((c) => `/${c.command}`);
  return [
    welcomeIntro(),
    "",
    FEEDBACK,
    ...(group
      ? []
      : ["Track films on Letterboxd or IMDb? Send me the export file and I'll learn from your history."]),
    `Commands: ${commands.join(", ")}.`,
    ...(group ? ["", GROUP_ONBOARDING] : []),
  ].join("\n");
}

/** /help: every command of the table with what it does and an example, then what works by just writing. */
export function helpText(): string {
  const TABLE: readonly TelegramCommand[] = COMMANDS;
  return [
    "Commands:",
    ...TABLE.map(
      (c) => `${usageOf(c)} — ${c.description}${whereNote(c)}${c.example ? `. Example: ${c.example}` : ""}`,
    ),
    "",
    "Or just write to me (in a group, mention me or reply to me), for example:",
    ...typedHelpTail(FEEDBACK),
  ].join("\n");
}

/** The core's help and welcome in Telegram's terms: its commands instead of the terminal's typed words. */
export function inTelegramTerms(reply: Reply, group: boolean): Reply {
  if (reply.topic === "help") return { ...reply, text: helpText() };
  if (reply.topic === "welcome") return { ...reply, text: onboarding(group) };
  return reply;
}
