import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UserFacingError } from "../../core/errors.ts";
import { BRONZE_MANIFEST, type BronzeManifest, downloadDataset, parseMd5File } from "../../data/download.ts";
import { loadGold } from "../../data/pipeline.ts";
import { miniDataset, tempDir } from "./fixtures.ts";

function md5(bytes: Uint8Array): string {
  return createHash("md5").update(bytes).digest("hex");
}

/** ml-latest-small.zip as GroupLens lays it out, with 1 MiB of stored noise so it arrives in chunks. */
function buildZip(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(miniDataset()))
    files[`ml-latest-small/${name}`] = strToU8(content);
  files["ml-latest-small/README.txt"] = new Uint8Array(randomBytes(1024 * 1024));
  return zipSync(files, { level: 0 });
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const ZIP = buildZip();
const routes = new Map<string, Handler>();
const requests: string[] = [];
let server: Server;
let baseUrl = "";

function serveBytes(bytes: Uint8Array): Handler {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "application/zip", "content-length": bytes.length });
    res.end(Buffer.from(bytes));
  };
}

function serveText(text: string): Handler {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(text);
  };
}

/** Each test serves its own files under its own path prefix, so tests cannot see each other's. */
function site(prefix: string, files: Record<string, Handler>): string {
  for (const [name, handler] of Object.entries(files)) routes.set(`/${prefix}/${name}`, handler);
  return `${baseUrl}/${prefix}`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const handler = routes.get(req.url ?? "");
    if (handler) return handler(req, res);
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("Not Found");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

describe("parseMd5File", () => {
  test("reads GroupLens's BSD form and the coreutils form, lower-cased", () => {
    const hex = "a7d9bd3e3b1b6a6e5d6c4f3b2a1908ff";
    expect(parseMd5File(`MD5 (ml-latest-small.zip) = ${hex}\n`)).toBe(hex);
    expect(parseMd5File(`${hex}  ml-latest-small.zip\n`)).toBe(hex);
    expect(parseMd5File(`MD5 (ml-25m.zip) = ${hex.toUpperCase()}`)).toBe(hex);
  });

  test("gives undefined when there is no 32-hex-digit checksum", () => {
    expect(parseMd5File("")).toBeUndefined();
    expect(parseMd5File("<html>Not Found</html>")).toBeUndefined();
    expect(parseMd5File("MD5 (x.zip) = abc123")).toBeUndefined();
    expect(parseMd5File(`sha256 ${"f".repeat(64)}`)).toBeUndefined();
  });
});

describe("loadGold with a download", () => {
  test("downloads, verifies, unpacks, records the bronze manifest and builds gold", async () => {
    const url = site("ok", {
      "ml-latest-small.zip": serveBytes(ZIP),
      "ml-latest-small.zip.md5": serveText(`MD5 (ml-latest-small.zip) = ${md5(ZIP)}\n`),
    });
    const root = tempDir("matinee-download-");
    const dataDir = join(root, "data");
    const progress: Array<[number, number | undefined]> = [];
    const loaded = await loadGold({
      dataDir,
      dataset: "ml-latest-small",
      cacheDir: join(root, "cache"),
      download: { baseUrl: `${url}/`, onProgress: (received, total) => progress.push([received, total]) },
    });

    expect(loaded.fromCache).toBe(false);
    expect(loaded.datasetDir).toBe(join(dataDir, "ml-latest-small"));
    expect(loaded.gold.stats).toEqual({ users: 3, items: 4, ratings: 7, skippedRatings: 1 });
    expect(loaded.gold.movies.find((m) => m.movieId === 858)?.title).toBe("The Godfather");

    expect(readdirSync(dataDir)).toEqual(["ml-latest-small"]);
    expect(readdirSync(join(dataDir, "ml-latest-small")).sort()).toEqual([
      "README.txt",
      "links.csv",
      BRONZE_MANIFEST,
      "movies.csv",
      "ratings.csv",
      "tags.csv",
    ]);
    expect(readFileSync(join(dataDir, "ml-latest-small", "movies.csv"), "utf8")).toBe(
      miniDataset()["movies.csv"],
    );

    const manifest = JSON.parse(
      readFileSync(join(dataDir, "ml-latest-small", BRONZE_MANIFEST), "utf8"),
    ) as BronzeManifest;
    expect(manifest).toMatchObject({
      dataset: "ml-latest-small",
      url: `${url}/ml-latest-small.zip`,
      bytes: ZIP.length,
      md5: md5(ZIP),
      sha256: createHash("sha256").update(ZIP).digest("hex"),
    });
    expect(Number.isNaN(Date.parse(manifest.downloadedAt))).toBe(false);

    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
    expect(progress.at(-1)).toEqual([ZIP.length, ZIP.length]);
    expect(progress.every(([, total]) => total === ZIP.length)).toBe(true);

    // Second start: the data is on disk and gold is cached, so nothing is fetched again.
    const before = requests.length;
    const again = await loadGold({
      dataDir,
      dataset: "ml-latest-small",
      cacheDir: join(root, "cache"),
      download: { baseUrl: url },
    });
    expect(again.fromCache).toBe(true);
    expect(requests.length).toBe(before);
  });

  test("a wrong MD5 is a UserFacingError about the checksum, leaving no .zip or .partial", async () => {
    const url = site("bad-md5", {
      "ml-latest-small.zip": serveBytes(ZIP),
      "ml-latest-small.zip.md5": serveText(`MD5 (ml-latest-small.zip) = ${"0".repeat(32)}\n`),
    });
    const dataDir = join(tempDir("matinee-download-"), "data");
    const error = await downloadDataset("ml-latest-small", dataDir, { baseUrl: url }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    const message = (error as Error).message;
    expect(message).toContain(`${url}/ml-latest-small.zip failed its checksum`);
    expect(message).toContain(`MD5 ${md5(ZIP)}, GroupLens publishes ${"0".repeat(32)}`);
    expect(message).toContain("MATINEE_DATA_DIR");
    expect(readdirSync(dataDir)).toEqual([]);
  });

  test("a wrong MD5 through loadGold leaves the data folder without a dataset", async () => {
    const url = site("bad-md5-gold", {
      "ml-latest-small.zip": serveBytes(ZIP),
      "ml-latest-small.zip.md5": serveText(`${"f".repeat(32)}  ml-latest-small.zip\n`),
    });
    const root = tempDir("matinee-download-");
    const dataDir = join(root, "data");
    const error = await loadGold({
      dataDir,
      dataset: "ml-latest-small",
      cacheDir: join(root, "cache"),
      download: { baseUrl: url },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toContain("failed its checksum");
    expect(readdirSync(dataDir)).toEqual([]);
    expect(existsSync(join(root, "cache"))).toBe(false);
  });

  test("an .md5 file without a checksum is a UserFacingError", async () => {
    const url = site("no-md5", {
      "ml-latest-small.zip": serveBytes(ZIP),
      "ml-latest-small.zip.md5": serveText("nothing here\n"),
    });
    const dataDir = join(tempDir("matinee-download-"), "data");
    const error = await downloadDataset("ml-latest-small", dataDir, { baseUrl: url }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toContain(`${url}/ml-latest-small.zip.md5 holds no MD5 checksum`);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  test("a server that is not listening is a UserFacingError naming MATINEE_DATA_DIR", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));

    const root = tempDir("matinee-download-");
    const dataDir = join(root, "data");
    const error = await loadGold({
      dataDir,
      dataset: "ml-latest-small",
      cacheDir: join(root, "cache"),
      download: { baseUrl: `http://127.0.0.1:${port}` },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    const message = (error as Error).message;
    expect(message).toContain(
      `No MovieLens data found in ${dataDir}, and downloading ml-latest-small failed: ` +
        `could not reach http://127.0.0.1:${port}/ml-latest-small.zip.md5 (ECONNREFUSED)`,
    );
    expect(message).toContain(
      "Set MATINEE_DATA_DIR (or pass --data DIR) to a folder that contains ml-latest-small/",
    );
    expect(message).not.toMatch(/\n\s+at /);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  test("HTTP 404 is a UserFacingError naming the URL and status", async () => {
    const url = site("missing", {});
    const dataDir = join(tempDir("matinee-download-"), "data");
    const error = await downloadDataset("ml-latest-small", dataDir, { baseUrl: url }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toContain(`${url}/ml-latest-small.zip.md5 answered HTTP 404`);
  });

  test("a 404 for the zip itself (after its .md5) is a UserFacingError, with no .partial left", async () => {
    const url = site("zip-missing", {
      "ml-latest-small.zip.md5": serveText(`MD5 (ml-latest-small.zip) = ${md5(ZIP)}\n`),
    });
    const dataDir = join(tempDir("matinee-download-"), "data");
    const error = await downloadDataset("ml-latest-small", dataDir, { baseUrl: url }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toContain(`${url}/ml-latest-small.zip answered HTTP 404`);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  test("a zip without the dataset's files is reported by loadGold", async () => {
    const wrong = zipSync({ "ml-latest-small/README.txt": strToU8("only a readme") });
    const url = site("wrong-content", {
      "ml-latest-small.zip": serveBytes(wrong),
      "ml-latest-small.zip.md5": serveText(`MD5 (ml-latest-small.zip) = ${md5(wrong)}\n`),
    });
    const root = tempDir("matinee-download-");
    const error = await loadGold({
      dataDir: join(root, "data"),
      dataset: "ml-latest-small",
      cacheDir: join(root, "cache"),
      download: { baseUrl: url },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toBe(
      "The ml-latest-small download did not contain movies.csv, ratings.csv.",
    );
  });
});

describe("downloadDataset cleanup", () => {
  // The catch block only removes `<dataset>.zip.partial`; once the zip is renamed to
  // `<dataset>.zip` an extraction failure leaves the whole archive in the data folder.
  test("a download that passes its MD5 but cannot be unpacked leaves no .zip behind", async () => {
    const notZip = strToU8("this is not a zip file at all");
    const url = site("not-a-zip", {
      "ml-latest-small.zip": serveBytes(notZip),
      "ml-latest-small.zip.md5": serveText(`MD5 (ml-latest-small.zip) = ${md5(notZip)}\n`),
    });
    const dataDir = join(tempDir("matinee-download-"), "data");
    const error = await downloadDataset("ml-latest-small", dataDir, { baseUrl: url }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
