import { userInfo } from "node:os";
import type { Command } from "commander";
import { readImportFile } from "../../adapters/terminal/import-file.ts";
import { renderReply } from "../../adapters/terminal/render.ts";
import { UserFacingError } from "../../core/errors.ts";
import type { Speaker } from "../../core/events.ts";
import { IMPORT_FORMATS, type ImportFormat } from "../../core/import/history.ts";
import { userKey } from "../../core/store/store.ts";
import { openServing } from "../serve.ts";
import { cardJson } from "./card-json.ts";
import { type CommonOptions, printJson, setupApp, withData } from "./shared.ts";

interface ImportOptions extends CommonOptions {
  user?: string;
}

const PLATFORMS = ["terminal", "discord", "telegram"];

const HELP = `
Formats:
  letterboxd  Letterboxd's export zip (Settings → Import & Export → Export your data), or one of
              its CSVs: ratings.csv, diary.csv, watched.csv, watchlist.csv
  imdb        IMDb's ratings export (Your Ratings → ⋯ → Export), ratings.csv
Ratings become likes and dislikes, the rating kept: 3½★ and up (IMDb 7–10) liked, 2★ and below
(IMDb 1–4) disliked, the rest and films only watched seen; the dates give the order. Files up to
50 MB. A file that cannot be imported changes nothing (exit code 1).
The profile is the terminal chat's own unless --user names another: "ann" (the chat's
\`/user ann\`), or a full store key such as "telegram:12345".
--json prints {"user","format","matched":{"liked","disliked","seen"},"watchlist","unmatched":[{"title","year"}],
"recommendations":[{"movieId","title","year","score","reasons","poster"}]}.
Example: matinee import letterboxd ~/Downloads/letterboxd-ann-2024-06-01-utc.zip`;

/**
 * Whose profile: `matinee chat` is "terminal:<login name>" (bot/commands/chat.ts), so that is
 * the default; a bare name is another terminal user, "<platform>:<id>" any store key.
 */
export function speakerFor(user: string | undefined): Speaker {
  if (user === undefined) {
    const me = userInfo().username;
    return { platform: "terminal", userId: me, name: me };
  }
  const key = /^([a-z]+):(.+)$/.exec(user.trim());
  if (key && PLATFORMS.includes(key[1]!)) return { platform: key[1]!, userId: key[2]! };
  if (!/^[\p{L}\p{N}_.-]{1,32}$/u.test(user.trim()))
    throw new UserFacingError(
      `--user "${user}" is neither a terminal user name nor a store key like "telegram:12345".`,
    );
  return { platform: "terminal", userId: user.trim(), name: user.trim() };
}

function formatOf(value: string): ImportFormat {
  const format = value.toLowerCase();
  if (!(IMPORT_FORMATS as readonly string[]).includes(format))
    throw new UserFacingError(`Unknown format "${value}": use letterboxd or imdb.`);
  return format as ImportFormat;
}

export function registerImport(program: Command): void {
  withData(program.command("import"))
    .description("import a Letterboxd or IMDb export into a profile, then recommend from it")
    .argument("<format>", "letterboxd or imdb")
    .argument("<file>", "the export: a Letterboxd zip or CSV, or IMDb's ratings.csv")
    .option("--user <key>", "whose profile (default: the terminal chat's, i.e. your login name)")
    .option("--json", "print one JSON document")
    .addHelpText("after", HELP)
    .action(async (formatName: string, file: string, options: ImportOptions) => {
      const format = formatOf(formatName);
      const speaker = speakerFor(options.user);
      // The file first: a wrong path fails at once, before the films and models load.
      const upload = await readImportFile(file, format);
      const { app, config, log } = await setupApp(options, true);
      const serving = await openServing(app, config, log, { jobs: false });
      try {
        const outcome = await serving
          .matinee(undefined, { rateLimited: false })
          .importHistory({ ...speaker, upload });
        const result = outcome.result;
        if (!result) throw new UserFacingError(outcome.replies.map((r) => r.text).join("\n"));
        if (options.json) {
          const { counts } = result;
          printJson({
            user: userKey(speaker.platform, speaker.userId),
            format: result.format,
            matched: { liked: counts.liked, disliked: counts.disliked, seen: counts.seen },
            watchlist: counts.watchlist,
            unmatched: result.unmatched.map((f) => ({ title: f.title, year: f.year })),
            recommendations: result.recommendations.map(cardJson),
          });
        } else {
          let position = 1;
          const parts = outcome.replies.map((reply) => {
            const text = renderReply({ ...reply, choices: [] }, position);
            position += reply.cards?.length ?? 0;
            return text;
          });
          process.stdout.write(`${parts.join("\n\n")}\n`);
        }
      } finally {
        await serving.close();
      }
    });
}
