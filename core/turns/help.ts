import type { Reply } from "../reply/reply.ts";

/** What works by typing wherever the bot listens (a DM, a mention, the terminal): what to type, what it does. */
export const TYPED: readonly (readonly [string, string])[] = [
  ["more", "the next suggestions"],
  ["more like <title>", "films like one film"],
  ["something newer / older / lighter", "steer the list"],
  ["more 80s stuff, anything with Tom Hanks, no horror", "narrow it"],
  ["seen it / seen #3", "I've seen that one (#n: its place in the list)"],
  ["save #2", "keep it on my watchlist"],
  ["region DE", "your country, for where-to-watch"],
  ["close vote", "end a movie night's vote now (the one who asked for it)"],
];

/** Words only the terminal types: chat platforms have a command for each. */
const TERMINAL_ONLY: readonly (readonly [string, string])[] = [
  ["movie night with <names>", "one list for several people, then a vote on its top films"],
  ["movie night with everyone", "the same, with everyone who opted in here"],
  ["vote 2", "vote for film 2 of the open vote"],
  ["import", "bring in your Letterboxd or IMDb history (send the export file)"],
  ["profile", "what I know about your taste"],
  ["reset", "forget everything about you"],
  ["help", "this message"],
];

/** A sentence as people write it, to show that films are named in plain words. */
export const EXAMPLE_SENTENCE = '"I loved The Godfather and Heat, not a fan of musicals"';

/** TMDB's terms require this notice wherever its data is shown. */
export const ATTRIBUTION =
  "Film data: MovieLens (GroupLens) and TMDB. This product uses the TMDB API but is not endorsed or certified by TMDB.";

/** The first hello, before any platform says how its commands work. */
export const WELCOME_INTRO = [
  "🎬 Hi, I'm Matinee. Tell me three films you love, in your own words, for example:",
  "“I love The Godfather, Heat and Alien”",
  "and I'll suggest what to watch next, with the reason for each.",
].join("\n");

/** Lines of "  what to type   what it does", aligned; a line too long to align goes on its own. */
export function typedLines(rows: readonly (readonly [string, string])[], width = 24): string[] {
  return rows.map(([typed, does]) =>
    typed.length < width ? `  ${typed.padEnd(width)} ${does}` : `  ${typed}: ${does}`,
  );
}

/**
 * The end of a chat platform's help: the example sentence, what can be typed (`code`), the
 * platform's line on buttons and reactions, and TMDB's notice.
 */
export function typedHelpTail(feedback: string): string[] {
  return [
    EXAMPLE_SENTENCE,
    ...TYPED.map(([typed, does]) => `\`${typed}\` — ${does}`),
    "",
    feedback,
    "",
    ATTRIBUTION,
  ];
}

export const HELP_TEXT = [
  "Tell me films you love (or didn't), in your own words:",
  `  ${EXAMPLE_SENTENCE}`,
  "and I'll suggest what to watch next, with the reason for each.",
  "",
  ...typedLines([...TYPED, ...TERMINAL_ONLY]),
  "",
  ATTRIBUTION,
].join("\n");

export const WELCOME_TEXT = `${WELCOME_INTRO}\n\nSay \`help\` to see everything I understand.`;

/** "help", `/help`: what can be said. */
export function help(): Reply[] {
  return [{ text: HELP_TEXT, topic: "help" }];
}

/** Someone new said hello: how to start, with an example. */
export function welcome(): Reply[] {
  return [{ text: WELCOME_TEXT, topic: "welcome" }];
}
