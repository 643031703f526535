// The terminal conversation in each language Matinee speaks: the same turns, the same films,
// asserted through the catalogue (the expected sentence is the message in that language).
import { PassThrough } from "node:stream";
import { describe, expect, test } from "vitest";
import { runTerminalChat } from "../../adapters/terminal/terminal-chat.ts";
import { translator } from "../../core/i18n/i18n.ts";
import { HELP_TEXT } from "../../core/matinee.ts";
import { helpText } from "../../core/turns/help.ts";
import { memoryMatinee } from "../helpers/app.ts";

const LOCALE = { en: "en-US", ko: "ko-KR" } as const;

async function chat(lines: string[], locale: string) {
  const { store, matinee } = await memoryMatinee();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.on("data", (d: Buffer) => {
    text += d.toString();
  });
  input.end(`${lines.join("\n")}\n`);
  await runTerminalChat({ matinee, input, output, userId: "tester", interactive: false, locale });
  const turn = (line: string, nth = 1) => {
    let start = -1;
    for (let i = 0; i < nth; i++) start = text.indexOf(`you › ${line}\n`, start + 1);
    if (start < 0) throw new Error(`no turn "${line}" #${nth} in:\n${text}`);
    const end = text.indexOf("you › ", start + 1);
    return text.slice(start, end === -1 ? undefined : end);
  };
  return { store, turn, text };
}

const films = (text: string) => [...text.matchAll(/^\s*\d+\. (.+?) \((\d{4})\)/gm)].map((m) => m[1]!);
const optionsOf = (text: string) => [...text.matchAll(/^ {4}(\d)\) (.+)$/gm)].map((m) => m[2]!);

describe.each(["en", "ko"] as const)("the terminal chat in %s", (lang) => {
  const tr = translator(lang);

  test("greeting, films told, more, seen, profile, help, forget: every answer in the language", async () => {
    const { turn, text, store } = await chat(
      [
        "I loved The Godfather and Heat",
        "more",
        "seen #2",
        "profile",
        "help",
        "something newer",
        "region DE",
        "forget me",
        "yes",
      ],
      LOCALE[lang],
    );
    expect(text.startsWith(tr.t("term-greeting"))).toBe(true);
    const told = turn("I loved The Godfather and Heat");
    expect(told).toContain(tr.t("tell-got-it", { items: "👍 The Godfather (1972), 👍 Heat (1995)" }));
    expect(told).toContain(tr.t("list-intro"));
    const first = films(told);
    expect(first).toHaveLength(10);
    expect(first).not.toContain("Heat");
    // Titles stay as the catalogue has them; the reasons are in the language.
    expect(told).toContain(tr.t("reason-genre", { genre: lang === "en" ? "crime" : tr.t("genre-crime") }));
    const more = turn("more");
    expect(more).toContain(tr.t("list-intro-more"));
    for (const f of films(more)) expect(first).not.toContain(f);
    const second = films(more)[1]!;
    expect(turn("seen #2")).toContain(tr.t("feedback-seen", { films: `👀 ${second}` }).split(" (")[0]!);
    const profile = turn("profile");
    expect(profile).toContain(tr.t("profile-liked", { films: "The Godfather (1972), Heat (1995)" }));
    expect(profile).toContain(tr.t("profile-disliked", { films: tr.t("profile-none") }));
    expect(turn("help")).toContain(helpText(tr));
    if (lang === "en") expect(turn("help")).toContain(HELP_TEXT);
    expect(turn("something newer")).toMatch(
      new RegExp(tr.t("list-intro-newer", { year: "\\d{4}" }).replace(/[()]/g, "\\$&")),
    );
    expect(turn("region DE")).toContain(tr.t("region-saved-no-key", { region: "DE" }));
    expect(turn("forget me")).toContain(tr.t("forget-ask"));
    expect(turn("forget me")).toContain(`[1] ${tr.t("button-forget-yes")}   [2] ${tr.t("button-cancel")}`);
    expect(turn("yes")).toContain(tr.t("forget-done"));
    expect(text.trimEnd().endsWith(tr.t("term-bye"))).toBe(true);
    expect(await store.get("terminal:tester")).toBeUndefined();
  });

  test("movie night and its vote: question, votes, the close and the winner in the language", async () => {
    const { turn } = await chat(
      [
        "I loved Toy Story and Finding Nemo",
        "/user ann",
        "I loved Alien and The Terminator",
        "movie night with tester",
        "/user tester",
        "movie night with ann",
        "vote 2",
        "/user ann",
        "vote 2",
        "close vote",
        "/user tester",
        "close vote",
        "vote 1",
      ],
      LOCALE[lang],
    );
    expect(turn("/user ann")).toContain(tr.t("term-now-chatting", { user: "ann" }));
    const night = turn("movie night with ann");
    const you = tr.t("you");
    expect(night).toContain(tr.t("night-intro", { who: tr.t("list-and", { rest: you, last: "ann" }) }));
    expect(night).toContain(
      `🗳  ${tr.t("vote-question", { who: tr.t("list-and", { rest: "tester", last: "ann" }) })}`,
    );
    expect(night).toContain(tr.t("term-vote-how"));
    const options = optionsOf(night);
    expect(options.length).toBeGreaterThanOrEqual(3);
    expect(turn("vote 2")).toContain(tr.t("term-voted", { user: "tester", film: options[1]! }));
    expect(turn("close vote")).toContain(tr.t("vote-only-asker", { asker: "tester" }));
    const closed = turn("close vote", 2);
    expect(closed).toContain(tr.t("vote-closing"));
    expect(closed).toContain(tr.t("vote-winner", { title: options[1]!, votes: 2, total: 2 }));
    expect(closed).toContain(tr.t("reason-won", { votes: 2, total: 2 }));
    expect(turn("vote 1")).toContain(tr.t("term-no-vote"));
  });

  test("`language` switches, the answer in the new language, and the choice is kept over the locale", async () => {
    const other = lang === "en" ? "ko" : "en";
    const { turn, store } = await chat(
      ["language", `language ${other}`, "help", "language xx"],
      LOCALE[lang],
    );
    const ask = turn("language");
    expect(ask).toContain(tr.t("language-choose"));
    expect(ask).toContain(`[1] English   [2] 한국어`);
    expect(turn(`language ${other}`)).toContain(translator(other).t("language-set"));
    expect(turn("help")).toContain(helpText(translator(other)));
    expect((await store.get("terminal:tester"))?.language).toBe(other);
    expect(turn("language xx")).toContain(
      translator(other).t("language-unknown", { code: "xx", languages: "English (en), 한국어 (ko)" }),
    );
  });
});

describe("natural ways to ask for a language", () => {
  test.each([
    ["speak korean", "ko"],
    ["한국어로", "ko"],
    ["한국어로 말해 주세요", "ko"],
    ["영어로", "en"],
    ["in english please", "en"],
    ["/language ko", "ko"],
  ])("%s → %s", async (said, lang) => {
    const { turn, store } = await chat([lang === "en" ? "language ko" : "language en", said], "en-US");
    expect(turn(said)).toContain(translator(lang).t("language-set"));
    expect((await store.get("terminal:tester"))?.language).toBe(lang);
  });
});
