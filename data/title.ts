/**
 * MovieLens writes titles library-style: "Godfather, The (1972)", with other names in
 * parentheses: "Seven (a.k.a. Se7en) (1995)", "Postman, The (Postino, Il) (1994)".
 * These helpers turn them back into what people write.
 */

// Articles MovieLens moves to the end, in the languages its catalogue uses. Only a
// trailing ", I" counts ("Vitelloni, I" → "I Vitelloni"), so "I, Robot" is safe.
const TRAILING_ARTICLES = [
  "The",
  "A",
  "An",
  "Les",
  "La",
  "Le",
  "L'",
  "Il",
  "I",
  "Lo",
  "Gli",
  "Un",
  "Une",
  "Uno",
  "Una",
  "El",
  "Los",
  "Las",
  "Das",
  "Der",
  "Die",
  "Ein",
  "Eine",
  "Den",
  "Det",
  "De",
  "Het",
  "En",
  "Ett",
  "O",
  "Os",
];
const ARTICLE_SUFFIX = new RegExp(`^(.+), (${TRAILING_ARTICLES.map(escapeRegExp).join("|")})$`);
const YEAR_SUFFIX = /\s*\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\)\s*$/;
const PAREN_SUFFIX = /\s*\(([^()]+)\)\s*$/;
const AKA_PREFIX = /^(?:a\.k\.a\.?|aka)\s+/i;

export interface ParsedTitle {
  title: string;
  year: number | null;
  altTitles: string[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "Godfather, The" → "The Godfather"; "Avventura, L'" → "L'Avventura". */
export function restoreArticle(title: string): string {
  const m = ARTICLE_SUFFIX.exec(title.trim());
  if (!m) return title.trim();
  const [, rest, article] = m as unknown as [string, string, string];
  return article.endsWith("'") ? `${article}${rest}` : `${article} ${rest}`;
}

export function parseMovieLensTitle(raw: string): ParsedTitle {
  let rest = raw.trim();
  let year: number | null = null;
  const yearMatch = YEAR_SUFFIX.exec(rest);
  if (yearMatch && yearMatch.index > 0) {
    year = Number(yearMatch[1]);
    rest = rest.slice(0, yearMatch.index);
  }
  // Peel trailing parenthesised names from the right; each is another title of the film.
  const alternatives: string[] = [];
  for (let m = PAREN_SUFFIX.exec(rest); m && m.index > 0; m = PAREN_SUFFIX.exec(rest)) {
    alternatives.unshift(restoreArticle((m[1] ?? "").replace(AKA_PREFIX, "")));
    rest = rest.slice(0, m.index);
  }
  const title = restoreArticle(rest);
  const altTitles = [...new Set(alternatives.filter((a) => a.length > 0 && a !== title))];
  return { title, year, altTitles };
}

/** MovieLens genre field "Crime|Drama" → ["Crime", "Drama"]; "(no genres listed)" → []. */
export function parseGenres(field: string): string[] {
  return field
    .split("|")
    .map((g) => g.trim())
    .filter((g) => g.length > 0 && g !== "(no genres listed)");
}
