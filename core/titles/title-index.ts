import type { Catalogue } from "../catalogue.ts";
import { normalizeTitle } from "./normalize.ts";

const LEADING_ARTICLE = /^(the|a|an) /;

/**
 * Exact lookup of normalised titles (display, alternative, and without a leading article)
 * to catalogue items. Prefixes are kept so a scan over a message can stop extending a
 * span as soon as no title starts that way.
 */
export class TitleIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly prefixes = new Set<string>();

  constructor(readonly catalogue: Catalogue) {
    catalogue.movies.forEach((movie, item) => {
      for (const name of [movie.title, ...movie.altTitles]) {
        const key = normalizeTitle(name);
        this.add(key, item);
        const bare = key.replace(LEADING_ARTICLE, "");
        if (bare !== key) this.add(bare, item);
      }
    });
  }

  private add(key: string, item: number): void {
    if (!key) return;
    const items = this.byKey.get(key);
    if (!items) this.byKey.set(key, [item]);
    else if (!items.includes(item)) items.push(item);
    const words = key.split(" ");
    for (let n = 1; n <= words.length; n++) this.prefixes.add(words.slice(0, n).join(" "));
  }

  /** Items whose title normalises to `key`. */
  lookup(key: string): readonly number[] {
    return this.byKey.get(key) ?? [];
  }

  isPrefix(key: string): boolean {
    return this.prefixes.has(key);
  }
}
