import { readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The pages' files, beside this module: plain ES modules, CSS and HTML, served as they are. */
export const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export interface StaticFile {
  body: Uint8Array;
  type: string;
}

/**
 * Every file of the folder (one level), read once at start-up: a request can only ever get
 * one of these by its exact name, so no path from a URL reaches the file system.
 */
export function readStatic(dir = PUBLIC_DIR): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const type = TYPES[extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    files.set(entry.name, { body: readFileSync(join(dir, entry.name)), type });
  }
  return files;
}
