import type { BotCommand, BotCommandScope } from "grammy/types";

/** Where a command is offered: Telegram's command menu is set per scope (setMyCommands). */
export type ChatKind = "private" | "group";

export interface TelegramCommand {
  /** 1–32 of a-z, 0-9 and _ (https://core.telegram.org/bots/api#botcommand). */
  command: string;
  /** What follows the command, as shown in /help ("<title>", "[genre] [decade]"). */
  args?: string;
  description: string;
  /** A whole example, for the menu and /help. */
  example?: string;
  where: readonly ChatKind[];
}

const EVERYWHERE = ["private", "group"] as const;

/**
 * Every command the bot has: bot.ts registers a handler for each, `commandMenus` gives
 * Telegram's "/" menu per chat kind, and /help lists them, so all three always agree.
 */
export const COMMANDS = [
  { command: "start", description: "Start here: tell me three films you love", where: EVERYWHERE },
  {
    command: "recommend",
    args: "[genre] [decade]",
    description: "Films for you",
    example: "/recommend crime 90s",
    where: EVERYWHERE,
  },
  {
    command: "similar",
    args: "<title>",
    description: "Films like one film",
    example: "/similar Heat",
    where: EVERYWHERE,
  },
  {
    command: "like",
    args: "<title>",
    description: "Tell me you liked a film",
    example: "/like Alien",
    where: EVERYWHERE,
  },
  {
    command: "dislike",
    args: "<title>",
    description: "Tell me you didn't like a film",
    example: "/dislike Titanic",
    where: EVERYWHERE,
  },
  {
    command: "movienight",
    args: "[@people]",
    description: "One list for you and friends here",
    example: "/movienight @ann @bob, or reply to someone with /movienight",
    where: ["group"],
  },
  {
    command: "region",
    args: "<country>",
    description: "Your country, for where-to-watch",
    example: "/region DE",
    where: EVERYWHERE,
  },
  { command: "profile", description: "What I know about your taste", where: EVERYWHERE },
  {
    command: "import",
    description: "Import your Letterboxd or IMDb history: send me the export file",
    where: ["private"],
  },
  { command: "forget", description: "Delete everything I know about you", where: EVERYWHERE },
  { command: "help", description: "Every command, and what you can just write", where: EVERYWHERE },
] as const satisfies readonly TelegramCommand[];

export type CommandName = (typeof COMMANDS)[number]["command"];

const TABLE: readonly TelegramCommand[] = COMMANDS;

export function commandsFor(kind: ChatKind): TelegramCommand[] {
  return TABLE.filter((c) => c.where.includes(kind));
}

/** "/similar <title>". */
export function usageOf(c: TelegramCommand): string {
  return c.args ? `/${c.command} ${c.args}` : `/${c.command}`;
}

/** The menu line: the description, with its example when it has one. */
function menuEntry(c: TelegramCommand): BotCommand {
  return {
    command: c.command,
    description: c.example ? `${c.description}, e.g. ${c.example}` : c.description,
  };
}

/** setMyCommands calls: one menu for private chats, one for groups, each with every command valid there. */
export function commandMenus(): { scope: BotCommandScope; commands: BotCommand[] }[] {
  return [
    { scope: { type: "all_private_chats" }, commands: commandsFor("private").map(menuEntry) },
    { scope: { type: "all_group_chats" }, commands: commandsFor("group").map(menuEntry) },
  ];
}
