import type { Catalogue } from "../catalogue.ts";
import type { ImportEvent, Speaker } from "../events.ts";
import { type Translator, translator } from "../i18n/i18n.ts";
import type { Card, Reply } from "../reply/reply.ts";
import type { UserState } from "../store/store.ts";
import type { TitleMatcher } from "../titles/find-titles.ts";
import { applyImport, type ImportCounts } from "./apply-import.ts";
import { type HistoryFilm, ImportError, type ImportFormat, type ImportProblem } from "./history.ts";
import { matchHistory } from "./match-history.ts";
import { problemText, summaryText } from "./messages.ts";
import { readHistory } from "./read-history.ts";

/** What an import did, for the CLI's --json and for tests; absent parts mean it was refused. */
export interface ImportResult {
  format: ImportFormat;
  counts: ImportCounts;
  unmatched: HistoryFilm[];
  skipped: number;
  badLines: number[];
  recommendations: Card[];
}

export interface ImportOutcome {
  replies: Reply[];
  result?: ImportResult;
  problem?: ImportProblem;
}

export interface ImportTurnDeps {
  catalogue: Catalogue;
  titles: TitleMatcher;
  now: () => number;
  /** The person's language (English when absent). */
  tr?: Translator;
  /** The chat's own "change the state, then the next page of recommendations", atomically. */
  updateAndPage(
    key: string,
    speaker: Speaker,
    change: (s: UserState) => UserState,
    intro: string,
  ): Promise<{ replies: Reply[]; state: UserState }>;
}

function refused(problem: ImportProblem, fileName: string, tr: Translator): ImportOutcome {
  return { replies: [{ text: problemText(problem, fileName, tr), error: true }], problem };
}

/**
 * An export arrived: read it, match it, and only then write the profile (one atomic update
 * with the first page of recommendations), so a file that fails anywhere changes nothing.
 */
export async function importTurn(
  deps: ImportTurnDeps,
  key: string,
  event: ImportEvent,
): Promise<ImportOutcome> {
  const { upload } = event;
  const tr = deps.tr ?? translator();
  if ("failure" in upload) return refused(upload.failure, upload.fileName, tr);
  let history: ReturnType<typeof readHistory>;
  try {
    history = readHistory({
      fileName: upload.fileName,
      bytes: upload.bytes,
      ...(upload.format ? { format: upload.format } : {}),
    });
  } catch (error) {
    if (error instanceof ImportError) return refused(error.problem, upload.fileName, tr);
    throw error;
  }
  const match = matchHistory(history, deps.catalogue, deps.titles);
  if (match.matched.length === 0)
    return refused(
      { kind: "nothing-matched", format: history.format, films: history.films.length },
      upload.fileName,
      tr,
    );
  const at = deps.now();
  let counts: ImportCounts | undefined;
  const { replies } = await deps.updateAndPage(
    key,
    event,
    (s) => {
      const merged = applyImport(s.profile, match.matched, at);
      counts = merged.counts;
      // A history is a fresh start for the list: whatever it was narrowed to no longer applies.
      return { ...s, profile: merged.profile, conversation: { ...s.conversation, filter: undefined } };
    },
    tr.t("list-intro-import"),
  );
  const result: ImportResult = {
    format: history.format,
    counts: counts!,
    unmatched: match.unmatched,
    skipped: match.skipped,
    badLines: history.badLines,
    recommendations: replies.flatMap((r) => r.cards ?? []),
  };
  return { replies: [{ text: summaryText(result, tr) }, ...replies], result };
}
