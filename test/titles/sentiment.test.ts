import { describe, expect, test } from "vitest";
import { TitleEngine } from "../../core/titles/find-titles.ts";
import { clauseBounds, type Sentiment, sentimentAt } from "../../core/titles/sentiment.ts";
import { smallCatalogue } from "../core/fixtures.ts";

const matcher = new TitleEngine(smallCatalogue());
/** [movieId, sentiment] for every film named in the text. */
const feelings = (text: string) => matcher.find(text).map((m) => [m.movieId, m.sentiment]);

/** sentimentAt for the first occurrence of `title` in `text`. */
function at(text: string, title: string): Sentiment {
  const start = text.indexOf(title);
  if (start < 0) throw new Error(`${title} not in ${text}`);
  return sentimentAt(text, start, start + title.length);
}

describe("sentimentAt", () => {
  test("like cues", () => {
    expect(at("I loved Heat", "Heat")).toBe("like");
    expect(at("Heat is my favourite", "Heat")).toBe("like");
    expect(at("Heat was a masterpiece", "Heat")).toBe("like");
  });

  test("each part of a list takes its own cue, before or after the film", () => {
    expect(at("Alien was great and Titanic was awful", "Alien")).toBe("like");
    expect(at("Alien was great and Titanic was awful", "Titanic")).toBe("dislike");
    expect(at("not a fan of Titanic and Alien", "Alien")).toBe("dislike");
    expect(at("I loved Heat & Alien", "Alien")).toBe("like");
  });

  test("a cue opening a later part of the list belongs to the film after it", () => {
    expect(at("Heat, not a fan of Titanic", "Heat")).toBe("like");
    expect(at("Heat, not a fan of Titanic", "Titanic")).toBe("dislike");
    expect(at("Titanic and Alien were awful", "Titanic")).toBe("dislike");
  });

  test("'but not X' is a dislike", () => {
    expect(at("I liked Alien but not Aliens", "Aliens")).toBe("dislike");
    expect(at("I liked Alien but not Aliens", "Alien")).toBe("like");
    expect(at("Drive, but Not Titanic", "Titanic")).toBe("dislike");
    expect(at("not only Heat but also Alien", "Alien")).toBe("like");
  });

  test("a film named with no cue counts as liked", () => {
    expect(at("Heat", "Heat")).toBe("like");
    expect(at("Heat, Alien", "Alien")).toBe("like");
  });

  test("dislike cues", () => {
    expect(at("I hated Titanic", "Titanic")).toBe("dislike");
    expect(at("Titanic was boring", "Titanic")).toBe("dislike");
    expect(at("I can't stand Titanic", "Titanic")).toBe("dislike");
    expect(at("I didn't like Titanic", "Titanic")).toBe("dislike");
    expect(at("I don't really enjoy Titanic", "Titanic")).toBe("dislike");
    expect(at("Titanic is overrated", "Titanic")).toBe("dislike");
  });

  test("neutral cues", () => {
    expect(at("I haven't seen Alien", "Alien")).toBe("neutral");
    expect(at("is Alien any good?", "Alien")).toBe("neutral");
    expect(at("should I watch Alien", "Alien")).toBe("neutral");
  });

  test("clauses end at sentence punctuation and 'but'", () => {
    const text = "I hated Titanic. Heat";
    expect(clauseBounds(text, text.indexOf("Heat"), text.length)).toEqual([16, text.length]);
    expect(at(text, "Heat")).toBe("like");
    expect(at("I loved Alien but Titanic was awful", "Titanic")).toBe("dislike");
    expect(at("I loved Alien but Titanic was awful", "Alien")).toBe("like");
  });
});

describe("sentiment through find", () => {
  test("like", () => {
    expect(feelings("I loved The Godfather and Heat")).toEqual([
      [1, "like"],
      [2, "like"],
    ]);
  });

  test("dislike", () => {
    expect(feelings("I hated Titanic")).toEqual([[8, "dislike"]]);
    expect(feelings("not a fan of Titanic and Alien")).toEqual([
      [8, "dislike"],
      [7, "dislike"],
    ]);
    expect(feelings("I'm not a big fan of Heat")).toEqual([[2, "dislike"]]);
  });

  test("a cue in the film's own comma-separated part wins", () => {
    expect(feelings("didn't like Titanic, Heat was great")).toEqual([
      [8, "dislike"],
      [2, "like"],
    ]);
    expect(feelings("I loved Heat, Titanic was boring")).toEqual([
      [2, "like"],
      [8, "dislike"],
    ]);
  });

  test("neutral", () => {
    expect(feelings("haven't seen Alien")).toEqual([[7, "neutral"]]);
    expect(feelings("I have not seen Alien, but loved Heat")).toEqual([
      [7, "neutral"],
      [2, "like"],
    ]);
  });

  test("per title in one sentence", () => {
    expect(feelings("loved Alien and hated Titanic but Heat was great")).toEqual([
      [7, "like"],
      [8, "dislike"],
      [2, "like"],
    ]);
    expect(feelings("hated Titanic and loved Alien")).toEqual([
      [8, "dislike"],
      [7, "like"],
    ]);
  });

  test("a title's own words are no cue", () => {
    expect(feelings("I loved The Worst Person in the World")).toEqual([[11, "like"]]);
    expect(feelings("I loved 10 Things I Hate About You")).toEqual([[16, "like"]]);
    expect(feelings("I loved La Haine")).toEqual([[10, "like"]]);
    expect(feelings('I loved "Hate"')).toEqual([[10, "like"]]);
    expect(feelings("The Worst Person in the World")).toEqual([[11, "like"]]);
    expect(feelings("I hated 10 Things I Hate About You")).toEqual([[16, "dislike"]]);
  });

  // Phones and chat apps type ’ (U+2019) for the apostrophe; the title index accepts it
  // ("Schindler’s List"), but the dislike and neutral cues only know the ASCII ' and so
  // read "didn’t like" as "like".
  test("negations written with a typographic apostrophe are read as negations", () => {
    expect(feelings("I didn’t like Titanic")).toEqual([[8, "dislike"]]);
    expect(feelings("I can’t stand Titanic")).toEqual([[8, "dislike"]]);
    expect(feelings("I haven’t seen Alien")).toEqual([[7, "neutral"]]);
  });
});

describe("feelings said through evaluation, as people write in chat", () => {
  test("dislike through what the film did or what the viewer did", () => {
    expect(at("dozed off halfway through Titanic", "Titanic")).toBe("dislike");
    expect(at("could not finish Titanic, gave up after an hour", "Titanic")).toBe("dislike");
    expect(at("Titanic bored me senseless", "Titanic")).toBe("dislike");
    expect(at("Titanic is such a mess", "Titanic")).toBe("dislike");
    expect(at("Titanic makes no sense at all", "Titanic")).toBe("dislike");
    expect(at("Titanic is wildly overrated imo", "Titanic")).toBe("dislike");
    expect(at("Titanic was way too long", "Titanic")).toBe("dislike");
    expect(at("Titanic dragged in the middle", "Titanic")).toBe("dislike");
  });

  test("awards are names and 'like' as filler is no verdict", () => {
    expect(at("Titanic winning best picture is a joke", "Titanic")).toBe("dislike");
    expect(at("Titanic was like three hours of boring", "Titanic")).toBe("dislike");
  });

  test("defending a film is liking it", () => {
    expect(at("Heat gets way too much hate", "Heat")).toBe("like");
    expect(at("Heat is so underrated", "Heat")).toBe("like");
    expect(at("Heat deserves more love", "Heat")).toBe("like");
  });

  test("lukewarm reads neutral", () => {
    expect(at("Alien was fine i guess", "Alien")).toBe("neutral");
    expect(at("Alien was ok, kinda average", "Alien")).toBe("neutral");
    expect(at("Alien is alright", "Alien")).toBe("neutral");
    expect(at("Alien was decent enough", "Alien")).toBe("neutral");
  });

  test("intent reads neutral", () => {
    expect(at("still have to watch Alien", "Alien")).toBe("neutral");
    expect(at("I never got round to Alien", "Alien")).toBe("neutral");
    expect(at("is Alien worth it?", "Alien")).toBe("neutral");
    expect(at("Alien is on my watchlist", "Alien")).toBe("neutral");
  });

  test("horror words describe a film people loved", () => {
    expect(at("Alien still creeps me out, so scary", "Alien")).toBe("like");
    expect(at("Alien gives me chills every time", "Alien")).toBe("like");
  });

  test("mixed lines: each film its own clause", () => {
    const line = "adored Heat but Titanic lost me";
    expect(at(line, "Heat")).toBe("like");
    expect(at(line, "Titanic")).toBe("dislike");
    const sequel = "Alien is perfect, Aliens not so much";
    expect(at(sequel, "Alien")).toBe("like");
    expect(at(sequel, "Aliens")).toBe("dislike");
    const although = "Heat was great although Titanic was a slog";
    expect(at(although, "Titanic")).toBe("dislike");
    expect(at(although, "Heat")).toBe("like");
  });

  test("'X >>> Y': the film on the small side lost", () => {
    expect(at("Alien >>> Titanic", "Alien")).toBe("like");
    expect(at("Alien >>> Titanic", "Titanic")).toBe("dislike");
    expect(at("Alien > Titanic, which was boring", "Titanic")).toBe("dislike");
  });
});
