import type { Command } from "commander";
import { registerCommands } from "../../adapters/discord/commands.ts";
import { UserFacingError } from "../../core/errors.ts";
import type { Config } from "../config.ts";
import { type CommonOptions, setup, withData } from "./shared.ts";

interface RegisterCliOptions extends CommonOptions {
  guild?: string;
}

/** The token and application id `register` and the bot need, or one line saying which is missing. */
export function discordCredentials(config: Config): { token: string; applicationId: string } {
  const missing = [
    ...(config.discordToken ? [] : ["DISCORD_TOKEN (the bot token)"]),
    ...(config.discordAppId ? [] : ["DISCORD_APP_ID (the application id)"]),
  ];
  if (missing.length > 0) {
    throw new UserFacingError(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: copy ${missing.length > 1 ? "them" : "it"} from ` +
        "your application in the Discord Developer Portal (see README, Discord).",
    );
  }
  return { token: config.discordToken!, applicationId: config.discordAppId! };
}

async function runRegister(options: RegisterCliOptions): Promise<void> {
  const { config } = setup(options, true);
  const guildId = options.guild?.trim();
  if (guildId !== undefined && !/^\d{17,20}$/.test(guildId)) {
    throw new UserFacingError(`--guild must be a server id (17 to 20 digits), got "${options.guild}".`);
  }
  const registered = await registerCommands({
    ...discordCredentials(config),
    ...(guildId ? { guildId } : {}),
    ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}),
  });
  const names = registered.map((c) => `/${c.name}`).join(" ");
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ scope: guildId ?? "global", commands: registered.map((c) => c.name) })}\n`,
    );
  } else {
    process.stdout.write(
      guildId
        ? `Registered ${registered.length} slash commands in server ${guildId}: ${names}\n`
        : `Registered ${registered.length} slash commands globally: ${names}\n` +
            "(Discord can take a few minutes to show global commands; use --guild <id> while testing.)\n",
    );
  }
}

export function registerDiscord(program: Command): void {
  const discord = program.command("discord").description("Discord bot set-up");
  withData(discord.command("register"))
    .description("register the slash commands with Discord (globally, or in one server with --guild)")
    .option("--guild <id>", "register in this server only (shows at once; good for testing)")
    .option("--json", "print the result as JSON")
    .action(runRegister);
}
