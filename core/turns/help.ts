import type { Reply } from "../reply/reply.ts";

export const HELP_TEXT = [
  "Tell me films you love (or didn't), in your own words:",
  '  "I loved The Godfather and Heat, not a fan of musicals"',
  "and I'll suggest what to watch next, with the reason for each.",
  "",
  "  more                   the next suggestions",
  "  more like <title>      films like one film",
  "  something newer / older / lighter",
  "  more 80s stuff, anything with Tom Hanks, no horror",
  "  seen it / seen #3      I've seen that one (#n: its place in the list)",
  "  save #2                keep it on my watchlist",
  "  movie night with <names>  one list for several people",
  "  import                 bring in your Letterboxd or IMDb history (send the export file)",
  "  profile                what I know about your taste",
  "  reset                  forget everything about you",
  "  help                   this message",
  "",
  "Film data: MovieLens (GroupLens) and TMDB. This product uses the TMDB API but is not endorsed or certified by TMDB.",
].join("\n");

/** "help", `/help`: what can be said. */
export function help(): Reply[] {
  return [{ text: HELP_TEXT }];
}
