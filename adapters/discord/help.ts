import { InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
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
};

// A list is one message, so an emoji on it can't say which film it means: only a one-film card reads reactions.
const FEEDBACK =
  "Each film of a list has its row: 👍 👎 👀 (seen) and ≈ (more like this); More picks for the next ones. On a card of one film, reacting with 👍 ❤️ 👎 👀 or 🔖 counts too.";

/** "/similar title", "/recommend [genre] [decade]": the options as Discord shows them, optional in brackets. */
export function usageOf(c: SlashCommand): string {
  const options = (c.options ?? []).map((o) => ("required" in o && o.required ? o.name : `[${o.name}]`));
  return [`/${c.name}`, ...options].join(" ");
}

/** Where a command works, when not everywhere (Discord's contexts: servers, DMs). */
function whereNote(c: SlashCommand): string {
  const contexts = c.contexts ?? [];
  if (contexts.includes(InteractionContextType.BotDM)) return "";
  return contexts.includes(InteractionContextType.Guild) ? " (in servers)" : "";
}

/** /help on Discord: each registered slash command with what it does and an example, then what works by writing. */
export function discordHelp(commands: readonly SlashCommand[] = slashCommands()): string {
  return [
    "Slash commands (type / to pick one):",
    ...commands.map((c) => {
      const example = COMMAND_EXAMPLES[c.name];
      return `\`${usageOf(c)}\` — ${c.description}${whereNote(c)}${example ? `. Example: \`${example}\`` : ""}`;
    }),
    "",
    "In a DM, or mentioning me in a server, just write, for example:",
    ...typedHelpTail(FEEDBACK),
  ].join("\n");
}

/** The first hello on Discord: the example sentence, then the slash commands by name. */
export function discordWelcome(commands: readonly SlashCommand[] = slashCommands()): string {
  const names = commands.filter((c) => c.name !== "help").map((c) => `\`/${c.name}\``);
  return [
    welcomeIntro(),
    "",
    `Slash commands work too: ${names.join(", ")}. \`/help\` shows each with an example.`,
  ].join("\n");
}

/** The core's help and welcome in Discord's terms: its slash commands instead of the terminal's typed words. */
export function inDiscordTerms(reply: Reply): Reply {
  if (reply.topic === "help") return { ...reply, text: discordHelp() };
  if (reply.topic === "welcome") return { ...reply, text: discordWelcome() };
  return reply;
}
