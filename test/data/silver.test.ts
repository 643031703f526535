import { describe, expect, test } from "vitest";
import { RatingsBuilder, type RawDataset } from "../../data/raw.ts";
import { buildSilverMovies } from "../../data/silver.ts";
import type { TmdbRecord, TmdbTable } from "../../data/tmdb.ts";

function raw(partial: Partial<RawDataset>): RawDataset {
  return {
    movies: [],
    ratings: new RatingsBuilder().build(),
    tags: [],
    links: [],
    files: [],
    ...partial,
  };
}

function tmdbTable(records: TmdbRecord[]): TmdbTable {
  const byTmdbId = new Map(records.map((r) => [r.tmdbId, r]));
  const byImdbId = new Map(records.flatMap((r) => (r.imdbId ? [[r.imdbId, r] as const] : [])));
  return { byTmdbId, byImdbId, files: [], malformedRows: 0 };
}

describe("buildSilverMovies", () => {
  test("parses titles and genres and joins links", () => {
    const movies = buildSilverMovies(
      raw({
        movies: [
          { movieId: 858, title: "Godfather, The (1972)", genres: "Crime|Drama" },
          { movieId: 47, title: "Seven (a.k.a. Se7en) (1995)", genres: "Mystery|Thriller" },
          { movieId: 5, title: "Black Mirror", genres: "(no genres listed)" },
        ],
        links: [
          { movieId: 858, imdbId: "tt0068646", tmdbId: 238 },
          { movieId: 47, imdbId: "tt0114369" },
        ],
      }),
    );
    expect(movies).toEqual([
      {
        movieId: 858,
        title: "The Godfather",
        year: 1972,
        altTitles: [],
        genres: ["Crime", "Drama"],
        imdbId: "tt0068646",
        tmdbId: 238,
      },
      {
        movieId: 47,
        title: "Seven",
        year: 1995,
        altTitles: ["Se7en"],
        genres: ["Mystery", "Thriller"],
        imdbId: "tt0114369",
      },
      { movieId: 5, title: "Black Mirror", year: null, altTitles: [], genres: [] },
    ]);
  });

  test("joins TMDB metadata by tmdbId, falling back to imdbId", () => {
    const tmdb = tmdbTable([
      {
        tmdbId: 238,
        imdbId: "tt9999999",
        overview: "Spanning the years 1945 to 1955.",
        keywords: ["mafia"],
        cast: ["Marlon Brando", "Al Pacino"],
        director: "Francis Ford Coppola",
        posterPath: "/godfather.jpg",
      },
      { tmdbId: 807, imdbId: "tt0114369", posterPath: "/se7en.jpg" },
      { tmdbId: 1, imdbId: "tt0000001", overview: "Not linked to anything." },
    ]);
    const movies = buildSilverMovies(
      raw({
        movies: [
          { movieId: 858, title: "Godfather, The (1972)", genres: "Crime|Drama" },
          { movieId: 47, title: "Seven (a.k.a. Se7en) (1995)", genres: "Mystery|Thriller" },
          { movieId: 2, title: "Jumanji (1995)", genres: "Adventure" },
        ],
        links: [
          { movieId: 858, imdbId: "tt0068646", tmdbId: 238 },
          { movieId: 47, imdbId: "tt0114369" },
          { movieId: 2, imdbId: "tt0113497", tmdbId: 8844 },
        ],
      }),
      tmdb,
    );
    expect(movies[0]).toMatchObject({
      movieId: 858,
      imdbId: "tt0068646",
      tmdbId: 238,
      overview: "Spanning the years 1945 to 1955.",
      keywords: ["mafia"],
      cast: ["Marlon Brando", "Al Pacino"],
      director: "Francis Ford Coppola",
      posterPath: "/godfather.jpg",
    });
    expect(movies[1]?.posterPath).toBe("/se7en.jpg");
    expect(movies[1]).not.toHaveProperty("tmdbId");
    expect(movies[2]).toEqual({
      movieId: 2,
      title: "Jumanji",
      year: 1995,
      altTitles: [],
      genres: ["Adventure"],
      imdbId: "tt0113497",
      tmdbId: 8844,
    });
  });

  test("top tags are lower-cased, most frequent first, ties alphabetical, at most 10", () => {
    const tags = [
      ...["Mafia", "mafia", "MAFIA", "classic", "Classic", "Al Pacino", "crime"],
      ...["a", "b", "c", "d", "e", "f", "g", "h"],
    ].map((tag) => ({ movieId: 858, tag }));
    const movies = buildSilverMovies(
      raw({
        movies: [
          { movieId: 858, title: "Godfather, The (1972)", genres: "Crime|Drama" },
          { movieId: 1, title: "Toy Story (1995)", genres: "Comedy" },
        ],
        tags: [...tags, { movieId: 1, tag: "Pixar" }, { movieId: 404, tag: "orphan" }],
      }),
    );
    expect(movies[0]?.tags).toEqual(["mafia", "classic", "a", "al pacino", "b", "c", "crime", "d", "e", "f"]);
    expect(movies[1]?.tags).toEqual(["pixar"]);
    expect(movies).toHaveLength(2);
  });

  test("duplicate and non-integer movieIds are dropped; the first row wins", () => {
    const movies = buildSilverMovies(
      raw({
        movies: [
          { movieId: 1, title: "Toy Story (1995)", genres: "Comedy" },
          { movieId: 1, title: "Toy Story again (2000)", genres: "Drama" },
          { movieId: Number.NaN, title: "Broken", genres: "" },
          { movieId: 2, title: "Jumanji (1995)", genres: "Adventure" },
        ],
      }),
    );
    expect(movies.map((m) => [m.movieId, m.title])).toEqual([
      [1, "Toy Story"],
      [2, "Jumanji"],
    ]);
  });
});
