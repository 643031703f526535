import { describe, expect, test } from "vitest";
import type { Movie } from "../../core/movie.ts";
import { content, contentTokens, tfidf, weightedTfidf } from "../../models/content/content.ts";
import { interactionsOf, movie } from "./fixtures.ts";

describe("tfidf", () => {
  test("hand-computed weights: tf = 1 + ln count, idf = ln(N/df), unit rows, rare terms dropped", () => {
    const { vocabulary, rows } = tfidf(
      [
        ["a", "a", "b"],
        ["a", "c"],
        ["b", "x"],
      ],
      2,
    );
    // a: df 2, b: df 2; c and x appear once and are dropped.
    expect(vocabulary).toEqual(["a", "b"]);
    const idf = Math.log(3 / 2);
    const wa = (1 + Math.log(2)) * idf;
    const wb = idf;
    const n = Math.hypot(wa, wb);
    expect([...rows.terms.subarray(rows.offsets[0]!, rows.offsets[1]!)]).toEqual([0, 1]);
    expect(rows.values[0]).toBeCloseTo(wa / n, 6);
    expect(rows.values[1]).toBeCloseTo(wb / n, 6);
    expect(rows.values[rows.offsets[1]!]).toBeCloseTo(1, 6); // doc 1 is just "a"
  });

  test("a term on every film says nothing and is dropped", () => {
    expect(tfidf([["a"], ["a", "b"], ["a", "b"]], 1).vocabulary).toEqual(["b"]);
  });
});

describe("weightedTfidf", () => {
  const docs = [
    ["kw:heist", "genre:crime", "w:bank"],
    ["kw:heist", "genre:drama", "w:bank"],
    ["kw:toy", "genre:crime", "w:bank"],
    ["kw:toy", "genre:drama", "w:toy"],
  ];
  const dot = (rows: ReturnType<typeof tfidf>["rows"], a: number, b: number) => {
    const row = (i: number) =>
      new Map(
        Array.from(rows.terms.subarray(rows.offsets[i]!, rows.offsets[i + 1]!), (t, k) => [
          t,
          rows.values[rows.offsets[i]! + k]!,
        ]),
      );
    const ra = row(a);
    let s = 0;
    for (const [t, v] of row(b)) s += v * (ra.get(t) ?? 0);
    return s;
  };

  test("two films' dot product is Σ weight × that kind's cosine", () => {
    const { rows } = weightedTfidf(docs, 1, { kw: 2, genre: 0.5, w: 0 });
    // Films 0 and 1 share only the keyword; 0 and 2 only the genre ("w" is weighted out).
    expect(dot(rows, 0, 1)).toBeCloseTo(2, 6);
    expect(dot(rows, 0, 2)).toBeCloseTo(0.5, 6);
    expect(dot(rows, 0, 0)).toBeCloseTo(2.5, 6);
  });

  test("a kind with no weight given counts 1; a zero weight drops the kind", () => {
    const { vocabulary } = weightedTfidf(docs, 1, { w: 0 });
    expect(vocabulary.some((t) => t.startsWith("w:"))).toBe(false);
    expect(vocabulary).toContain("kw:heist");
    const { rows } = weightedTfidf(docs, 1, { w: 0 });
    expect(dot(rows, 0, 1)).toBeCloseTo(1, 6);
  });
});

test("contentTokens adds overview stems without stopwords", () => {
  const m: Movie = { ...movie(1, "Heat", 1995, ["Crime"]), overview: "The robbers are robbing the banks." };
  expect(contentTokens(m, ["genre:crime"])).toEqual(["genre:crime", "w:robber", "w:rob", "w:bank"]);
});

describe("content on a tiny catalogue", () => {
  const movies: Movie[] = [
    { ...movie(1, "Heat", 1995, ["Crime", "Thriller"]), keywords: ["heist", "los angeles"] },
    { ...movie(2, "Ronin", 1998, ["Crime", "Thriller"]), keywords: ["heist"] },
    { ...movie(3, "Toy Story", 1995, ["Animation", "Children"]), keywords: ["toy"] },
    { ...movie(4, "Toy Story 2", 1999, ["Animation", "Children"]), keywords: ["toy"] },
    { ...movie(5, "The Town", 2010, ["Crime"]), keywords: ["heist", "boston"] },
    { ...movie(6, "Up", 2009, ["Animation"]), keywords: ["balloon"] },
  ];
  // Nobody rated anything: content needs no ratings.
  const data = { nItems: 6, interactions: interactionsOf([{ items: [] }]), movies };
  const model = content.fit(data, { recencyDecay: 1 });

  test("similar films share genres and keywords, even with no ratings at all", () => {
    expect(model.similar(0, 2).map((s) => s.item)).toEqual([1, 4]);
    expect(model.similar(2, 1).map((s) => s.item)).toEqual([3]);
  });

  test("explain's shares sum to the cosine score", () => {
    const h = { items: [0, 2], weights: [1, 0.5] };
    const s = model.score(h);
    for (const j of [1, 3, 4]) {
      const terms = model.explain(h, j);
      expect(terms.reduce((a, t) => a + t.weight, 0)).toBeCloseTo(s[j]!, 5);
    }
    expect(model.explain(h, 1)[0]?.item).toBe(0);
  });

  test("explanations alternating between histories each match their own history's scores", () => {
    const a = { items: [0, 2], weights: [1, 0.5] };
    const b = { items: [4, 5] };
    const fresh = () => content.fit(data, { recencyDecay: 1 });
    for (const [h, j] of [
      [a, 1],
      [b, 3],
      [a, 3],
      [b, 1],
    ] as const) {
      expect(model.explain(h, j)).toEqual(fresh().explain(h, j));
      expect(model.explain(h, j).reduce((sum, t) => sum + t.weight, 0)).toBeCloseTo(model.score(h)[j]!, 5);
    }
  });

  test("a disliked film pulls its look-alikes down", () => {
    const liked = model.score({ items: [0] });
    const mixed = model.score({ items: [0, 4], weights: [1, -1] });
    expect(mixed[1]!).toBeLessThan(liked[1]!);
  });

  test("needs the films' metadata", () => {
    expect(() => content.fit({ nItems: 6, interactions: data.interactions })).toThrow("metadata");
  });

  test("round trip through the artifact", () => {
    const back = content.load(structuredClone(model.toArtifact()));
    expect(back.score({ items: [0, 3] })).toEqual(model.score({ items: [0, 3] }));
  });
});
