import { userInfo } from "node:os";
import type { Command } from "commander";
import { runTerminalChat } from "../../adapters/terminal/terminal-chat.ts";
import { createMatinee } from "../../core/matinee.ts";
import { openStore } from "../app.ts";
import { type CommonOptions, setupApp, withData } from "./shared.ts";

export async function runChat(options: CommonOptions): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY);
  if (interactive) process.stderr.write("Loading films…\n");
  const { app, config } = await setupApp(options, true);
  const store = openStore(config);
  const matinee = createMatinee({ catalogue: app.catalogue, titles: app.titles, models: app.models, store });
  try {
    await runTerminalChat({
      matinee,
      input: process.stdin,
      output: process.stdout,
      userId: userInfo().username,
      interactive,
    });
  } finally {
    await store.close();
  }
}

export function registerChat(program: Command): void {
  withData(program.command("chat"))
    .description("chat with Matinee in this terminal (also reads piped lines)")
    .action(runChat);
}
