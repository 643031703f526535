/** A word of a message or a title, as written and in the form the index compares. */
export interface Token {
  /** Lower-case, accents and apostrophes removed, "&" → "and". */
  norm: string;
  raw: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|&/gu;

export function normalizeWord(word: string): string {
  if (word === "&") return "and";
  return word.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’]/g, "");
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
