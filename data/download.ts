import { createHash } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import extract from "extract-zip";
import { UserFacingError } from "../core/errors.ts";
import type { DatasetName } from "./datasets.ts";

export const GROUPLENS_BASE_URL = "https://files.grouplens.org/datasets/movielens";

export interface DownloadOptions {
  baseUrl: string;
  /** Called with bytes received and the total when known; the CLI draws a progress bar. */
  onProgress?: (received: number, total: number | undefined) => void;
  timeoutMs?: number;
}

export interface BronzeManifest {
  dataset: string;
  url: string;
  bytes: number;
  md5: string;
  sha256: string;
  downloadedAt: string;
}

export const BRONZE_MANIFEST = "matinee-bronze.json";

/** GroupLens publishes `<zip>.md5` beside each zip, as "MD5 (file) = hex" or "hex  file". */
export function parseMd5File(text: string): string | undefined {
  return /\b([a-f0-9]{32})\b/i.exec(text)?.[1]?.toLowerCase();
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

async function get(url: string, timeoutMs: number): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(`could not reach ${url} (${describeFetchError(error)})`);
  }
  if (!response.ok || !response.body) throw new Error(`${url} answered HTTP ${response.status}`);
  return response;
}

/**
 * Downloads `<dataset>.zip` from GroupLens into `dataDir`, checks it against the published
 * MD5, unpacks it and records a bronze manifest (source, size, checksums). The zip goes
 * to a temporary name first, so an interrupted download never looks complete.
 */
export async function downloadDataset(
  dataset: DatasetName,
  dataDir: string,
  options: DownloadOptions,
): Promise<BronzeManifest> {
  const url = `${options.baseUrl.replace(/\/$/, "")}/${dataset}.zip`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  // extract-zip wants an absolute target.
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const partial = join(dir, `${dataset}.zip.partial`);
  const zipPath = join(dir, `${dataset}.zip`);
  try {
    const expectedMd5 = parseMd5File(await (await get(`${url}.md5`, timeoutMs)).text());
    if (!expectedMd5) throw new Error(`${url}.md5 holds no MD5 checksum`);

    // The timeout guards connecting; a large zip may take longer than it to arrive.
    const response = await get(url, timeoutMs);
    const total = Number(response.headers.get("content-length")) || undefined;
    const md5 = createHash("md5");
    const sha256 = createHash("sha256");
    let received = 0;
    const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
    body.on("data", (chunk: Buffer) => {
      md5.update(chunk);
      sha256.update(chunk);
      received += chunk.length;
      options.onProgress?.(received, total);
    });
    await pipeline(body, createWriteStream(partial));

    const actualMd5 = md5.digest("hex");
    if (actualMd5 !== expectedMd5) {
      throw new Error(`${url} failed its checksum (MD5 ${actualMd5}, GroupLens publishes ${expectedMd5})`);
    }
    await rename(partial, zipPath);
    await extract(zipPath, { dir });
    await rm(zipPath);
    const manifest: BronzeManifest = {
      dataset,
      url,
      bytes: received,
      md5: actualMd5,
      sha256: sha256.digest("hex"),
      downloadedAt: new Date().toISOString(),
    };
    await writeFile(join(dir, dataset, BRONZE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (error) {
    await rm(partial, { force: true });
    await rm(zipPath, { force: true });
    throw new UserFacingError(
      `No MovieLens data found in ${dataDir}, and downloading ${dataset} failed: ${(error as Error).message}.\n` +
        `Set MATINEE_DATA_DIR (or pass --data DIR) to a folder that contains ${dataset}/, ` +
        "or connect to the internet and start again.",
    );
  }
}

export function datasetPresent(dir: string, requiredFiles: readonly string[]): boolean {
  return requiredFiles.every((f) => existsSync(join(dir, f)));
}
