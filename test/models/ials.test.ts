import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import type { Gold } from "../../data/gold.ts";
import { buildGold } from "../../data/pipeline.ts";
import { synthFilms, writeSynthetic } from "../../data/synth.ts";
import { ials, solveRow } from "../../models/collaborative/ials.ts";
import { evaluateRanking, ratedItems } from "../../models/evaluate/leave-last-out.ts";
import { leaveLastOut } from "../../models/evaluate/split.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import { popularity } from "../../models/popularity/popularity.ts";
import { seededRandom } from "../../models/random.ts";
import type { Recommender } from "../../models/recommender.ts";
import { topK } from "../../models/top-k.ts";
import { tempDir } from "../helpers/temp-dir.ts";

test("a row solve by conjugate gradients reaches the exact solution of its small system", () => {
  // f = 2, G = [[2, 0], [0, 1]], λ = 1, one observed row y = (1, 1) with confidence 3.
  const g = Float64Array.from([2, 0, 0, 1]);
  const obs = { factors: Float32Array.from([1, 1]), rows: [0], confidence: [3], preference: [1] };
  const x = solveRow(g, 2, 1, obs, new Float64Array(2), 10);
  // A = G + λI + (3 − 1)·yyᵀ = [[5, 2], [2, 4]], b = 3·y = (3, 3): x = A⁻¹b = (3/8, 9/16).
  expect(x[0]).toBeCloseTo(3 / 8, 10);
  expect(x[1]).toBeCloseTo(9 / 16, 10);
});

describe("iALS on generated data with planted tastes", () => {
  const seed = 7;
  const shape = { ratings: 20_000, films: 2_000, users: 500 };
  let gold: Gold;
  let model: Recommender;
  beforeAll(async () => {
    const out = join(tempDir("matinee-ials-"), "ml-latest-small");
    await writeSynthetic({ ...shape, seed, out });
    gold = await buildGold(out, "ml-latest-small");
    model = ials.fit({ nItems: gold.movies.length, interactions: gold.interactions });
  }, 60_000);

  test("is a registered model kind whose artifact loads to the same scores", () => {
    expect(MODEL_KINDS.ials).toBeDefined();
    const again = MODEL_KINDS.ials!.load(model.toArtifact());
    const history = { items: [0, 5, 9] };
    expect(Array.from(again.score(history))).toEqual(Array.from(model.score(history)));
  });

  test("int8 film factors keep the float32 model's top 10 and its held-out NDCG@10", () => {
    const split = leaveLastOut(gold.interactions);
    const nItems = gold.movies.length;
    const data = { nItems, interactions: split.train };
    const exact = ials.fit(data, { storage: "float32" });
    const small = ials.fit(data, { storage: "int8" });
    expect(small.toArtifact().arrays.itemFactorsCodes).toBeDefined();
    expect(MODEL_KINDS.ials!.load(small.toArtifact()).toArtifact().config.storage).toBe("int8");
    let overlap = 0;
    for (let u = 0; u < 100; u++) {
      const items = Array.from(
        split.train.items.subarray(split.train.offsets[u], split.train.offsets[u + 1]),
      );
      const seen = new Set(items);
      const top = (m: Recommender) => topK(m.score({ items }), 10, (i) => !seen.has(i));
      const a = new Set(top(exact));
      overlap += top(small).filter((i) => a.has(i)).length / 10;
    }
    expect(overlap / 100).toBeGreaterThan(0.9);
    const candidates = ratedItems(gold.interactions, nItems);
    const ndcg = (m: Recommender) => evaluateRanking(m, split.train, split.validation, candidates)["ndcg@10"];
    expect(ndcg(small)).toBeGreaterThan(0.95 * ndcg(exact));
  }, 60_000);

  test("beats popularity on each user's held-out film", () => {
    const split = leaveLastOut(gold.interactions);
    const nItems = gold.movies.length;
    const candidates = ratedItems(gold.interactions, nItems);
    const data = { nItems, interactions: split.train };
    const ndcg = (m: Recommender) => evaluateRanking(m, split.train, split.validation, candidates)["ndcg@10"];
    expect(ndcg(ials.fit(data))).toBeGreaterThan(1.3 * ndcg(popularity.fit(data) as Recommender));
  }, 60_000);

  test("a chat user folded in from three films of one niche is shown that niche", () => {
    const films = synthFilms(shape.films, seededRandom(seed));
    const itemOf = new Map(gold.movies.map((m, i) => [m.movieId, i]));
    const nicheOfItem = (i: number) => films.niche[gold.movies[i]!.movieId - 1]!;
    let inNiche = 0;
    let shown = 0;
    // The ten largest niches: three of each's most rated films named, the top 10 checked.
    const sizes = new Map<number, number[]>();
    for (let id = 1; id <= shape.films; id++) {
      const list = sizes.get(films.niche[id - 1]!) ?? [];
      list.push(itemOf.get(id)!);
      sizes.set(films.niche[id - 1]!, list);
    }
    const niches = [...sizes.entries()].sort((a, b) => b[1].length - a[1].length).slice(0, 10);
    for (const [niche, items] of niches) {
      const named = [...items]
        .sort((a, b) => gold.popularity.count[b]! - gold.popularity.count[a]!)
        .slice(0, 3);
      const history = { items: named };
      const scores = model.score(history);
      const top = topK(scores, 10, (i) => !named.includes(i));
      inNiche += top.filter((i) => nicheOfItem(i) === niche).length;
      shown += top.length;
      // The reasons are the films named.
      const why = model.explain(history, top[0]!);
      expect(why.length).toBeGreaterThan(0);
      for (const c of why) expect(named).toContain(c.item);
    }
    // A niche is one film in ~80; folded-in users see their niche in most of their top 10.
    expect(inNiche / shown).toBeGreaterThan(0.5);
  });

  test("similar films share their niche more often than chance", () => {
    const films = synthFilms(shape.films, seededRandom(seed));
    const nicheOf = (i: number) => films.niche[gold.movies[i]!.movieId - 1]!;
    let same = 0;
    let all = 0;
    for (let i = 0; i < 200; i++) {
      for (const s of model.similar(i, 5)) {
        all++;
        if (nicheOf(s.item) === nicheOf(i)) same++;
      }
    }
    expect(same / all).toBeGreaterThan(0.2);
  });
});
