import type { BotCommand, BotCommandScope, LanguageCode } from "grammy/types";
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  type Language,
  type Translator,
  translator,
} from "../../core/i18n/i18n.ts";

/** Where a command is offered: Telegram's command menu is set per scope (setMyCommands). */
export type ChatKind = "private" | "group";

export interface TelegramCommand {
  /** 1–32 of a-z, 0-9 and _ (https://core.telegram.org/bots/api#botcommand). */
  command: string;
  /** What follows the command, as shown in /help ("<title>", "[genre] [decade]"). */
  args?: string;
  /** The message id of what it does (core/i18n: every language's menu and /help say it). */
  description: string;
  /** A whole example, for the menu and /help (a message id when it has words to translate). */
  example?: string;
  where: readonly ChatKind[];
}

const EVERYWHERE = ["private", "group"] as const;

/**
 * Every command the bot has: bot.ts registers a handler for each, `commandMenus` gives
 * Telegram's "/" menu per chat kind, and /help lists them, so all three always agree.
 */
export const COMMANDS = [
  { command: "start", description: "tg-cmd-start", where: EVERYWHERE },
  {
    command: "recommend",
    args: "[genre] [decade]",
    description: "tg-cmd-recommend",
    example: "/recommend crime 90s",
    where: EVERYWHERE,
  },
  {
    command: "similar",
    args: "<title>",
    description: "tg-cmd-similar",
    example: "/similar Heat",
    where: EVERYWHERE,
  },
  {
    command: "like",
    args: "<title>",
    description: "tg-cmd-like",
    example: "/like Alien",
    where: EVERYWHERE,
  },
  {
    command: "dislike",
    args: "<title>",
    description: "tg-cmd-dislike",
    example: "/dislike Titanic",
    where: EVERYWHERE,
  },
  {
    command: "movienight",
    args: "[@people]",
    description: "tg-cmd-movienight",
    example: "tg-example-movienight",
    where: ["group"],
  },
  {
    command: "region",
    args: "<country>",
    description: "tg-cmd-region",
    example: "/region DE",
    where: EVERYWHERE,
  },
  { command: "profile", description: "tg-cmd-profile", where: EVERYWHERE },
  {
    command: "import",
    description: "tg-cmd-import",
    where: ["private"],
  },
  { command: "forget", description: "tg-cmd-forget", where: EVERYWHERE },
  {
    command: "language",
    args: "[en|ko]",
    description: "tg-cmd-language",
    example: "/language ko",
    where: EVERYWHERE,
  },
  { command: "help", description: "tg-cmd-help", where: EVERYWHERE },
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

/** What a command does, in a language. */
export function descriptionOf(c: TelegramCommand, tr: Translator = translator()): string {
  return tr.t(c.description);
}

/** A command's example in a language (an example of plain typing is the same in all). */
export function exampleOf(c: TelegramCommand, tr: Translator = translator()): string | undefined {
  return c.example && !c.example.startsWith("/") ? tr.t(c.example) : c.example;
}

/** The menu line: the description, with its example when it has one. */
function menuEntry(c: TelegramCommand, tr: Translator): BotCommand {
  const example = exampleOf(c, tr);
  const description = descriptionOf(c, tr);
  return {
    command: c.command,
    description: example ? tr.t("tg-menu-example", { description, example }) : description,
  };
}

/** Languages Telegram can set a menu for: its language_code is two letters of ISO 639-1. */
function menuLanguages(): Language[] {
  return LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE && /^[a-z]{2}$/.test(l));
}

/**
 * setMyCommands calls: one menu for private chats, one for groups, each with every command
 * valid there; then the same per language Matinee speaks (`language_code`), which Telegram
 * shows to people whose app is in that language.
 */
export function commandMenus(): {
  scope: BotCommandScope;
  commands: BotCommand[];
  language_code?: LanguageCode;
}[] {
  const menus = (tr: Translator, language?: LanguageCode) =>
    (["private", "group"] as const).map((kind) => ({
      scope: { type: kind === "private" ? "all_private_chats" : "all_group_chats" } as BotCommandScope,
      commands: commandsFor(kind).map((c) => menuEntry(c, tr)),
      ...(language ? { language_code: language } : {}),
    }));
  return [...menus(translator()), ...menuLanguages().flatMap((l) => menus(translator(l), l as LanguageCode))];
}
