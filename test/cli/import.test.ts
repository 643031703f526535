import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { importCommand, readImportFile, typedPath } from "../../adapters/terminal/import-file.ts";
import { runTerminalChat } from "../../adapters/terminal/terminal-chat.ts";
import { MAX_IMPORT_BYTES } from "../../core/import/history.ts";
import { memoryMatinee, runCli, tempDir } from "../helpers/app.ts";
import { csv, imdbRatings, letterboxd, zipOf } from "../helpers/exports.ts";

const ZIP = zipOf({
  "ratings.csv": letterboxd.ratings([
    { name: "The Godfather", year: 1972, date: "2018-02-01", rating: 5 },
    { name: "Heat", year: 1995, date: "2019-04-01", rating: 4.5 },
    { name: "Titanic", year: 1997, date: "2020-01-01", rating: 1 },
  ]),
  "watched.csv": letterboxd.watched([
    { name: "Alien", year: 1979, date: "2017-01-01" },
    { name: "Nowhere Picture", year: 2031, date: "2023-01-01" },
  ]),
});

function exportFile(name: string, body: string | Uint8Array): string {
  const path = join(tempDir("matinee-export-"), name);
  writeFileSync(path, body);
  return path;
}

interface ImportJson {
  user: string;
  format: string;
  matched: { liked: number; disliked: number; seen: number };
  watchlist: number;
  unmatched: { title: string; year: number | null }[];
  recommendations: {
    movieId: number;
    title: string;
    year: number | null;
    score: number;
    reasons: string[];
    poster: string | null;
  }[];
}

describe("matinee import", () => {
  test("--json prints the documented document; `matinee chat` then sees the imported profile", async () => {
    const env = { MATINEE_STORE_PATH: join(tempDir(), "store.json") };
    const r = await runCli(["import", "letterboxd", exportFile("letterboxd-viewer.zip", ZIP), "--json"], {
      env,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ImportJson;
    expect(Object.keys(out).sort()).toEqual([
      "format",
      "matched",
      "recommendations",
      "unmatched",
      "user",
      "watchlist",
    ]);
    expect(out.user).toBe(`terminal:${userInfo().username}`);
    expect(out.format).toBe("letterboxd");
    expect(out.matched).toEqual({ liked: 2, disliked: 1, seen: 1 });
    expect(out.unmatched).toEqual([{ title: "Nowhere Picture", year: 2031 }]);
    expect(out.recommendations).toHaveLength(10);
    for (const rec of out.recommendations) {
      expect(Object.keys(rec).sort()).toEqual(["movieId", "poster", "reasons", "score", "title", "year"]);
      expect([858, 6, 1721, 1214]).not.toContain(rec.movieId);
    }
    const chat = await runCli(["chat"], { input: "profile\n", env });
    expect(chat.stdout).toContain("👍 Liked: The Godfather (1972), Heat (1995)");
    expect(chat.stdout).toContain("👎 Disliked: Titanic (1997)");
    expect(chat.stdout).toContain("👀 Seen: Alien (1979)");
  });

  test("without --json it prints the summary and the numbered list; --user names the chat's /user", async () => {
    const env = { MATINEE_STORE_PATH: join(tempDir(), "store.json") };
    const path = exportFile(
      "ratings.csv",
      imdbRatings([
        { id: "tt0111161", title: "The Shawshank Redemption", year: 1994, rating: 10, date: "2015-03-01" },
        { id: "tt0000001", title: "Heat", year: 1995, rating: 4, date: "2015-03-02" },
      ]),
    );
    const r = await runCli(["import", "imdb", path, "--user", "ann"], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "📥 Imported your IMDb history: 2 films — 👍 1 liked, 👎 1 disliked, 👀 0 seen.",
    );
    expect(r.stdout).toContain("Here are some films you might like, from your history:");
    expect(r.stdout).toMatch(/^ 1\. .+ \(\d{4}\)/m);
    const chat = await runCli(["chat"], { input: "/user ann\nprofile\n", env });
    expect(chat.stdout).toContain("👍 Liked: The Shawshank Redemption (1994)");
    expect(chat.stdout).toContain("👎 Disliked: Heat (1995)");
  });

  test("a file that cannot be imported: one message on stderr, exit code 1, the store untouched", async () => {
    const store = join(tempDir(), "store.json");
    const env = { MATINEE_STORE_PATH: store };
    const first = await runCli(["import", "letterboxd", exportFile("letterboxd.zip", ZIP)], { env });
    expect(first.code).toBe(0);
    const before = readFileSync(store, "utf8");
    const cases: [string[], string][] = [
      [
        ["letterboxd", exportFile("contacts.csv", csv(["Name", "Email"], [["Ann", "a@example.com"]]))],
        "isn't a Letterboxd or IMDb export",
      ],
      [
        [
          "imdb",
          exportFile(
            "ratings.csv",
            letterboxd.ratings([{ name: "Heat", year: 1995, date: "2020-01-01", rating: 4 }]),
          ),
        ],
        "That file is a Letterboxd export, not an IMDb one.",
      ],
      [["letterboxd", join(tempDir(), "missing.zip")], "I can't find a file at"],
      [["netflix", exportFile("x.csv", "a\n")], 'Unknown format "netflix": use letterboxd or imdb.'],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(["import", ...args, "--json"], { env });
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    expect(readFileSync(store, "utf8")).toBe(before);
  });

  test("--help documents the formats, the rule and the JSON", async () => {
    const r = await runCli(["import", "--help"]);
    expect(r.code).toBe(0);
    for (const text of [
      "letterboxd",
      "imdb",
      "--user <key>",
      "3½★ and up",
      '"matched":{"liked","disliked","seen"}',
    ])
      expect(r.stdout).toContain(text);
    const top = await runCli(["--help"]);
    expect(top.stdout).toMatch(/import \[options\] <format> <file>/);
  });
});

describe("reading a local export", () => {
  test("typed paths: quotes, ~ and the escaped spaces of a dragged file", () => {
    expect(typedPath('"/tmp/my exports/ratings.csv"')).toBe("/tmp/my exports/ratings.csv");
    expect(typedPath("/tmp/my\\ exports/ratings.csv")).toBe("/tmp/my exports/ratings.csv");
    expect(typedPath("~/x.zip").startsWith("/")).toBe(true);
    expect(importCommand("import letterboxd ~/a b.zip")).toEqual({
      path: typedPath("~/a b.zip"),
      format: "letterboxd",
    });
    expect(importCommand("import ratings.csv")).toEqual({ path: "ratings.csv" });
    expect(importCommand("import imdb")).toBeUndefined();
    expect(importCommand("important films please")).toBeUndefined();
  });

  test("a folder, a missing file and an over-large file are refused before reading", async () => {
    const dir = tempDir();
    expect(await readImportFile(dir)).toMatchObject({ failure: { kind: "unavailable", reason: "folder" } });
    expect(await readImportFile(join(dir, "nope.csv"))).toMatchObject({
      failure: { kind: "unavailable", reason: "not-found" },
    });
    const big = join(dir, "big.csv");
    writeFileSync(big, "");
    // A sparse file: its size says 50 MB + 1 without writing them.
    const { truncateSync } = await import("node:fs");
    truncateSync(big, MAX_IMPORT_BYTES + 1);
    expect(await readImportFile(big)).toEqual({
      fileName: big,
      failure: { kind: "too-large", size: MAX_IMPORT_BYTES + 1, limit: MAX_IMPORT_BYTES },
    });
  });
});

describe("`import PATH` in the terminal chat", () => {
  test("imports, answers with the summary and a list, and the profile shows it; errors keep the chat going", async () => {
    const { store, matinee } = await memoryMatinee();
    const dir = join(tempDir(), "my exports");
    mkdirSync(dir);
    const zip = join(dir, "letterboxd-viewer.zip");
    writeFileSync(zip, ZIP);
    expect(existsSync(zip)).toBe(true);
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (d: Buffer) => {
      text += d.toString();
    });
    input.end(
      [
        "import",
        `import ${join(dir, "missing.csv")}`,
        `import imdb "${zip}"`,
        `import ${zip.replace(/ /g, "\\ ")}`,
        "profile",
      ].join("\n"),
    );
    await runTerminalChat({ matinee, input, output, userId: "tester", interactive: false });
    const turn = (n: number) => text.split("you › ")[n + 1] ?? "";
    expect(turn(0)).toContain("To import your film history, send me the export as a file");
    expect(turn(1)).toContain("I can't find a file at `");
    expect(turn(1)).toContain("Nothing in your profile was changed.");
    expect(turn(2)).toContain("That file is a Letterboxd export, not an IMDb one.");
    expect(turn(3)).toContain(
      "📥 Imported your Letterboxd history: 4 films — 👍 2 liked, 👎 1 disliked, 👀 1 seen.",
    );
    expect(turn(3)).toContain("Not in my catalogue (1): `Nowhere Picture` (2031).");
    expect(turn(3)).toMatch(/^ 1\. .+ \(\d{4}\)/m);
    expect(turn(4)).toContain("👍 Liked: The Godfather (1972), Heat (1995)");
    expect((await store.get("terminal:tester"))?.profile.liked.map((e) => e.movieId)).toEqual([858, 6]);
  });
});
