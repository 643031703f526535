import type { Catalogue } from "../catalogue.ts";
import { decadeOf, type Movie } from "../movie.ts";
import type { Preference } from "../profile/profile.ts";
import type { ListFilter } from "../store/store.ts";

const peopleCache = new WeakMap<Movie, ReadonlySet<string>>();

/**
 * Lower-cased names of the people a film is known for: cast, director, and names people
 * tagged it with. Kept per film: a person filter asks this of every film in the catalogue.
 */
export function peopleOf(movie: Movie): ReadonlySet<string> {
  let people = peopleCache.get(movie);
  if (!people) {
    people = new Set(
      [...(movie.cast ?? []), ...(movie.director ? [movie.director] : []), ...(movie.tags ?? [])].map((p) =>
        p.toLowerCase(),
      ),
    );
    peopleCache.set(movie, people);
  }
  return people;
}

const peopleIndexes = new WeakMap<Catalogue, ReadonlySet<string>>();

/**
 * Names the catalogue can find films for, so "with my brother" names nobody. Built once per
 * catalogue, when asked for (at start), not inside the first reply that names someone.
 */
export function peopleIndex(catalogue: Catalogue): (name: string) => boolean {
  let names = peopleIndexes.get(catalogue);
  if (!names) {
    names = new Set(catalogue.movies.flatMap((m) => [...peopleOf(m)]));
    peopleIndexes.set(catalogue, names);
  }
  const known = names;
  return (name) => known.has(name.toLowerCase());
}

const LIGHT = new Set(["Comedy", "Animation", "Children", "Musical"]);
const DARK = new Set(["Horror", "War", "Thriller", "Crime", "Film-Noir"]);

/** Does a film fit the list someone asked for ("more 80s stuff", "something lighter")? */
export function fitsFilter(movie: Movie, filter: ListFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.genre && !movie.genres.includes(filter.genre)) return false;
  if (filter.decade && decadeOf(movie.year) !== filter.decade) return false;
  if (filter.person && !peopleOf(movie).has(filter.person)) return false;
  if (filter.after !== undefined && (movie.year === null || movie.year <= filter.after)) return false;
  if (filter.before !== undefined && (movie.year === null || movie.year >= filter.before)) return false;
  if (filter.lighter && (!movie.genres.some((g) => LIGHT.has(g)) || movie.genres.some((g) => DARK.has(g))))
    return false;
  return true;
}

/** Genres, decades and people the person said they don't want: never recommended. */
export function fitsDislikes(movie: Movie, prefs: readonly Preference[]): boolean {
  for (const p of prefs) {
    if (p.sign > 0) continue;
    if (p.kind === "genre" && movie.genres.includes(p.value)) return false;
    if (p.kind === "decade" && decadeOf(movie.year) === p.value) return false;
    if (p.kind === "person" && peopleOf(movie).has(p.value)) return false;
  }
  return true;
}

/** The wanted genres, decades and people a film has (they lift it a little, and explain it). */
export function wantedIn(movie: Movie, prefs: readonly Preference[]): Preference[] {
  return prefs.filter(
    (p) =>
      p.sign > 0 &&
      ((p.kind === "genre" && movie.genres.includes(p.value)) ||
        (p.kind === "decade" && decadeOf(movie.year) === p.value) ||
        (p.kind === "person" && peopleOf(movie).has(p.value))),
  );
}
