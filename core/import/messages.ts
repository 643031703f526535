import { type Translator, translator } from "../i18n/i18n.ts";
import { thousands } from "../reply/numbers.ts";
import type { ImportCounts } from "./apply-import.ts";
import type { HistoryFilm, ImportFormat, ImportProblem } from "./history.ts";

/** Every line an import says, for every front end (the chats render them; the CLI prints them). */

const FORMAT_NAME: Record<ImportFormat, string> = { letterboxd: "Letterboxd", imdb: "IMDb" };

/** Unmatched titles named in the reply; the rest are counted. */
export const UNMATCHED_SHOWN = 5;
const TITLE_CHARS = 60;

export const IMPORT_USAGE = translator().t("import-usage");

/** Sizes round up, so a file just over a limit never reads as the limit itself. */
function megabytes(bytes: number): string {
  return `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
}

/**
 * A title from the file, safe to show on every platform: control and invisible characters
 * removed, clipped, and set in backticks, which every front end shows as literal code
 * (Discord does not read markdown or links inside them; Telegram HTML-escapes them). A
 * backtick inside would end the code span, so it becomes a look-alike quote.
 */
export function quoteTitle(film: Pick<HistoryFilm, "title" | "year">): string {
  let t = film.title
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/`/g, "ʼ")
    .replace(/\s+/g, " ")
    .trim();
  if (t.length > TITLE_CHARS) t = `${t.slice(0, TITLE_CHARS - 1)}…`;
  return `\`${t || "?"}\`${film.year === null ? "" : ` (${film.year})`}`;
}

/** What a refused file is called in its message: its name as given, made safe like a title. */
const named = (fileName: string) => quoteTitle({ title: fileName, year: null });

export function problemText(problem: ImportProblem, fileName = "", tr: Translator = translator()): string {
  // Every refusal ends the same way: a failed import never touches the profile.
  return `${refusal(problem, fileName, tr)} ${tr.t("import-unchanged")}`;
}

function refusal(problem: ImportProblem, fileName: string, tr: Translator): string {
  switch (problem.kind) {
    case "too-large":
      if (problem.platformLimit)
        return problem.size !== undefined
          ? tr.t("import-too-large-platform-size", {
              limit: megabytes(problem.limit),
              size: megabytes(problem.size),
            })
          : tr.t("import-too-large-platform", { limit: megabytes(problem.limit) });
      return tr.t("import-too-large", {
        size: problem.size !== undefined ? megabytes(problem.size) : tr.t("import-too-big"),
        limit: megabytes(problem.limit),
      });
    case "unavailable":
      switch (problem.reason) {
        case "not-found":
          return tr.t("import-not-found", { file: named(fileName) });
        case "folder":
          return tr.t("import-folder", { file: named(fileName) });
        case "unreadable":
          return tr.t("import-unreadable", { file: named(fileName) });
        case "download":
          return tr.t("import-download");
      }
      break;
    case "empty":
      return tr.t("import-empty");
    case "binary":
      return tr.t("import-binary");
    case "bad-zip":
      return tr.t("import-bad-zip");
    case "zip-without-csv":
      return tr.t("import-zip-without-csv");
    case "unknown-layout":
      return tr.t("import-unknown-layout");
    case "imdb-list":
      return tr.t("import-imdb-list");
    case "wrong-format":
      return tr.t("import-wrong-format", {
        found: problem.found,
        said: problem.said,
        foundName: FORMAT_NAME[problem.found],
      });
    case "no-rows":
      return tr.t("import-no-rows", { format: FORMAT_NAME[problem.format] });
    case "too-many":
      return tr.t("import-too-many", {
        format: FORMAT_NAME[problem.format],
        films: thousands(problem.films),
        limit: thousands(problem.limit),
      });
    case "nothing-matched":
      return tr.t("import-nothing-matched", {
        format: FORMAT_NAME[problem.format],
        films: String(problem.films),
      });
  }
}

export interface ImportSummary {
  format: ImportFormat;
  counts: ImportCounts;
  unmatched: readonly HistoryFilm[];
  skipped: number;
  badLines: readonly number[];
}

/** What an import did, in a few lines: counts, the rule, then what it could not place. */
export function summaryText(s: ImportSummary, tr: Translator = translator()): string {
  const { counts } = s;
  const matched = counts.liked + counts.disliked + counts.seen;
  const lines = [
    tr.t("import-summary", {
      format: FORMAT_NAME[s.format],
      matched,
      liked: String(counts.liked),
      disliked: String(counts.disliked),
      seen: String(counts.seen),
    }),
  ];
  if (counts.watchlist > 0) lines.push(tr.t("import-watchlist", { count: String(counts.watchlist) }));
  if (counts.updated > 0) lines.push(tr.t("import-updated", { count: counts.updated }));
  lines.push(tr.t(s.format === "imdb" ? "import-rule-imdb" : "import-rule-letterboxd"));
  if (s.unmatched.length > 0) {
    const shown = s.unmatched.slice(0, UNMATCHED_SHOWN).map(quoteTitle).join(", ");
    const more = s.unmatched.length - UNMATCHED_SHOWN;
    lines.push(
      more > 0
        ? tr.t("import-unmatched-more", { count: String(s.unmatched.length), shown, more: String(more) })
        : tr.t("import-unmatched", { count: String(s.unmatched.length), shown }),
    );
  }
  if (s.skipped > 0) lines.push(tr.t("import-skipped", { count: s.skipped }));
  if (s.badLines.length > 0) {
    const first = s.badLines.slice(0, 5).join(", ");
    lines.push(
      tr.t("import-bad-lines", {
        count: s.badLines.length,
        lines: `${first}${s.badLines.length > 5 ? ", …" : ""}`,
      }),
    );
  }
  return lines.join("\n");
}

export const IMPORT_INTRO = translator().t("list-intro-import");
