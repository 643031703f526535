import { spawn } from "node:child_process";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, inject, test } from "vitest";
import { GREETING, runTerminalChat } from "../../adapters/terminal/terminal-chat.ts";
import { memoryMatinee, runCli, tempDir } from "../helpers/app.ts";
import { REPO_ROOT } from "../helpers/paths.ts";

/** Numbered card lines of the terminal rendering: " 1. Title (1999) · Genres". */
function listedFilms(text: string): { title: string; year: number }[] {
  return [...text.matchAll(/^\s*\d+\. (.+?) \((\d{4})\)/gm)].map((m) => ({
    title: m[1]!,
    year: Number(m[2]),
  }));
}

describe("terminal chat through stdin", () => {
  test("`npm start` with piped lines prints recommendations that exclude the named films", async () => {
    const store = join(tempDir(), "store.json");
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn("npm", ["start", "--silent"], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          MATINEE_DATA_DIR: inject("dataDir"),
          MATINEE_CACHE_DIR: inject("cacheDir"),
          MATINEE_STORE_PATH: store,
          DISCORD_TOKEN: "",
          TELEGRAM_TOKEN: "",
        },
      });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout }));
      child.stdin.end("I loved The Godfather and Heat\nquit\n");
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(GREETING);
    expect(out.stdout).toContain("you › I loved The Godfather and Heat");
    expect(out.stdout).toContain("Got it: 👍 The Godfather (1972), 👍 Heat (1995)");
    const films = listedFilms(out.stdout);
    expect(films).toHaveLength(10);
    expect(films.map((f) => f.title)).not.toContain("The Godfather");
    expect(films.map((f) => f.title)).not.toContain("Heat");
    // Every card has a reason line under it.
    expect(out.stdout.match(/^ {4}\S.+$/gm)?.length).toBe(10);
    expect(out.stdout).toContain("Bye!");
  });

  test("help, profile, reset and quit work, and the profile survives a restart", async () => {
    const env = { MATINEE_STORE_PATH: join(tempDir(), "store.json") };
    const first = await runCli(["chat"], {
      input:
        "help\nI loved Alien and hated Titanic\nthe english patient bored me to tears\nquit\nthis line is never read\n",
      env,
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("the next suggestions");
    expect(first.stdout).toContain("Got it: 👍 Alien (1979), 👎 Titanic (1997)");
    expect(first.stdout).toContain("Got it: 👎 The English Patient (1996)");
    expect(first.stdout).not.toContain("this line is never read");

    const second = await runCli(["chat"], { input: "profile\nreset\nyes\nprofile\n", env });
    expect(second.stdout).toContain("Are you sure?");
    expect(second.stdout).toContain("👍 Liked: Alien (1979)");
    expect(second.stdout).toMatch(/👎 Disliked: .*Titanic \(1997\)/);
    expect(second.stdout).toContain("I've forgotten everything about you");
    expect(second.stdout).toContain("I don't know your taste yet");
    // End of input ends the chat like `quit` does.
    expect(second.stdout.trimEnd().endsWith("Bye! Enjoy the film. 🍿")).toBe(true);
  });

  test("a line with no film gets a helpful answer, a hello the welcome, and the chat goes on", async () => {
    const r = await runCli(["chat"], { input: "I was up late and it was fun\nhello there\nI loved Heat\n" });
    expect(r.stdout).toContain("I couldn't find a film title in that");
    // The terminal's own welcome: typed words, not any platform's commands.
    expect(r.stdout).toContain("Tell me three films you love");
    expect(r.stdout).toContain("Say `help` to see everything I understand.");
    expect(listedFilms(r.stdout)).toHaveLength(10);
  });
});

describe("terminal adapter in-process", () => {
  test("handles lines strictly in order, even when they arrive at once", async () => {
    const { store, matinee } = await memoryMatinee();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (d: Buffer) => {
      text += d.toString();
    });
    input.end("I loved Toy Story\nmore\nprofile\n");
    await runTerminalChat({ matinee, input, output, userId: "tester", interactive: false });
    const firstList = text.indexOf("Here are some films");
    const moreList = text.indexOf("More films you might like");
    const profile = text.indexOf("👍 Liked: Toy Story (1995)");
    expect(firstList).toBeGreaterThan(0);
    expect(moreList).toBeGreaterThan(firstList);
    expect(profile).toBeGreaterThan(moreList);
    const films = listedFilms(text);
    expect(films).toHaveLength(20);
    expect(new Set(films.map((f) => `${f.title} ${f.year}`)).size).toBe(20);
    expect((await store.get("terminal:tester"))?.profile.liked.map((e) => e.movieId)).toEqual([1]);
  });
});

describe("a whole conversation in the terminal, every intent", () => {
  test("films, tastes, refinements, feedback, a correction, a movie night, profile, forget", async () => {
    const { store, matinee } = await memoryMatinee();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = "";
    output.on("data", (d: Buffer) => {
      text += d.toString();
    });
    const lines = [
      "I loved Planet of the Apes and Alien, not a fan of musicals",
      "no, I meant the 2001 one",
      "more like Heat",
      "seen #2",
      "something newer",
      "more 80s stuff",
      "what should I watch tonight?",
      "profile",
      "/user ann",
      "I loved Toy Story and Finding Nemo",
      "movie night with tester",
      "/user tester",
      "movie night with ann",
      "forget me",
      "2",
      "help",
    ];
    input.end(`${lines.join("\n")}\n`);
    await runTerminalChat({ matinee, input, output, userId: "tester", interactive: false });
    // Every line got an answer, in order.
    let at = 0;
    for (const line of lines) {
      const next = text.indexOf(`you › ${line}`, at);
      expect(next, line).toBeGreaterThanOrEqual(at);
      at = next;
    }
    const turn = (line: string) => {
      const start = text.indexOf(`you › ${line}`);
      const end = text.indexOf("you › ", start + 1);
      return text.slice(start, end === -1 ? undefined : end);
    };
    expect(turn("I loved Planet")).toMatch(/did you mean Planet of the Apes \(\d{4}\) or Planet of the Apes/);
    expect(turn("I loved Planet")).toContain("👎 musical");
    expect(turn("I loved Planet")).toMatch(/\[1\] Planet of the Apes \(\d{4}\) {3}\[2\] Planet of the Apes/);
    expect(turn("no, I meant")).toContain("Got it: 👍 Planet of the Apes (2001)");
    expect(turn("more like Heat")).toContain("Films like Heat (1995):");
    expect(turn("seen #2")).toContain("Marked as seen: 👀");
    expect(turn("something newer")).toContain("Newer films (after ");
    expect(turn("more 80s stuff")).toContain("Here are 1980s picks for you:");
    for (const f of listedFilms(turn("more 80s stuff"))) expect(Math.floor(f.year / 10)).toBe(198);
    expect(listedFilms(turn("what should I watch tonight?")).length).toBeGreaterThan(0);
    expect(turn("profile")).toContain("👍 Liked: Alien (1979), Planet of the Apes (2001)");
    expect(turn("profile")).toContain("Not into: musical");
    expect(turn("/user ann")).toContain("Now chatting as ann.");
    expect(turn("movie night with ann")).toContain("Movie night for you and ann");
    expect(turn("movie night with ann")).toMatch(/you: .+ · ann: /);
    // "2" pressed the second button under the forget question: Cancel.
    expect(turn("forget me")).toContain("[1] Yes, forget me   [2] Cancel");
    expect(turn("2")).toContain("Kept everything.");
    expect(turn("help")).toContain("more like <title>");
    expect((await store.get("terminal:tester"))?.profile.liked.map((e) => e.movieId)).toEqual([1214, 4643]);
    expect((await store.get("terminal:ann"))?.profile.liked).toHaveLength(2);
  });
});
