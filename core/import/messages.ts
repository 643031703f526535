import { thousands } from "../reply/numbers.ts";
import type { ImportCounts } from "./apply-import.ts";
import type { HistoryFilm, ImportFormat, ImportProblem } from "./history.ts";

/** Every line an import says, for every front end (the chats render them; the CLI prints them). */

const FORMAT_NAME: Record<ImportFormat, string> = { letterboxd: "Letterboxd", imdb: "IMDb" };

/** Unmatched titles named in the reply; the rest are counted. */
export const UNMATCHED_SHOWN = 5;
const TITLE_CHARS = 60;

export const IMPORT_USAGE = [
  "To import your film history, send me the export as a file:",
  "  • Letterboxd: Settings → Import & Export → Export your data (the zip, or one of its CSVs)",
  "  • IMDb: Your Ratings → ⋯ → Export (ratings.csv)",
  "In the terminal, type `import PATH` (or `import letterboxd PATH`, `import imdb PATH`).",
].join("\n");

/** Appended to every refusal: a failed import never touches the profile. */
const UNCHANGED = "Nothing in your profile was changed.";

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

export function problemText(problem: ImportProblem, fileName = ""): string {
  switch (problem.kind) {
    case "too-large":
      return problem.platformLimit
        ? `That file is too big for me to fetch here (bots can download files up to ${megabytes(problem.limit)}${problem.size !== undefined ? `; it is ${megabytes(problem.size)}` : ""}). Send one CSV of the export (ratings.csv or diary.csv) instead. ${UNCHANGED}`
        : `That file is ${problem.size !== undefined ? megabytes(problem.size) : "too big"}: I import files up to ${megabytes(problem.limit)}. An export is usually far smaller: is it the right file? ${UNCHANGED}`;
    case "unavailable":
      switch (problem.reason) {
        case "not-found":
          return `I can't find a file at ${named(fileName)}. Check the path (dragging the file into the terminal types it for you). ${UNCHANGED}`;
        case "folder":
          return `${named(fileName)} is a folder: give the export's zip, or one of its CSV files. ${UNCHANGED}`;
        case "unreadable":
          return `I can't read ${named(fileName)}: is it yours to read? ${UNCHANGED}`;
        case "download":
          return `I couldn't download that file. Please send it again. ${UNCHANGED}`;
      }
      break;
    case "empty":
      return `That file is empty. ${UNCHANGED}`;
    case "binary":
      return `That file isn't a CSV or a zip. Send Letterboxd's export zip (or one of its CSVs) or IMDb's ratings CSV. ${UNCHANGED}`;
    case "bad-zip":
      return `That zip file is damaged. Download the export again and send it as it came. ${UNCHANGED}`;
    case "zip-without-csv":
      return `That zip has no ratings.csv, diary.csv or watched.csv in it (nor an IMDb ratings CSV): is it a Letterboxd export? ${UNCHANGED}`;
    case "unknown-layout":
      return `That CSV isn't a Letterboxd or IMDb export: I look for Letterboxd's columns (Date, Name, Year, Letterboxd URI) or IMDb's (Const, Your Rating, Title, Year). ${UNCHANGED}`;
    case "imdb-list":
      return `That's an IMDb list or watchlist, not your ratings: on IMDb open Your Ratings, then ⋯ → Export. ${UNCHANGED}`;
    case "wrong-format":
      return `That file is ${problem.found === "imdb" ? "an IMDb" : "a Letterboxd"} export, not ${problem.said === "imdb" ? "an IMDb" : "a Letterboxd"} one. Import it as ${FORMAT_NAME[problem.found]} (in a chat you can leave the kind out: I tell them apart). ${UNCHANGED}`;
    case "no-rows":
      return `That ${FORMAT_NAME[problem.format]} export has no films in it. ${UNCHANGED}`;
    case "too-many":
      return `That ${FORMAT_NAME[problem.format]} export has ${thousands(problem.films)} films; I import up to ${thousands(problem.limit)} at a time. Send ratings.csv alone, or split the file. ${UNCHANGED}`;
    case "nothing-matched":
      return `None of the ${problem.films} films in that ${FORMAT_NAME[problem.format]} export are in my catalogue, so I couldn't learn anything from it. ${UNCHANGED}`;
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
export function summaryText(s: ImportSummary): string {
  const { counts } = s;
  const matched = counts.liked + counts.disliked + counts.seen;
  const lines = [
    `📥 Imported your ${FORMAT_NAME[s.format]} history: ${matched} film${matched === 1 ? "" : "s"} — 👍 ${counts.liked} liked, 👎 ${counts.disliked} disliked, 👀 ${counts.seen} seen.`,
  ];
  if (counts.watchlist > 0) lines.push(`🔖 ${counts.watchlist} added to your watchlist.`);
  if (counts.updated > 0)
    lines.push(
      `${counts.updated} of them ${counts.updated === 1 ? "was" : "were"} already in your profile: updated from the file.`,
    );
  lines.push(
    s.format === "imdb"
      ? "(Rated 7–10: liked · 1–4: disliked · 5–6: seen.)"
      : "(Rated 3½★ and up: liked · 2★ and below: disliked · in between or unrated: seen.)",
  );
  if (s.unmatched.length > 0) {
    const shown = s.unmatched.slice(0, UNMATCHED_SHOWN).map(quoteTitle).join(", ");
    const more = s.unmatched.length - UNMATCHED_SHOWN;
    lines.push(
      `Not in my catalogue (${s.unmatched.length}): ${shown}${more > 0 ? ` and ${more} more` : ""}.`,
    );
  }
  if (s.skipped > 0)
    lines.push(`Skipped ${s.skipped} TV title${s.skipped === 1 ? "" : "s"} (series, episodes and the like).`);
  if (s.badLines.length > 0) {
    const first = s.badLines.slice(0, 5).join(", ");
    lines.push(
      `${s.badLines.length} row${s.badLines.length === 1 ? "" : "s"} couldn't be read (line${s.badLines.length === 1 ? "" : "s"} ${first}${s.badLines.length > 5 ? ", …" : ""}).`,
    );
  }
  return lines.join("\n");
}

export const IMPORT_INTRO = "Here are some films you might like, from your history:";
