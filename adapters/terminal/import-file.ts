import { open } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";
import type { ImportEvent } from "../../core/events.ts";
import { type ImportFormat, MAX_IMPORT_BYTES } from "../../core/import/history.ts";

/**
 * A path as people type or paste it: quoted, with "~/", or with the backslash-escaped
 * spaces a file dragged into a terminal gets.
 */
export function typedPath(text: string): string {
  let path = text.trim();
  const quoted = /^(["'])(.*)\1$/.exec(path);
  if (quoted) path = quoted[2]!;
  else path = path.replace(/\\([ \\'"()&])/g, "$1");
  if (path === "~" || path.startsWith("~/")) path = `${homedir()}${path.slice(1)}`;
  return path;
}

/** "import PATH", "import letterboxd PATH": the path and the layout named, if a path was given. */
/** "import " and a path, at most. */
const MAX_IMPORT_LINE = 4200;

export function importCommand(line: string): { path: string; format?: ImportFormat } | undefined {
  // No path is that long (PATH_MAX is 4,096), and on a 100,000-character line the pattern's
  // lazy `(.+?)\s*$` backtracks quadratically (about 40 s with the loop held).
  if (line.length > MAX_IMPORT_LINE) return undefined;
  const m = /^\s*\/?import\s+(.+?)\s*$/i.exec(line);
  if (!m) return undefined;
  const named = /^(letterboxd|imdb)(?:\s+(.+))?$/i.exec(m[1]!);
  // "import letterboxd" alone names no file: the core explains how to import.
  if (named && !named[2]) return undefined;
  const format = named ? (named[1]!.toLowerCase() as ImportFormat) : undefined;
  const path = typedPath(named ? named[2]! : m[1]!);
  return path ? { path, ...(format ? { format } : {}) } : undefined;
}

/**
 * Reads a local export for the core (which reads no files itself). The size is checked on
 * the open file before anything is read, so an over-large file is refused at once; a missing
 * path, a folder or a file not ours to read becomes the failure the core explains.
 */
export async function readImportFile(path: string, format?: ImportFormat): Promise<ImportEvent["upload"]> {
  // The core reads the base name (watched.csv or watchlist.csv) and quotes the path as typed.
  const shown = { fileName: path, ...(format ? { format } : {}) };
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(resolve(path), "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" || code === "ENOTDIR" ? "not-found" : code === "EISDIR" ? "folder" : "unreadable";
    return { ...shown, failure: { kind: "unavailable", reason } };
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return { ...shown, failure: { kind: "unavailable", reason: "folder" } };
    if (stat.size > MAX_IMPORT_BYTES)
      return { ...shown, failure: { kind: "too-large", size: stat.size, limit: MAX_IMPORT_BYTES } };
    const bytes = new Uint8Array(await handle.readFile());
    return { ...shown, bytes };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ...shown,
      failure: { kind: "unavailable", reason: code === "EISDIR" ? "folder" : "unreadable" },
    };
  } finally {
    await handle.close();
  }
}
