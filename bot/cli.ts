import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { UserFacingError } from "../core/errors.ts";
import { registerBackup } from "./commands/backup.ts";
import { registerBench } from "./commands/bench.ts";
import { registerChat } from "./commands/chat.ts";
import { registerDiscord } from "./commands/discord.ts";
import { registerEval } from "./commands/eval.ts";
import { registerEvalTitles } from "./commands/eval-titles.ts";
import { registerImport } from "./commands/import.ts";
import { registerLoad } from "./commands/load.ts";
import { registerMatch } from "./commands/match.ts";
import { registerRecommend } from "./commands/recommend.ts";
import { registerServe } from "./commands/serve-web.ts";
import { registerSimilar } from "./commands/similar.ts";
import { registerStart } from "./commands/start.ts";
import { registerSynth } from "./commands/synth.ts";
import { registerTrain } from "./commands/train.ts";
import { registerRetrain } from "./jobs/retrain.ts";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const program = new Command("matinee")
  .description("Matinee: a conversational movie recommender (terminal, Discord, Telegram)")
  .version(pkg.version)
  .showHelpAfterError()
  .addHelpText(
    "after",
    [
      "",
      "Environment:",
      "  MATINEE_DATA_DIR    folder with MovieLens dataset folders (downloaded there if missing)",
      "  MATINEE_DATASET     ml-latest-small (default), ml-1m, ml-25m or ml-32m",
      "  MATINEE_CACHE_DIR   gold data and trained models (default ~/.cache/matinee)",
      "  MATINEE_STORE_PATH  profiles and conversations: SQLite for .db (default ~/.local/state/matinee/store.db),",
      "                      lowdb for .json (one process only)",
      "  MATINEE_DATABASE_URL  postgres://… : PostgreSQL as the store, shared by several instances",
      "  MATINEE_METRICS_PORT  serve GET /metrics (Prometheus) and GET /healthz on this port",
      "  MATINEE_HTTP_PORT   serve the web app on this port (matinee serve; npm start too)",
      "  MATINEE_LOG_LEVEL   fatal, error, warn, info, debug, trace or silent",
      "  TELEGRAM_API_ROOT   the Bot API's address (default https://api.telegram.org)",
      "  TELEGRAM_START_ATTEMPTS, TELEGRAM_START_SECONDS",
      "                      start-up tries to reach Telegram (5, waiting 30 s in all), then one line and exit 1",
      "See README.md for the full table.",
    ].join("\n"),
  );

for (const register of [
  registerStart,
  registerChat,
  registerRecommend,
  registerSimilar,
  registerMatch,
  registerServe,
  registerImport,
  registerTrain,
  registerEval,
  registerEvalTitles,
  registerBench,
  registerLoad,
  registerBackup,
  registerRetrain,
  registerSynth,
  registerDiscord,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof UserFacingError) {
    process.stderr.write(`matinee: ${error.message}\n`);
  } else {
    // A bug, not something the user did: say so plainly; the stack only when debugging.
    process.stderr.write(`matinee: unexpected error: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.MATINEE_LOG_LEVEL === "debug" || process.env.MATINEE_LOG_LEVEL === "trace") {
      process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    }
  }
  process.exitCode = 1;
}
