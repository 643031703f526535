import { describe, expect, test } from "vitest";
import { Catalogue } from "../../core/catalogue.ts";
import { TitleEngine } from "../../core/titles/find-titles.ts";
import { subtitles, titleForms } from "../../core/titles/title-index.ts";
import { sharedApp } from "../helpers/app.ts";

const forms = (title: string) => titleForms(title).map((f) => f.words.join(" "));

describe("sequels and subtitles in the title forms", () => {
  test("a number word after a marker is a sequel number: 'Chapter Two' is '2'", () => {
    expect(forms("John Wick: Chapter Two")).toEqual(expect.arrayContaining(["john wick 2"]));
  });

  test("a subtitle alone is a form, weaker than the whole title", () => {
    const sith = titleForms("Star Wars: Episode III - Revenge of the Sith");
    const alone = sith.find((f) => f.words.join(" ") === "revenge of the sith");
    expect(alone?.penalty).toBeGreaterThan(0);
    expect(subtitles("Indiana Jones and the Temple of Doom")).toEqual(["Temple of Doom"]);
    expect(forms("Indiana Jones and the Temple of Doom")).toContain("temple of doom");
  });

  test("generic endings and bare sequel markers are no subtitle", () => {
    expect(subtitles("Twilight Zone: The Movie")).toEqual([]);
    expect(subtitles("Airplane II: The Sequel")).toEqual([]);
    expect(subtitles("John Wick: Chapter Two")).toEqual([]);
    // "Beauty" is no series name: one word before "and the".
    expect(subtitles("Beauty and the Beast")).toEqual([]);
  });

  test("a series is numbered by year where no title says the number", () => {
    const movie = (movieId: number, title: string, year: number) => ({
      movieId,
      title,
      year,
      altTitles: [],
      genres: [],
    });
    const engine = new TitleEngine(
      new Catalogue(
        [
          movie(1, "Wizard Quest and the Stone Door", 2001),
          movie(2, "Wizard Quest and the Glass Maze", 2003),
          movie(3, "Wizard Quest and the Last Tower", 2006),
          movie(4, "Rocky", 1976),
          movie(5, "Rocky II", 1979),
          movie(6, "Rocky Balboa", 2006),
        ],
        Float32Array.from([50, 40, 30, 60, 20, 10]),
      ),
    );
    const ids = (text: string) => engine.find(text).map((m) => m.movieId);
    expect(ids("I loved wizard quest 3")).toEqual([3]);
    expect(ids("I loved Wizard Quest 2")).toEqual([2]);
    // The title's own number wins: "rocky 2" is Rocky II, and nothing is invented past the series.
    expect(ids("I loved rocky 2")).toEqual([5]);
    expect(ids("I loved wizard quest 7")).toEqual([]);
  });
});

describe("sequels by number and subtitle on the real catalogue", async () => {
  const app = await sharedApp();
  const find = (text: string) => app.titles.find(text).map((x) => x.movieId);

  test("by number, through the catalogue's own titles", () => {
    expect(find("we rewatched john wick 2 last night")).toEqual([168248]);
    expect(find("honestly harry potter 3 is the peak of the series")).toEqual([8368]);
    expect(find("pirates of the caribbean 2 was so much fun")).toEqual([45722]);
    expect(find("I thought mockingjay pt 1 was slow")).toEqual([116823]);
  });

  test("by subtitle alone", () => {
    expect(find("temple of doom scared me as a kid")).toEqual([2115]);
    expect(find("I really liked the empire strikes back")).toEqual([1196]);
    expect(find("my favourite is the return of the king")).toEqual([7153]);
  });
});
