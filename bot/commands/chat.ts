import { userInfo } from "node:os";
import type { Command } from "commander";
import { localeOfEnv, runTerminalChat } from "../../adapters/terminal/terminal-chat.ts";
import type { ServingApp } from "../app.ts";
import type { Config } from "../config.ts";
import { openServing } from "../serve.ts";
import { type CommonOptions, setupApp, withData } from "./shared.ts";

export async function chatWith(
  app: ServingApp,
  config: Config,
  log: Parameters<typeof openServing>[2],
): Promise<void> {
  const serving = await openServing(app, config, log, {
    notice: (line) => process.stderr.write(`${line}\n`),
  });
  const interactive = Boolean(process.stdin.isTTY);
  try {
    await runTerminalChat({
      matinee: serving.matinee(undefined, { rateLimited: interactive }),
      input: process.stdin,
      output: process.stdout,
      userId: userInfo().username,
      interactive,
      ...(localeOfEnv(process.env) ? { locale: localeOfEnv(process.env)! } : {}),
    });
  } finally {
    await serving.close();
  }
}

export async function runChat(options: CommonOptions): Promise<void> {
  if (process.stdin.isTTY) process.stderr.write("Loading films…\n");
  const { app, config, log } = await setupApp(options, true, { background: true });
  await chatWith(app, config, log);
}

export function registerChat(program: Command): void {
  withData(program.command("chat"))
    .description("chat with Matinee in this terminal (also reads piped lines)")
    .action(runChat);
}
