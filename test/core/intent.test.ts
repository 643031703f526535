import { describe, expect, test } from "vitest";
import { classify } from "../../core/dialogue/intent.ts";

const kind = (text: string) => classify(text).kind;

describe("classify", () => {
  test("help", () => {
    for (const t of ["help", "Help!", "/help", "?", "  HELP  ", "commands"]) {
      expect(kind(t), t).toBe("help");
    }
  });

  test("small talk: greetings, what-are-you questions, asking for a film", () => {
    const talk = (text: string) => {
      const i = classify(text);
      return i.kind === "greet" ? i.talk : i.kind;
    };
    for (const t of ["hi", "Hello!", "hey there", "hiya", "good morning", "안녕", "안녕하세요", "yo matinee"])
      expect(talk(t), t).toBe("hello");
    for (const t of ["what can you do?", "How does this work", "who are you?"])
      expect(talk(t), t).toBe("question");
    for (const t of ["help me find a movie", "Can you help me find a film?", "I need a movie for tonight"])
      expect(talk(t), t).toBe("request");
    // Titles that start like a greeting are films to look up, not hellos.
    for (const t of ["Hello, Dolly!", "Hi-Life", "Hey Arnold!", "Good Morning, Vietnam", "hello again"])
      expect(talk(t), t).toBe("tell");
  });

  test("forget", () => {
    for (const t of ["reset", "/reset", "forget me", "Start over!", "clear", "delete my data", "forget"]) {
      expect(kind(t), t).toBe("forget");
    }
  });

  test("profile", () => {
    for (const t of ["profile", "/profile", "my profile", "What do you know about me?", "what do I like"]) {
      expect(kind(t), t).toBe("profile");
    }
  });

  test("more", () => {
    for (const t of [
      "more",
      "/more",
      "next",
      "more please",
      "Show me more!",
      "what should I watch next?",
      "any ideas",
    ]) {
      expect(kind(t), t).toBe("more");
    }
  });

  test("anything else tells us about films", () => {
    for (const t of [
      "I loved Help! and Heat",
      "Help! was great",
      "help me find something like Heat",
      "reset my taste to Heat",
      "I loved The Godfather",
      "",
    ]) {
      expect(kind(t), t).toBe("tell");
    }
  });
});

describe("requests with a shape", () => {
  test("more like a title", () => {
    expect(classify("more like Heat")).toEqual({ kind: "similar", query: "Heat" });
    expect(classify("something similar to the godfather")).toEqual({
      kind: "similar",
      query: "the godfather",
    });
    expect(classify("/similar Alien (1979)")).toEqual({ kind: "similar", query: "Alien (1979)" });
    expect(classify("more films like Alien")).toEqual({ kind: "similar", query: "Alien" });
    // "like X" alone is an opinion, not a request.
    expect(kind("like Heat")).toBe("tell");
  });

  test("seen and watchlist by position", () => {
    expect(classify("I've seen it")).toEqual({ kind: "seen", which: [1] });
    expect(classify("seen #3")).toEqual({ kind: "seen", which: [3] });
    expect(classify("already watched 2 and 5")).toEqual({ kind: "seen", which: [2, 5] });
    expect(classify("I’ve seen them all")).toEqual({ kind: "seen", which: "all" });
    expect(classify("I saw the second one")).toEqual({ kind: "seen", which: [2] });
    expect(classify("save #2")).toEqual({ kind: "watchlist", which: [2] });
    // A title after "seen" is something to tell, not a position.
    expect(kind("I've seen Heat")).toBe("tell");
  });

  test("refinements", () => {
    expect(classify("something newer")).toEqual({ kind: "refine", direction: "newer" });
    expect(classify("anything more recent?")).toEqual({ kind: "refine", direction: "newer" });
    expect(classify("older please")).toEqual({ kind: "refine", direction: "older" });
    expect(classify("something lighter")).toEqual({ kind: "refine", direction: "lighter" });
  });

  test("movie night, region, confirmations and corrections", () => {
    expect(classify("movie night with Ann and Bob")).toEqual({ kind: "group", members: ["Ann", "Bob"] });
    expect(classify("/movienight @ann, @bob & me")).toEqual({ kind: "group", members: ["ann", "bob"] });
    expect(classify("region de")).toEqual({ kind: "region", code: "DE" });
    expect(classify("yes")).toEqual({ kind: "confirm", yes: true });
    expect(classify("No, cancel")).toEqual({ kind: "tell" });
    expect(classify("nope")).toEqual({ kind: "confirm", yes: false });
    expect(classify("no, I meant the 1990 one")).toEqual({ kind: "correct", text: "the 1990 one" });
    expect(classify("2")).toEqual({ kind: "correct", text: "2" });
    expect(classify("1990")).toEqual({ kind: "correct", text: "1990" });
  });
});
