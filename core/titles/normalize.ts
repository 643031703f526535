/** A word of a message or a title, as written and in the form the index compares. */
export interface Token {
  /** Lower-case, accents and apostrophes removed, "&" → "and". */
  norm: string;
  raw: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|&/gu;

// Titles and messages repeat their words: building the index normalises ~40k words, most
// of them seen before. Cleared when full, so odd input cannot grow it without bound.
const normalized = new Map<string, string>();

export function normalizeWord(word: string): string {
  if (word === "&") return "and";
  let norm = normalized.get(word);
  if (norm === undefined) {
    norm = word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’]/g, "");
    if (normalized.size >= 50_000) normalized.clear();
    normalized.set(word, norm);
  }
  return norm;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const norm = normalizeWord(m[0]);
    if (norm) tokens.push({ norm, raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** The comparable form of a whole title: "Godfather: Part II" → "godfather part ii". */
export function normalizeTitle(title: string): string {
  return tokenize(title)
    .map((t) => t.norm)
    .join(" ");
}

// Roman numerals from II up: sequels are written both ways ("Rocky IV", "rocky 4"). A lone
// "I" stays a pronoun.
const ROMAN = ["ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"];
const ROMAN_VALUE = new Map(ROMAN.map((r, i) => [r, String(i + 2)]));

// Written short in chat: "mockingjay pt 2".
const SHORT_FORMS = new Map([["pt", "part"]]);

/** The form the title index compares: a normalised word with roman numerals as digits. */
export function canonicalWord(norm: string): string {
  return ROMAN_VALUE.get(norm) ?? SHORT_FORMS.get(norm) ?? norm;
}

/** Canonical words of a title or a query, in order. */
export function canonicalWords(text: string): string[] {
  return tokenize(text).map((t) => canonicalWord(t.norm));
}
