import type { Catalogue } from "../catalogue.ts";
import { boundedEditDistance } from "../titles/edit-distance.ts";
import type { TitleMatcher } from "../titles/find-titles.ts";
import { SUBTITLE_PENALTY, titleForms } from "../titles/title-index.ts";
import type { History, HistoryFilm } from "./history.ts";
import { isNotAFilm } from "./imdb.ts";

/** A film of the export and the catalogue film it is. */
export interface MatchedFilm {
  movieId: number;
  film: HistoryFilm;
  /** How it was found: IMDb id through MovieLens links, or title and year. */
  by: "imdb" | "title";
}

export interface HistoryMatch {
  matched: MatchedFilm[];
  /** Films with no confident match, in file order. */
  unmatched: HistoryFilm[];
  /** IMDb rows that are no film at all (TV series, episodes, games) and matched nothing. */
  skipped: number;
}

/** The catalogue's titles as exact keys, and its IMDb ids; built once per catalogue. */
interface ImportIndex {
  byImdb: Map<number, number>;
  /** Every full written form of every title (article dropped, numbers both ways), squashed. */
  byTitle: Map<string, number[]>;
  /**
   * Each part of a title between colons and dashes ("star wars", "episode5", "the empire
   * strikes back" for "Star Wars: Episode V - The Empire Strikes Back"), squashed.
   */
  byPart: Map<string, number[]>;
}

/** A title's words run together: "Spider-Man", "Spiderman" and "Spider Man" meet as "spiderman". */
const squash = (words: readonly string[]) => words.join("");

/** Where a title splits into parts, as the title engine splits off subtitles. */
const PART_BREAK = /\s*(?::|\s[-–—]\s)\s*/;
/** A part shorter than this ("Or", "II") says too little to match on its own. */
const MIN_PART_LETTERS = 4;

/**
 * A title's full written forms ("II" or "2", "Part 2" or "2"), squashed. Unlike chat, the
 * article counts: an export writes the title as published, and "The Heat" is not "Heat".
 */
function keysOf(title: string): string[] {
  // The whole title's forms only: a subtitle alone ("Jurassic Park" of "The Lost World:
  // Jurassic Park") is the engine's weaker reading, and rule 4 below weighs parts itself.
  return titleForms(title)
    .filter((form) => form.penalty < SUBTITLE_PENALTY && !form.articleDropped)
    .map((form) => squash(form.words));
}

interface Part {
  text: string;
  forms: Set<string>;
}

/** A title's parts between colons and dashes, each with its written forms. */
function partsOf(title: string): Part[] {
  return title
    .split(PART_BREAK)
    .map((text) => ({ text: text.trim(), forms: new Set(keysOf(text)) }))
    .filter((p) => p.forms.size > 0);
}

/** "Episode V", "Part 2", "Chapter III": a part that only numbers a film in its series. */
const SERIES_NUMBER = /^(?:episode|part|chapter|vol\.?|volume)\s+(?:\d+|[ivxlc]+)$/i;

/**
 * The row's parts are the film's parts with subtitles left out, in order: "Star Wars" or
 * "Borat" for the film's main title and subtitles. Parts before the row's first may only be
 * left out up to a series number, so "The Empire Strikes Back" is "Star Wars: Episode V -
 * The Empire Strikes Back" but "Jurassic Park" is not "The Lost World: Jurassic Park". A part
 * merely shared ("Star Trek: Generations", "Star Trek: Insurrection") is never enough.
 */
function partsWithin(row: readonly Part[], film: readonly Part[]): boolean {
  if (row.length >= film.length) return false;
  const same = (a: Part, b: Part) => [...a.forms].some((k) => b.forms.has(k));
  let j = 0;
  for (const [i, part] of row.entries()) {
    while (j < film.length && !same(part, film[j]!)) j++;
    if (j === film.length) return false;
    if (i === 0 && j > 0 && !SERIES_NUMBER.test(film[j - 1]!.text)) return false;
    j++;
  }
  return true;
}

const indexes = new WeakMap<Catalogue, ImportIndex>();

function indexOf(catalogue: Catalogue): ImportIndex {
  const known = indexes.get(catalogue);
  if (known) return known;
  const byImdb = new Map<number, number>();
  const byTitle = new Map<string, number[]>();
  const byPart = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, movieId: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [movieId]);
    else if (!list.includes(movieId)) list.push(movieId);
  };
  for (const movie of catalogue.movies) {
    const imdb = imdbNumber(movie.imdbId);
    if (imdb !== undefined) byImdb.set(imdb, movie.movieId);
    for (const name of [movie.title, ...movie.altTitles]) {
      for (const key of keysOf(name)) add(byTitle, key, movie.movieId);
      const parts = partsOf(name);
      if (parts.length > 1)
        for (const { forms } of parts)
          for (const key of forms)
            if (key.replace(/\d/g, "").length >= MIN_PART_LETTERS) add(byPart, key, movie.movieId);
    }
  }
  const index = { byImdb, byTitle, byPart };
  indexes.set(catalogue, index);
  return index;
}

/** "tt0111161" and "tt111161" are the same title: compare the number (MovieLens pads to 7 digits). */
function imdbNumber(id: string | undefined): number | undefined {
  const m = /^tt(\d+)$/.exec(id ?? "");
  return m ? Number(m[1]) : undefined;
}

/** Years a release can differ by between Letterboxd or IMDb and MovieLens (festival vs release). */
const YEAR_SLACK = 1;

/**
 * The one film among candidates that fits the year: the nearest year within the slack;
 * among films of the same title and that same year, the most rated (MovieLens lists a few
 * films twice). Without a year only a title that names a single film counts.
 */
function pickByYear(
  catalogue: Catalogue,
  candidates: readonly number[],
  year: number | null,
  slack: number,
): number | undefined {
  const ids = [...new Set(candidates)];
  if (year === null) return ids.length === 1 ? ids[0] : undefined;
  let best: number[] = [];
  let bestGap = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const y = catalogue.byId(id)?.year;
    if (y === null || y === undefined) continue;
    const gap = Math.abs(y - year);
    if (gap > slack) continue;
    if (gap < bestGap) {
      bestGap = gap;
      best = [id];
    } else if (gap === bestGap) best.push(id);
  }
  return best.sort((a, b) => catalogue.popularity(b) - catalogue.popularity(a) || a - b)[0];
}

/** A sequel is no typo: "Mission: Impossible" and "Mission: Impossible II" differ in their numbers. */
const sameNumbers = (a: string, b: string) => a.replace(/\D/g, "") === b.replace(/\D/g, "");

/** Typos a whole squashed title may differ by and still be the same film: none in short titles. */
function slackLetters(length: number): number {
  if (length < 10) return 0;
  if (length < 20) return 1;
  return 2;
}

/**
 * The catalogue film an export row names, or undefined when none is a confident match:
 * 1. its IMDb id, through MovieLens links;
 * 2. a written form of its title equal to one of a film's (any case, punctuation, article,
 *    "II" or "2"), with the year within one;
 * 3. the title engine's reading of "Title (Year)", kept only when the film's year is within
 *    one and its title differs by at most a typo or two in a long title;
 * 4. the two titles sharing a part between colons and dashes ("Star Wars" or "The Empire
 *    Strikes Back" for "Star Wars: Episode V - The Empire Strikes Back"), only with the very
 *    same year and a single such film.
 */
function matchOne(
  film: HistoryFilm,
  catalogue: Catalogue,
  titles: TitleMatcher,
  index: ImportIndex,
): MatchedFilm | undefined {
  const imdb = imdbNumber(film.imdbId);
  const byId = imdb === undefined ? undefined : index.byImdb.get(imdb);
  if (byId !== undefined) return { movieId: byId, film, by: "imdb" };
  // A series or an episode may share a film's name and year; only its IMDb id could place it.
  if (isNotAFilm(film.titleType)) return undefined;
  const full = keysOf(film.title);
  if (full.length === 0) return undefined;
  const exact = pickByYear(
    catalogue,
    full.flatMap((k) => index.byTitle.get(k) ?? []),
    film.year,
    YEAR_SLACK,
  );
  if (exact !== undefined) return { movieId: exact, film, by: "title" };
  if (film.year === null) return undefined;

  const read = titles.resolve(`${film.title} (${film.year})`);
  const movie = read ? catalogue.byId(read.movieId) : undefined;
  if (movie && movie.year !== null && Math.abs(movie.year - film.year) <= YEAR_SLACK) {
    const wanted = full[0]!;
    const allowed = slackLetters(wanted.length);
    const close = [movie.title, ...movie.altTitles]
      .flatMap((name) => keysOf(name))
      .some((key) => sameNumbers(wanted, key) && boundedEditDistance(wanted, key, allowed) <= allowed);
    if (close) return { movieId: movie.movieId, film, by: "title" };
  }

  const rowParts = partsOf(film.title);
  const sameYear = [...(rowParts[0]?.forms ?? [])]
    .flatMap((k) => index.byPart.get(k) ?? [])
    .filter((id) => {
      const movie = catalogue.byId(id);
      return (
        movie?.year === film.year &&
        [movie.title, ...movie.altTitles].some((name) => partsWithin(rowParts, partsOf(name)))
      );
    });
  const unique = [...new Set(sameYear)];
  return unique.length === 1 ? { movieId: unique[0]!, film, by: "title" } : undefined;
}

/** Matches every film of an export against the catalogue; pure, the title engine passed in. */
export function matchHistory(history: History, catalogue: Catalogue, titles: TitleMatcher): HistoryMatch {
  const index = indexOf(catalogue);
  const matched: MatchedFilm[] = [];
  const unmatched: HistoryFilm[] = [];
  let skipped = 0;
  for (const film of history.films) {
    const m = matchOne(film, catalogue, titles, index);
    if (m) matched.push(m);
    else if (isNotAFilm(film.titleType)) skipped++;
    else unmatched.push(film);
  }
  return { matched, unmatched, skipped };
}
