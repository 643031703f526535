import { type UnzipFileInfo, unzipSync } from "fflate";
import { ImportError, MAX_IMPORT_BYTES } from "./history.ts";

/** A zip starts with a local file header, or is an empty archive's end record. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

/** The folder every entry shares, when someone zipped the export's folder instead of its files. */
function commonFolder(names: readonly string[]): string {
  const first = names[0]?.split("/")[0];
  if (first === undefined || !names.every((n) => n.startsWith(`${first}/`))) return "";
  return `${first}/`;
}

/** macOS resource forks and hidden files are never part of an export. */
const noise = (name: string) => name.startsWith("__MACOSX/") || /(^|\/)\./.test(name);

/**
 * The CSV files at the top of a zip (Letterboxd keeps ratings, diary and watched there;
 * `deleted/diary.csv` and friends in folders are not the person's history), by base name.
 * Sizes are the ones the archive declares: fflate inflates into a buffer of exactly that
 * size, so a zip bomb cannot grow past `maxBytes` in total.
 */
export function csvFilesOfZip(
  bytes: Uint8Array,
  maxBytes = MAX_IMPORT_BYTES,
): { name: string; bytes: Uint8Array }[] {
  const names: string[] = [];
  try {
    // A first pass only lists the entries: the filter refuses them all, so nothing is inflated.
    unzipSync(bytes, {
      filter: (f: UnzipFileInfo) => {
        names.push(f.name);
        return false;
      },
    });
  } catch {
    throw new ImportError({ kind: "bad-zip" });
  }
  const prefix = commonFolder(names.filter((n) => !noise(n)));
  const wanted = (name: string) => {
    if (noise(name) || !name.startsWith(prefix)) return false;
    const rest = name.slice(prefix.length);
    return !rest.includes("/") && /\.csv$/i.test(rest);
  };
  let total = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (f) => {
        if (!wanted(f.name)) return false;
        total += f.originalSize;
        if (total > maxBytes) throw new ImportError({ kind: "too-large", limit: maxBytes });
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError({ kind: "bad-zip" });
  }
  return Object.entries(unzipped).map(([name, data]) => ({
    name: name.slice(prefix.length),
    bytes: data,
  }));
}
