import { Catalogue } from "../../core/catalogue.ts";
import type { Movie } from "../../core/movie.ts";

const m = (
  movieId: number,
  title: string,
  year: number | null,
  genres: string[],
  altTitles: string[] = [],
): Movie => ({
  movieId,
  title,
  year,
  altTitles,
  genres,
});

/** A handful of films with the traps the title matcher must handle, and their rating counts. */
export const SMALL: [Movie, number][] = [
  [m(1, "The Godfather", 1972, ["Crime", "Drama"]), 190],
  [m(2, "Heat", 1995, ["Action", "Crime", "Thriller"]), 100],
  [m(3, "The Heat", 2013, ["Action", "Comedy", "Crime"]), 20],
  [m(4, "Seven", 1995, ["Mystery", "Thriller"], ["Se7en"]), 200],
  [m(5, "It", 1990, ["Horror"]), 5],
  [m(6, "It", 2017, ["Horror"]), 50],
  [m(7, "Alien", 1979, ["Horror", "Sci-Fi"]), 146],
  [m(8, "Titanic", 1997, ["Drama", "Romance"]), 140],
  [m(9, "Titanic", 1953, ["Action", "Drama"]), 6],
  [m(10, "Hate", 1995, ["Crime", "Drama"], ["La Haine"]), 10],
  [m(11, "The Worst Person in the World", 2021, ["Drama"]), 3],
  [m(12, "Up", 2009, ["Animation"]), 105],
  [m(13, "Fun", 1994, ["Crime"]), 1],
  [m(14, "The Godfather: Part II", 1974, ["Crime", "Drama"]), 129],
  [m(15, "Schindler's List", 1993, ["Drama", "War"]), 220],
  [m(16, "10 Things I Hate About You", 1999, ["Comedy", "Romance"]), 54],
];

export function smallCatalogue(): Catalogue {
  return new Catalogue(
    SMALL.map(([movie]) => movie),
    Float32Array.from(SMALL.map(([, n]) => n)),
  );
}
