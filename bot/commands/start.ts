import type { Command } from "commander";
import { UserFacingError } from "../../core/errors.ts";
import { loadConfig } from "../config.ts";
import { runChat } from "./chat.ts";
import { type CommonOptions, withData } from "./shared.ts";

export function registerStart(program: Command): void {
  withData(program.command("start"))
    .description(
      "run the bot: Discord if DISCORD_TOKEN is set, Telegram if TELEGRAM_TOKEN is set, else the terminal chat",
    )
    .action(async (options: CommonOptions) => {
      const config = loadConfig(process.env, options.data ? { dataDir: options.data } : {});
      const pending = [
        ...(config.discordToken ? ["DISCORD_TOKEN (Discord)"] : []),
        ...(config.telegramToken ? ["TELEGRAM_TOKEN (Telegram)"] : []),
      ];
      if (pending.length > 0) {
        throw new UserFacingError(
          `${pending.join(" and ")} ${pending.length > 1 ? "are" : "is"} set, but this version of Matinee has no ` +
            "Discord or Telegram front end yet. Unset the token to use the terminal chat.",
        );
      }
      await runChat(options);
    });
}
