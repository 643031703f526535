import { type Translator, translator } from "../../core/i18n/i18n.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { typedHelpTail, welcomeIntro } from "../../core/turns/help.ts";
import {
  COMMANDS,
  commandsFor,
  descriptionOf,
  exampleOf,
  type TelegramCommand,
  usageOf,
} from "./commands.ts";

/** Where a command works, when that is not everywhere. */
function whereNote(c: TelegramCommand, tr: Translator): string {
  if (c.where.length > 1) return "";
  return tr.t(c.where[0] === "group" ? "help-where-groups" : "help-where-private");
}

/** The first hello (/start, a first "hi"): how to begin, and the commands of this kind of chat. */
export function onboarding(group: boolean, tr: Translator = translator()): string {
  const commands = commandsFor(group ? "group" : "private")
    .filter((c) => c.command !== "start")
    .map((c) => `/${c.command}`);
  return [
    welcomeIntro(tr),
    "",
    tr.t("tg-feedback"),
    ...(group ? [] : [tr.t("tg-import-hint")]),
    tr.t("tg-commands", { commands: commands.join(", ") }),
    ...(group ? ["", tr.t("tg-group-onboarding")] : []),
  ].join("\n");
}

/** /help: every command of the table with what it does and an example, then what works by just writing. */
export function helpText(tr: Translator = translator()): string {
  const TABLE: readonly TelegramCommand[] = COMMANDS;
  return [
    tr.t("tg-help-commands"),
    ...TABLE.map((c) => {
      const example = exampleOf(c, tr);
      return `${usageOf(c)} — ${descriptionOf(c, tr)}${whereNote(c, tr)}${example ? `. ${tr.t("help-example-line", { example })}` : ""}`;
    }),
    "",
    tr.t("tg-help-write"),
    ...typedHelpTail(tr.t("tg-feedback"), tr),
  ].join("\n");
}

/** The core's help and welcome in Telegram's terms: its commands instead of the terminal's typed words. */
export function inTelegramTerms(reply: Reply, group: boolean): Reply {
  const tr = translator(reply.lang);
  if (reply.topic === "help") return { ...reply, text: helpText(tr) };
  if (reply.topic === "welcome") return { ...reply, text: onboarding(group, tr) };
  return reply;
}
