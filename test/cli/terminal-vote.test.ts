// The movie night's vote at the terminal: the options numbered, "vote N" as whoever has the
// keyboard, "close vote" by the asker, the winner announced and seen for every member.
import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { runTerminalChat } from "../../adapters/terminal/terminal-chat.ts";
import { memoryMatinee } from "../helpers/app.ts";

async function chat(lines: string[]) {
  const { store, matinee } = await memoryMatinee();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (d: Buffer) => {
    text += d.toString();
  });
  input.end(`${lines.join("\n")}\n`);
  await runTerminalChat({ matinee, input, output, userId: "tester", interactive: false });
  /** The answer to the `nth` line typed as `line` (1-based). */
  const turn = (line: string, nth = 1) => {
    let start = -1;
    for (let i = 0; i < nth; i++) start = text.indexOf(`you › ${line}\n`, start + 1);
    if (start < 0) throw new Error(`no turn "${line}" #${nth} in:\n${text}`);
    const end = text.indexOf("you › ", start + 1);
    return text.slice(start, end === -1 ? undefined : end);
  };
  return { store, turn };
}

/** The numbered options under the vote: "    2) Title (Year)". */
const optionsOf = (text: string) => [...text.matchAll(/^ {4}(\d)\) (.+)$/gm)].map((m) => m[2]!);

describe("the terminal's movie-night vote", () => {
  test("options numbered, votes typed, the asker closes it: the most votes win and are seen by all", async () => {
    const { store, turn } = await chat([
      "I loved Toy Story and Finding Nemo",
      "/user ann",
      "I loved Alien and The Terminator",
      "movie night with tester",
      "/user tester",
      "movie night with ann",
      "vote 2",
      "/user ann",
      "vote 1",
      "vote 2",
      "close vote",
      "/user tester",
      "close vote",
      "vote 1",
      "movie night with ann",
    ]);
    const night = turn("movie night with ann");
    expect(night).toContain("🗳  Which film tonight? Movie night for tester and ann");
    const options = optionsOf(night);
    expect(options.length).toBeGreaterThanOrEqual(3);
    expect(options.length).toBeLessThanOrEqual(5);
    expect(turn("vote 2")).toContain(`tester votes for ${options[1]}.`);
    // Voting again changes one's vote: ann's counts once, for the second film.
    expect(turn("vote 2", 2)).toContain(`ann votes for ${options[1]}.`);
    // Only the asker closes it early.
    expect(turn("close vote")).toContain("Only tester");
    expect(turn("close vote", 2)).toContain(`Tonight: ${options[1]}, with 2 of 2 votes`);
    const seen = async (who: string) =>
      ((await store.get(`terminal:${who}`))?.profile.seen ?? []).map((e) => e.movieId);
    const mine = await seen("tester");
    expect(mine).toHaveLength(1);
    expect(await seen("ann")).toEqual(mine);
    // After the close no vote is open; the next movie night leaves the winner out.
    expect(turn("vote 1", 2)).toContain("No vote is open");
    const next = turn("movie night with ann", 2);
    expect(optionsOf(next)).not.toContain(options[1]);
    expect(next).not.toContain(` ${options[1]} · `);
  });
});
