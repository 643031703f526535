import type { ImportEvent } from "../core/events.ts";
import { type ImportFormat, MAX_IMPORT_BYTES } from "../core/import/history.ts";

/** How long a platform's file server gets to hand over an export. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * Downloads a file a person sent to the bot (a Discord attachment, a Telegram document) for
 * the core's import turn. The platform's stated size is checked before any request, the
 * response's Content-Length before reading, and the body as it streams, so no more than
 * `maxBytes` is ever held; every failure becomes the reason the core explains.
 */
export async function downloadUpload(
  url: string,
  file: { fileName: string; size?: number; format?: ImportFormat },
  maxBytes = MAX_IMPORT_BYTES,
): Promise<ImportEvent["upload"]> {
  const base = { fileName: file.fileName, ...(file.format ? { format: file.format } : {}) };
  const tooLarge = (size?: number): ImportEvent["upload"] => ({
    ...base,
    failure: { kind: "too-large", ...(size !== undefined ? { size } : {}), limit: maxBytes },
  });
  if (file.size !== undefined && file.size > maxBytes) return tooLarge(file.size);
  const failed: ImportEvent["upload"] = { ...base, failure: { kind: "unavailable", reason: "download" } };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), DOWNLOAD_TIMEOUT_MS);
  try {
    const response = await fetch(url, { signal: abort.signal, redirect: "follow" });
    if (!response.ok || !response.body) return failed;
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      abort.abort();
      return tooLarge(declared);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        abort.abort();
        return tooLarge();
      }
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return { ...base, bytes };
  } catch {
    return failed;
  } finally {
    clearTimeout(timer);
  }
}

/** "import imdb", "my letterboxd export": the layout a caption or message names, if any. */
export function formatNamed(text: string | undefined): ImportFormat | undefined {
  const m = /\b(letterboxd|imdb)\b/i.exec(text ?? "");
  return m ? (m[1]!.toLowerCase() as ImportFormat) : undefined;
}

/**
 * Whether a file sent with a message is meant as an import: an export's kind of file (CSV,
 * zip), a file sent with no words, or words that ask for an import. A photo sent with "loved
 * this one" is a chat message, not a history.
 */
export function meantAsImport(fileName: string, mimeType: string | undefined, text: string): boolean {
  if (/\.(csv|zip)$/i.test(fileName) || /csv|zip/i.test(mimeType ?? "")) return true;
  return text.trim() === "" || /\b(import|letterboxd|imdb)\b/i.test(text);
}
