import { type Translator, translator } from "../i18n/i18n.ts";
import type { Reply } from "../reply/reply.ts";

/**
 * What works by typing wherever the bot listens (a DM, a mention, the terminal): what to type,
 * and the message id of what it does. The typed words are the same in every language (the
 * reader understands them; `language ko`, "한국어로" as well).
 */
export const TYPED: readonly (readonly [string, string])[] = [
  ["more", "typed-more"],
  ["more like <title>", "typed-more-like"],
  ["something newer / older / lighter", "typed-steer"],
  ["more 80s stuff, anything with Tom Hanks, no horror", "typed-narrow"],
  ["seen it / seen #3", "typed-seen"],
  ["save #2", "typed-save"],
  ["region DE", "typed-region"],
  ["close vote", "typed-close-vote"],
];

/** Words only the terminal types: chat platforms have a command for each. */
const TERMINAL_ONLY: readonly (readonly [string, string])[] = [
  ["movie night with <names>", "typed-movie-night"],
  ["movie night with everyone", "typed-movie-night-everyone"],
  ["vote 2", "typed-vote"],
  ["import", "typed-import"],
  ["language en / ko", "typed-language"],
  ["profile", "typed-profile"],
  ["reset", "typed-reset"],
  ["help", "typed-help"],
];

/** Lines of "  what to type   what it does", aligned; a line too long to align goes on its own. */
export function typedLines(rows: readonly (readonly [string, string])[], width = 24): string[] {
  return rows.map(([typed, does]) =>
    typed.length < width ? `  ${typed.padEnd(width)} ${does}` : `  ${typed}: ${does}`,
  );
}

const said = (tr: Translator, rows: readonly (readonly [string, string])[]) =>
  rows.map(([typed, id]) => [typed, tr.t(id)] as const);

/** The first hello, before any platform says how its commands work. */
export function welcomeIntro(tr: Translator = translator()): string {
  return [tr.t("welcome-1"), tr.t("welcome-2"), tr.t("welcome-3")].join("\n");
}

/**
 * The end of a chat platform's help: the example sentence, what can be typed (`code`), the
 * platform's line on buttons and reactions, and TMDB's notice.
 */
export function typedHelpTail(feedback: string, tr: Translator = translator()): string[] {
  return [
    tr.t("help-example"),
    ...said(tr, TYPED).map(([typed, does]) => `\`${typed}\` — ${does}`),
    "",
    feedback,
    "",
    tr.t("help-attribution"),
  ];
}

/** The terminal's help: every typed word. */
export function helpText(tr: Translator = translator()): string {
  return [
    tr.t("help-intro"),
    `  ${tr.t("help-example")}`,
    tr.t("help-outro"),
    "",
    ...typedLines(said(tr, [...TYPED, ...TERMINAL_ONLY])),
    "",
    tr.t("help-attribution"),
  ].join("\n");
}

export function welcomeText(tr: Translator = translator()): string {
  return `${welcomeIntro(tr)}\n\n${tr.t("welcome-say-help")}`;
}

/** The English help and welcome (the terminal's wording, as tests and docs quote it). */
export const HELP_TEXT = helpText();
export const WELCOME_TEXT = welcomeText();

/** "help", `/help`: what can be said. */
export function help(tr: Translator = translator()): Reply[] {
  return [{ text: helpText(tr), topic: "help" }];
}

/** Someone new said hello: how to start, with an example. */
export function welcome(tr: Translator = translator()): Reply[] {
  return [{ text: welcomeText(tr), topic: "welcome" }];
}
