import type { Catalogue } from "../catalogue.ts";
import { wordClass } from "./lexicon.ts";
import { type Token, tokenize } from "./normalize.ts";

/** A person named in a message, by the catalogue's own credits, and the films they are linked to. */
export interface NamedPerson {
  start: number;
  end: number;
  items: readonly number[];
}

const MAX_NAME_WORDS = 3;

/**
 * The people the catalogue links to its films: TMDB cast and director where the metadata
 * has them, and MovieLens tags that are a person's name ("robert de niro", "christopher
 * nolan": two or three words, the first a first name the lexicon knows). Each is found by
 * the full name or the surname ("de niro", "nolan"), so "cape fear with de niro" can pick
 * the 1991 film.
 */
export class PeopleIndex {
  private readonly films = new Map<string, number[]>();

  constructor(catalogue: Catalogue) {
    catalogue.movies.forEach((movie, item) => {
      const names = [...(movie.cast ?? []), ...(movie.director ? [movie.director] : [])];
      for (const tag of movie.tags ?? []) if (personLike(tag)) names.push(tag);
      for (const name of names) for (const key of keysOf(name)) this.link(key, item);
    });
  }

  private link(key: string, item: number): void {
    const list = this.films.get(key);
    if (!list) this.films.set(key, [item]);
    else if (!list.includes(item)) list.push(item);
  }

  get size(): number {
    return this.films.size;
  }

  /** Every run of tokens that is a known person's name or surname, longest first where they overlap. */
  namedIn(tokens: readonly Token[]): NamedPerson[] {
    const out: NamedPerson[] = [];
    if (this.films.size === 0) return out;
    for (let i = 0; i < tokens.length; i++) {
      for (let n = Math.min(MAX_NAME_WORDS, tokens.length - i); n >= 1; n--) {
        const words = tokens.slice(i, i + n);
        const key = words.map((t) => t.norm).join(" ");
        // "scorsese's the king of comedy": the possessive names the same person.
        const owner = /['’]s$/i.test(words[n - 1]!.raw) ? key.slice(0, -1) : undefined;
        const items = this.films.get(key) ?? (owner ? this.films.get(owner) : undefined);
        if (items) {
          out.push({ start: i, end: i + n, items });
          i += n - 1;
          break;
        }
      }
    }
    return out;
  }
}

/** "robert de niro", "steven spielberg": two or three words, a known first name, letters only. */
function personLike(tag: string): boolean {
  const words = tag.split(/\s+/);
  return (
    words.length >= 2 &&
    words.length <= MAX_NAME_WORDS &&
    words.every((w) => /^[a-z][a-z'.-]*$/.test(w)) &&
    wordClass(words[0]!) === "name"
  );
}

/** The full name, and the surname: the last word, or the last two after a particle ("de niro"). */
function keysOf(name: string): string[] {
  const words = tokenize(name).map((t) => t.norm);
  if (words.length === 0) return [];
  const keys = [words.join(" ")];
  const last = words[words.length - 1]!;
  const particle = words.length >= 3 ? words[words.length - 2]! : "";
  if (["de", "van", "von", "del", "di", "da", "le", "la"].includes(particle))
    keys.push(`${particle} ${last}`);
  // A surname that is also an everyday word ("movie" of a tag, "stone") would fire on chat.
  else if (last.length >= 4 && ["name", "rare"].includes(wordClass(last))) keys.push(last);
  return keys;
}
