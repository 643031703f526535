import { InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { DEFAULT_LANGUAGE, type Translator, translator } from "../../core/i18n/i18n.ts";
import type { Reply } from "../../core/reply/reply.ts";
import { typedHelpTail, welcomeIntro } from "../../core/turns/help.ts";
import { slashCommands } from "./commands.ts";

type SlashCommand = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * How each slash command is filled in, as someone would type it. Commands without an entry
 * take nothing; a new command with options should get one (the Discord help test checks).
 */
export const COMMAND_EXAMPLES: Record<string, string> = {
  recommend: "/recommend genre: Crime decade: 1990s",
  similar: "/similar title: Heat",
  like: "/like title: Alien",
  dislike: "/dislike title: Titanic",
  movienight: "/movienight user1: @Ann user2: @Bob",
  import: "/import file: letterboxd-export.zip",
  language: "/language language: 한국어",
};

/** A name or description as Discord shows it to someone whose client is in `lang`. */
function inLanguage(
  lang: string,
  value: string,
  localizations: Partial<Record<string, string | null>> | null | undefined,
): string {
  return (lang === DEFAULT_LANGUAGE ? undefined : localizations?.[lang]) ?? value;
}

/**
 * "/similar title", "/recommend [genre] [decade]": the options as Discord shows them, optional
 * in brackets; in another language with its localized names, the English name after it (a
 * client in English shows that one).
 */
export function usageOf(c: SlashCommand, lang: string = DEFAULT_LANGUAGE): string {
  const options = (c.options ?? []).map((o) => {
    const name = inLanguage(lang, o.name, o.name_localizations);
    return "required" in o && o.required ? name : `[${name}]`;
  });
  const name = inLanguage(lang, c.name, c.name_localizations);
  return [`/${name}`, ...options].join(" ") + (name === c.name ? "" : ` (/${c.name})`);
}

/** Where a command works, when not everywhere (Discord's contexts: servers, DMs). */
function whereNote(c: SlashCommand, tr: Translator): string {
  const contexts = c.contexts ?? [];
  if (contexts.includes(InteractionContextType.BotDM)) return "";
  return contexts.includes(InteractionContextType.Guild) ? tr.t("help-where-servers") : "";
}

/** /help on Discord: each registered slash command with what it does and an example, then what works by writing. */
export function discordHelp(
  commands: readonly SlashCommand[] = slashCommands(),
  tr: Translator = translator(),
): string {
  return [
    tr.t("discord-help-commands"),
    ...commands.map((c) => {
      const example = COMMAND_EXAMPLES[c.name];
      const description = inLanguage(tr.lang, c.description, c.description_localizations);
      return `\`${usageOf(c, tr.lang)}\` — ${description}${whereNote(c, tr)}${example ? `. ${tr.t("help-example-line", { example: `\`${example}\`` })}` : ""}`;
    }),
    "",
    tr.t("discord-help-write"),
    ...typedHelpTail(tr.t("discord-help-feedback"), tr),
  ].join("\n");
}

/** The first hello on Discord: the example sentence, then the slash commands by name. */
export function discordWelcome(
  commands: readonly SlashCommand[] = slashCommands(),
  tr: Translator = translator(),
): string {
  const names = commands
    .filter((c) => c.name !== "help")
    .map((c) => `\`/${inLanguage(tr.lang, c.name, c.name_localizations)}\``);
  return [welcomeIntro(tr), "", tr.t("discord-welcome-commands", { commands: names.join(", ") })].join("\n");
}

/** The core's help and welcome in Discord's terms: its slash commands instead of the terminal's typed words. */
export function inDiscordTerms(reply: Reply): Reply {
  const tr = translator(reply.lang);
  if (reply.topic === "help") return { ...reply, text: discordHelp(slashCommands(), tr) };
  if (reply.topic === "welcome") return { ...reply, text: discordWelcome(slashCommands(), tr) };
  return reply;
}
