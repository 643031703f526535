/**
 * setMyCommands as Telegram checks it (https://core.telegram.org/bots/api#setmycommands,
 * #botcommand, #botcommandscope): at most 100 commands; each command 1–32 characters of
 * lowercase English letters, digits and underscores; each description 1–256 characters; a
 * scope one of the seven BotCommandScope types, the chat ones with a chat_id (and a user_id
 * for chat_member); a language_code, when given, two lowercase letters of ISO 639-1 (or
 * empty: every language). Returns what Telegram would answer with, or undefined when it's valid.
 */
const MAX_COMMANDS = 100;
const COMMAND = /^[a-z0-9_]{1,32}$/;
const MAX_DESCRIPTION = 256;
const SCOPES = new Set([
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
  "chat",
  "chat_administrators",
  "chat_member",
]);

export function setMyCommandsProblem(p: Record<string, unknown>): string | undefined {
  const commands = p.commands;
  if (!Array.isArray(commands)) return "commands must be an array of BotCommand";
  if (commands.length > MAX_COMMANDS) return "BOT_COMMANDS_TOO_MUCH";
  for (const c of commands as { command?: unknown; description?: unknown }[]) {
    if (typeof c.command !== "string" || !COMMAND.test(c.command)) return "BOT_COMMAND_INVALID";
    if (
      typeof c.description !== "string" ||
      c.description.length < 1 ||
      c.description.length > MAX_DESCRIPTION
    )
      return "BOT_COMMAND_DESCRIPTION_INVALID";
  }
  if (
    p.language_code !== undefined &&
    (typeof p.language_code !== "string" || !/^(?:[a-z]{2})?$/.test(p.language_code))
  )
    return "LANG_CODE_INVALID";
  if (p.scope === undefined) return undefined;
  const scope = p.scope as { type?: unknown; chat_id?: unknown; user_id?: unknown };
  if (typeof scope.type !== "string" || !SCOPES.has(scope.type)) return "unsupported scope type";
  if (scope.type.startsWith("chat") && scope.chat_id === undefined)
    return "chat_id is required for this scope";
  if (scope.type === "chat_member" && scope.user_id === undefined)
    return "user_id is required for this scope";
  return undefined;
}
