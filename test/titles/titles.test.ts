import { describe, expect, test } from "vitest";
import { Catalogue } from "../../core/catalogue.ts";
import { boundedEditDistance, typosAllowed } from "../../core/titles/edit-distance.ts";
import { TitleEngine } from "../../core/titles/find-titles.ts";
import { wordClass } from "../../core/titles/lexicon.ts";
import { canonicalWord, normalizeTitle, normalizeWord, tokenize } from "../../core/titles/normalize.ts";
import { titleForms } from "../../core/titles/title-index.ts";
import { smallCatalogue } from "../core/fixtures.ts";
import { sharedApp } from "../helpers/app.ts";
import { NO_FILM_SENTENCES } from "./no-film-sentences.ts";

const matcher = new TitleEngine(smallCatalogue());
const ids = (text: string, m = matcher) => m.find(text).map((x) => x.movieId);

describe("normalize", () => {
  test("lower-cases, strips accents and apostrophes, & becomes and", () => {
    expect(normalizeWord("Amélie")).toBe("amelie");
    expect(normalizeWord("Schindler’s")).toBe("schindlers");
    expect(normalizeWord("&")).toBe("and");
    expect(normalizeTitle("The Godfather: Part II")).toBe("the godfather part ii");
  });

  test("tokens keep their place in the text", () => {
    expect(tokenize("Heat, (1995)")).toEqual([
      { norm: "heat", raw: "Heat", start: 0, end: 4 },
      { norm: "1995", raw: "1995", start: 7, end: 11 },
    ]);
  });

  test("roman numerals from II up are digits; a lone I stays a word", () => {
    expect(["ii", "iv", "x", "i", "mix"].map(canonicalWord)).toEqual(["2", "4", "10", "i", "mix"]);
  });
});

describe("the written forms of a title", () => {
  const forms = (title: string) => titleForms(title).map((f) => f.words.join(" "));

  test("without the article, without 'part', numbers as digits or words, main title alone", () => {
    expect(forms("The Godfather: Part II")).toEqual(
      expect.arrayContaining(["the godfather part 2", "godfather part 2", "the godfather 2", "godfather 2"]),
    );
    expect(forms("Ocean's Eleven")).toEqual(expect.arrayContaining(["oceans eleven", "oceans 11"]));
    const thor = titleForms("Thor: Ragnarok");
    expect(thor.find((f) => f.words.join(" ") === "thor")?.penalty).toBeGreaterThan(0);
    expect(thor.find((f) => f.words.join(" ") === "thor ragnarok")?.penalty).toBe(0);
  });
});

describe("edit distance and word classes", () => {
  test("typos: substitution, insertion, deletion and a swap count one each", () => {
    expect(boundedEditDistance("heat", "heat", 2)).toBe(0);
    expect(boundedEditDistance("hnagover", "hangover", 2)).toBe(1);
    expect(boundedEditDistance("blck", "black", 2)).toBe(1);
    expect(boundedEditDistance("titanic", "titnaicx", 1)).toBe(2);
    expect(typosAllowed(3)).toBe(0);
    expect(typosAllowed(6)).toBe(1);
    expect(typosAllowed(9)).toBe(2);
  });

  test("the lexicon tells grammar words, ordinary words, names and unknown words apart", () => {
    expect(wordClass("it")).toBe("function");
    expect(wordClass("up")).toBe("function");
    expect(wordClass("heat")).toBe("ordinary");
    expect(wordClass("seven")).toBe("ordinary");
    expect(wordClass("texas")).toBe("name");
    expect(wordClass("norbit")).toBe("rare");
  });
});

describe("TitleEngine on a small catalogue", () => {
  test("several titles in one line, with commas, 'and' and '&'", () => {
    expect(ids("I loved The Godfather, Heat and Alien & Se7en")).toEqual([1, 2, 7, 4]);
    expect(ids("Titanic & Alien")).toEqual([8, 7]);
  });

  test("reports the words as written and where they are", () => {
    const [godfather, heat] = matcher.find("I loved the godfather and Heat!");
    expect(godfather).toMatchObject({ movieId: 1, text: "the godfather", start: 8, end: 21 });
    expect(heat).toMatchObject({ movieId: 2, text: "Heat", start: 26, end: 30 });
  });

  test("articles: with or without 'the', any case", () => {
    expect(ids("I loved the godfather")).toEqual([1]);
    expect(ids("I loved Godfather")).toEqual([1]);
    expect(ids("THE GODFATHER")).toEqual([1]);
  });

  test("the longest title wins", () => {
    expect(ids("I loved The Godfather: Part II")).toEqual([14]);
    expect(ids("the godfather part ii")).toEqual([14]);
    expect(ids("I loved The Heat")).toEqual([3]);
  });

  test("alternative titles and apostrophes", () => {
    expect(ids("Se7en")).toEqual([4]);
    expect(ids("I loved La Haine")).toEqual([10]);
    expect(ids("Schindlers List")).toEqual([15]);
    expect(ids("Schindler’s List")).toEqual([15]);
  });

  test("a year beside the title picks the version and is consumed", () => {
    expect(ids("Heat 1995")).toEqual([2]);
    expect(ids("Heat (1995)")).toEqual([2]);
    expect(ids("Heat from 1995")).toEqual([2]);
    expect(ids("Heat 2013")).toEqual([3]);
    expect(ids("Titanic (1953) and Alien")).toEqual([9, 7]);
    expect(ids('"It" from 2017')).toEqual([6]);
    expect(ids('"It" (1990)')).toEqual([5]);
    expect(ids("I loved It (1990)")).toEqual([5]);
    expect(ids("I liked the 1990 It")).toEqual([5]);
    const dated = matcher.find("Titanic 1953")[0];
    expect(dated).toMatchObject({ movieId: 9, confidence: 1, alternatives: [], ambiguous: false });
  });

  test("without a year the most-rated version wins, the others as alternatives", () => {
    const heat = matcher.find("Heat")[0];
    expect(heat).toMatchObject({ movieId: 2, alternatives: [3], ambiguous: false });
    // "The Heat" fits "Heat" less well than "Heat" does: its weight is lowered for the missing article.
    expect(heat?.confidence).toBeCloseTo(101 / (101 + 21 * Math.exp(-1)), 12);
    const titanic = matcher.find("Titanic")[0];
    expect(titanic).toMatchObject({ movieId: 8, alternatives: [9], ambiguous: false });
    expect(titanic?.confidence).toBeCloseTo(141 / 148, 12);
    expect(matcher.find("'It'")[0]?.movieId).toBe(6);
    expect(matcher.find("Alien")[0]).toMatchObject({ confidence: 1, alternatives: [], ambiguous: false });
  });

  test("a year that fits no version is ignored", () => {
    expect(matcher.find("Heat 1990")[0]).toMatchObject({ movieId: 2, alternatives: [3] });
  });

  test("sentences with no film name none", () => {
    expect(matcher.find("I was up late and it was fun")).toEqual([]);
    expect(matcher.find("I loved it")).toEqual([]);
    expect(matcher.find("what should I do tonight")).toEqual([]);
    expect(matcher.find("")).toEqual([]);
  });

  test("a lone lowercase ordinary word needs the words around it", () => {
    expect(matcher.find("the heat was terrible today")).toEqual([]);
    expect(matcher.find("alien life is probably out there")).toEqual([]);
    expect(ids("Fun")).toEqual([13]);
    expect(ids("i liked alien and heat, the godfather too")).toEqual([7, 2, 1]);
  });

  test("a title made only of grammar words counts when quoted, dated or capitalised where a film is talked about", () => {
    expect(matcher.find("Up")).toEqual([]);
    expect(matcher.find("It")).toEqual([]);
    expect(matcher.find("i loved it")).toEqual([]);
    expect(ids('I loved "Up"')).toEqual([12]);
    expect(ids("I loved 'up'")).toEqual([12]);
    expect(ids("I loved “It”")).toEqual([6]);
    expect(ids('I loved "Hate"')).toEqual([10]);
    expect(ids("I just saw It and it was scary")).toEqual([6]);
  });

  test("the words before a title choose between versions: 'the original', 'the new one'", () => {
    expect(ids("I watched the original It")).toEqual([5]);
    expect(ids("I watched the new It")).toEqual([6]);
  });

  test("films already named in the conversation are preferred", () => {
    const heat = matcher.find("I loved Heat", { recentMovieIds: [3] })[0];
    expect(heat).toMatchObject({ movieId: 3, ambiguous: false });
    expect(heat?.alternatives).toContain(2);
  });

  test("close versions make the mention ambiguous, most likely alternative first", () => {
    const close = new TitleEngine(
      new Catalogue(
        [
          { movieId: 1, title: "It", year: 1990, altTitles: [], genres: [] },
          { movieId: 2, title: "It", year: 2017, altTitles: [], genres: [] },
          { movieId: 3, title: "Heat", year: 1995, altTitles: [], genres: [] },
        ],
        Float32Array.from([40, 50, 10]),
      ),
    );
    expect(close.find('I loved "It"')[0]).toMatchObject({ movieId: 2, alternatives: [1], ambiguous: true });
    expect(close.find('I loved "It" (1990)')[0]).toMatchObject({ movieId: 1, ambiguous: false });
    expect(close.find('I loved "It"', { recentMovieIds: [1, 3] })[0]).toMatchObject({
      movieId: 1,
      ambiguous: false,
    });
  });

  test("resolve takes the whole query as one title", () => {
    expect(matcher.resolve("It (2017)")).toMatchObject({ movieId: 6, confidence: 1, alternatives: [] });
    expect(matcher.resolve("It (1990)")).toMatchObject({ movieId: 5, confidence: 1, alternatives: [] });
    expect(matcher.resolve("it")).toMatchObject({ movieId: 6, alternatives: [5] });
    expect(matcher.resolve("heat")).toMatchObject({
      movieId: 2,
      text: "heat",
      start: 0,
      end: 4,
      alternatives: [3],
    });
    expect(matcher.resolve("the heat")?.movieId).toBe(3);
    expect(matcher.resolve("Heat 2013")?.movieId).toBe(3);
    expect(matcher.resolve("heat")?.sentiment).toBe("neutral");
    expect(matcher.resolve("godfathr 2")?.movieId).toBe(14);
  });

  test("resolve falls back to finding a title inside the query", () => {
    expect(matcher.resolve("something like Alien please")?.movieId).toBe(7);
    expect(matcher.resolve("nothing here")).toBeUndefined();
  });

  test("complete: by prefix, most rated first, at most k, typo-tolerant", () => {
    expect(matcher.complete("the godf", 5)).toEqual([1, 14]);
    expect(matcher.complete("godf", 5)).toEqual([1, 14]);
    expect(matcher.complete("t", 2)).toEqual([1, 8]);
    expect(matcher.complete("tiatnic", 5)).toEqual([8, 9]);
    expect(matcher.complete("", 5)).toEqual([]);
    expect(matcher.complete("heat", 0)).toEqual([]);
  });
});

test("an empty catalogue finds nothing", () => {
  const empty = new TitleEngine(new Catalogue([], new Float32Array(0)));
  expect(empty.find("The Godfather")).toEqual([]);
  expect(empty.resolve("Heat")).toBeUndefined();
  expect(empty.complete("Heat", 5)).toEqual([]);
  expect(empty.read("I loved “Zzqx”")).toEqual({ mentions: [], unplaced: [] });
});

describe("TitleEngine on the real catalogue", async () => {
  const app = await sharedApp();
  const find = (text: string) => app.titles.find(text).map((x) => x.movieId);

  test("several titles with commas, 'and', '&', line breaks and list markers", () => {
    expect(find("I loved The Godfather and Heat")).toEqual([858, 6]);
    expect(find("The Godfather, Heat and Alien")).toEqual([858, 6, 1214]);
    expect(find("Se7en, Alien & Heat")).toEqual([47, 1214, 6]);
    expect(find("my favourites:\n- The Godfather\n- Heat\n- Toy Story")).toEqual([858, 6, 1]);
    expect(find('I loved "Heat" and "The Shawshank Redemption"')).toEqual([6, 318]);
  });

  test("a title opening the message, set off by a comma, before another film", () => {
    expect(find("Heat, not a fan of Titanic")).toEqual([6, 1721]);
    expect(find("Alien, but not Aliens")).toEqual([1214, 1200]);
    // The comma alone is no evidence: everyday openers stay words.
    expect(find("Thanks, I loved Titanic")).toEqual([1721]);
    expect(find("Sure, I loved Alien")).toEqual([1214]);
    expect(find("Heat, of course")).toEqual([]);
  });

  test("titles inside longer sentences", () => {
    expect(
      find("loved heat and godfather 2, the shawshank redemtion is my all time fav, not a fan of la la land"),
    ).toEqual([6, 1221, 318, 164909]);
    expect(find("loved heat and godfather 2, not a fan of La La Land")).toEqual([6, 1221, 164909]);
    expect(find("Last week I finally watched Pulp Fiction with my brother and we both loved it")).toEqual([
      296,
    ]);
  });

  test("articles, '&' and 'and', accents and alternative titles", () => {
    expect(find("I loved the godfather")).toEqual([858]);
    expect(find("Se7en")).toEqual([47]);
    expect(find("I loved Dumb and Dumber")).toEqual([231]);
    expect(find("I loved Dumb & Dumber")).toEqual([231]);
    expect(find("I loved Leon the Professional")).toEqual([293]);
    expect(find("I loved La Haine")).toEqual([97]);
  });

  test("sequel numbers as roman numerals, digits or 'Part'; subtitles optional", () => {
    expect(find("I loved godfather 2")).toEqual([1221]);
    expect(find("I loved The Godfather Part II")).toEqual([1221]);
    expect(find("I loved Rocky IV")).toEqual([2411]);
    expect(find("I loved rocky 4")).toEqual([2411]);
    expect(find("I loved Alien 3")).toEqual([1320]);
    expect(find("I loved Alien³")).toEqual([1320]);
    expect(find("I loved Terminator 2")).toEqual([589]);
  });

  test("typos, missing letters and missing spaces", () => {
    expect(find("I loved The Shawshank Redemtion")).toEqual([318]);
    expect(find("I really liked The Hnagover")).toEqual([69122]);
    expect(find("I liked Forest Gump")).toEqual([356]);
    expect(find("I loved Blck Panther")).toEqual([122906]);
    expect(find("I loved Spiderman 2")).toEqual([8636]);
  });

  test("a year picks the version; without one the most-rated wins", () => {
    expect(find("Heat 1995")).toEqual([6]);
    expect(find("Heat 2013")).toEqual([103372]);
    expect(find('I liked "It" from 2017')).toEqual([175303]);
    expect(find("I watched the 1990 It")).toEqual([26693]);
    expect(find("Titanic")).toEqual([1721]);
    expect(find("Titanic 1953")).toEqual([3404]);
    expect(app.titles.find("Heat")[0]?.alternatives).toContain(103372);
  });

  test("longest match and titles ending in a number", () => {
    expect(find("I loved the godfather part ii")).toEqual([1221]);
    expect(find("Blade Runner 2049")).toEqual([176371]);
    expect(find("Blade Runner 1982")).toEqual([541]);
  });

  test("resolve, fuzzy too", () => {
    expect(app.titles.resolve("It (2017)")?.movieId).toBe(175303);
    expect(app.titles.resolve("heat")?.movieId).toBe(6);
    expect(app.titles.resolve("The Godfather")?.movieId).toBe(858);
    expect(app.titles.resolve("shawshank redemtion")?.movieId).toBe(318);
    expect(app.titles.resolve("Blade Runner 2049")?.movieId).toBe(176371);
    expect(app.titles.resolve("Death Race 2000")?.movieId).toBe(7991);
  });

  test("complete as someone types, typo-tolerant", () => {
    expect(app.titles.complete("the godf", 3)).toEqual([858, 1221, 2023]);
    expect(app.titles.complete("shawsh", 1)).toEqual([318]);
    expect(app.titles.complete("shwashank", 1)).toEqual([318]);
    const starWars = app.titles.complete("star wars", 25);
    expect(starWars[0]).toBe(260);
    expect(starWars.length).toBeGreaterThanOrEqual(10);
    expect(starWars.length).toBeLessThanOrEqual(25);
  });

  test("false positives: sentences with no film", () => {
    const fired = NO_FILM_SENTENCES.filter((s) => find(s).length > 0);
    expect(fired).toEqual([]);
  });

  test("short and common-word titles fire only when the sentence says they are films", () => {
    expect(find("I was up late")).toEqual([]);
    expect(find("it was fun")).toEqual([]);
    expect(find("i loved up")).toEqual([]);
    expect(find("she is big in her family")).toEqual([]);
    expect(find("we have two cars")).toEqual([]);
    expect(find('I loved "Up"')).toEqual([68954]);
    expect(find("I loved Up (2009)")).toEqual([68954]);
    expect(find("Have you seen the movie Big?")).toEqual([2797]);
    expect(find("I loved Her and Heat")).toEqual([106920, 6]);
  });

  test("lower-case titles named by the words around them", () => {
    expect(find("I'll check out arrival tonight")).toEqual([164179]);
    expect(find("we finally watched get out")).toEqual([168250]);
    expect(find("gravity is a great thriller")).toEqual([104841]);
    expect(find("Denzel was great in Philadelphia")).toEqual([508]);
  });

  test("kinds of film, places, pets and cue verbs are not titles", () => {
    expect(find("I love scary movies")).toEqual([]);
    expect(find("I'm looking for a good superhero movie")).toEqual([]);
    expect(find("I live in Chicago")).toEqual([]);
    expect(find("My dog is named Max")).toEqual([]);
    expect(find("I watched a movie last night")).toEqual([]);
  });

  test("an everyday word before a plural film noun is a kind of film; with an article, a series", () => {
    expect(find("i love zombie movies")).toEqual([]);
    expect(find("I like  monster movies, like The Thing")).toEqual([2288]);
    expect(find("I love the rocky movies")).toEqual([1954]);
  });

  test("popular films whose own words are unusual need no cue: a rare word, a phrase, a famous name", () => {
    expect(find("what is your favorite part of avatar")).toEqual([72998]);
    expect(find("we sang songs from the lion king all day")).toEqual([364]);
    expect(find("the soundtrack of Casablanca is lovely")).toEqual([912]);
    expect(find("My nephew dressed up as Batman")).toEqual([592]);
    // A name after a relation or a place verb is a person or a place.
    expect(find("My friend Ray is coming over")).toEqual([]);
    expect(find("We visited Philadelphia and Boston")).toEqual([]);
  });

  test("a typo that turns an ordinary word into a name is not that name; 'I' is no capital", () => {
    expect(find("We have liked Die Hard and have seen John Wick")).toEqual([1036, 115149]);
    expect(find("I do")).toEqual([]);
    expect(find("I forgot about timecop, I do think I will check out The Usual Suspects")).toEqual([379, 50]);
  });

  test("questions, phrasal verbs and asides around a lower-case title", () => {
    expect(app.titles.find("Is arrival any good?").map((m) => [m.movieId, m.sentiment])).toEqual([
      [164179, "neutral"],
    ]);
    expect(find("is up any good")).toEqual([]);
    expect(find("Is dinner ready?")).toEqual([]);
    expect(find("I've never heard of super troopers")).toEqual([5110]);
    expect(find("I'll go with step brothers")).toEqual([60756]);
    expect(find("I'm not familiar with rough night")).toEqual([171867]);
    expect(find("the matrix honestly was a great movie")).toEqual([2571]);
    expect(find("Ghostbusters would be fun")).toEqual([2716]);
    expect(find("Arrival is my favorite")).toEqual([164179]);
    expect(find("honestly Suicide squad was trash")).toEqual([135536]);
    expect(find("Traffic was terrible today")).toEqual([]);
  });

  test("'the film is X' names X when X is a noun; 'a big X fan'; 'the first X'", () => {
    expect(find("my favourite film is arrival")).toEqual([164179]);
    expect(find("the last movie I saw was lion")).toEqual([165551]);
    expect(find("the movie was long")).toEqual([]);
    expect(find("the movie was fun")).toEqual([]);
    expect(find("she is a huge star wars fan")).toEqual([260]);
    expect(find("I've never been a big fan of sci-fi")).toEqual([]);
    expect(find("I'm a big Tom Hanks fan")).toEqual([]);
    expect(find("my kids loved the first cars")).toEqual([45517]);
    expect(find("I loved the first half")).toEqual([]);
    // "always a film": an article between says the film noun is no kind named by the span.
    expect(find("Avatar always a film worth seeing twice")).toEqual([72998]);
  });

  test("versions: 'remake' after the title, a short word read as written, 'made in 2001' is no year", () => {
    expect(find("the Beauty and the Beast remake was fun")).toEqual([168366]);
    expect(find("I loved lion")).toEqual([165551]);
    expect(find("It was made in 2001")).toEqual([]);
    expect(find("wish you a Merry Christmas")).toEqual([]);
  });

  test("unknown titles: the words that could not be placed, with the closest films", () => {
    const r = app.titles.read('I loved "The Shawshenk Zzqx" and Heat');
    expect(r.mentions.map((m) => m.movieId)).toEqual([6]);
    expect(r.unplaced).toEqual([{ text: "The Shawshenk Zzqx", suggestions: expect.arrayContaining([318]) }]);
    expect(r.unplaced[0]!.suggestions.length).toBeLessThanOrEqual(3);
    const loved = app.titles.read("I really loved Qwertyuiop Asdfgh last week");
    expect(loved.unplaced.map((u) => u.text)).toEqual(["Qwertyuiop Asdfgh"]);
    expect(app.titles.read("I loved Heat").unplaced).toEqual([]);
  });
});
