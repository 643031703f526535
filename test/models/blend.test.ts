import { describe, expect, test } from "vitest";
import { blendMembers, heldOutCases, sourceWeighted, themeCoherence } from "../../models/blend/blend.ts";
import { type BlendCase, learnWeights, objectiveOf, prunedWeights } from "../../models/blend/learn.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import type { Recommender } from "../../models/recommender.ts";
import { ModelRegistry } from "../../models/registry/registry.ts";
import { tempDir } from "../helpers/app.ts";
import { interactionsOf, movie, prng, type UserEvents } from "./fixtures.ts";

const f32 = (xs: number[]) => Float32Array.from(xs);

describe("objectiveOf", () => {
  // Two members over 4 candidates; member 0 puts the target (candidate 2) first, member 1 last.
  const c: BlendCase = { features: f32([0.1, 0.2, 0.9, 0.3, 1, 0.8, 0, 0.5]), n: 4, targets: [2] };

  test("NDCG@10 of the target's pessimistic rank under the weights", () => {
    expect(objectiveOf([c], [1, 0], "ndcg@10")).toBe(1);
    // member 1 alone: 3 candidates score above the target → rank 3
    expect(objectiveOf([c], [0, 1], "ndcg@10")).toBeCloseTo(1 / Math.log2(5), 12);
    // ties count against: equal blended scores rank the target below
    const tie: BlendCase = { features: f32([1, 1]), n: 2, targets: [1] };
    expect(objectiveOf([tie], [1], "ndcg@10")).toBeCloseTo(1 / Math.log2(3), 12);
  });

  test("recall@10 + recall@50 averages over cases with targets", () => {
    expect(objectiveOf([c], [1, 0], "recall@10+50")).toBe(2);
    expect(objectiveOf([], [1, 0], "recall@10+50")).toBe(0);
  });
});

describe("learnWeights", () => {
  test("finds the informative member and gives the noise no weight", () => {
    const rand = prng(3);
    const cases: BlendCase[] = Array.from({ length: 40 }, () => {
      const n = 30;
      const features = new Float32Array(2 * n);
      for (let j = 0; j < n; j++) {
        features[j] = rand(); // noise
        features[n + j] = rand() * 0.5;
      }
      features[n + 7] = 0.9; // member 1 knows the target
      return { features, n, targets: [7] };
    });
    const { weights, value } = learnWeights(cases, 2, "ndcg@10");
    expect(weights[0]).toBe(0);
    expect(weights[1]).toBeGreaterThan(0);
    expect(value).toBe(1);
  });
});

describe("prunedWeights", () => {
  /** Member 0 knows the target in even cases, member 1 in odd ones; member 2 copies member 0. */
  function cases(): BlendCase[] {
    const rand = prng(5);
    return Array.from({ length: 40 }, (_, k) => {
      const n = 30;
      const features = new Float32Array(3 * n);
      for (let j = 0; j < n; j++) {
        features[j] = rand() * 0.5;
        features[n + j] = rand() * 0.5;
      }
      features[(k % 2) * n + 7] = 1;
      features.copyWithin(2 * n, 0, n);
      return { features, n, targets: [7] };
    });
  }

  test("a term that moves nothing is dropped; one that carries its own evidence is kept", () => {
    const c = cases();
    const learned = { weights: [1, 1, 1], value: objectiveOf(c, [1, 1, 1], "ndcg@10") };
    const { weights, value } = prunedWeights(c, learned, "ndcg@10", 0.01);
    expect(weights.filter((w) => w > 0)).toHaveLength(2);
    expect(weights[1]).toBe(1);
    expect(value).toBeGreaterThanOrEqual(learned.value * 0.99);
  });

  test("a tolerance too small for any loss keeps every term that earns something", () => {
    const c = cases();
    const learned = { weights: [1, 1, 0], value: objectiveOf(c, [1, 1, 0], "ndcg@10") };
    expect(prunedWeights(c, learned, "ndcg@10", 0).weights).toEqual([1, 1, 0]);
  });
});

/**
 * 60 users: everyone's sequence ends … A B (0 then 1), planted mid-sequence too; C (2) and D (3)
 * are co-rated; the rest is noise over 4..19. Titles and genres for the content member.
 */
function syntheticData() {
  const rand = prng(9);
  const users: UserEvents[] = Array.from({ length: 60 }, (_, u) => {
    const items: number[] = [];
    for (let k = 0; k < 20; k++) items.push(4 + Math.floor(rand() * 16));
    if (u % 2 === 0) items.splice(5, 0, 2, 3);
    items.splice(10, 0, 0, 1);
    items.push(0, 1);
    return { items };
  });
  const movies = Array.from({ length: 20 }, (_, i) =>
    movie(100 + i, `Film ${i}`, 1980 + i, [i % 2 ? "Drama" : "Crime"]),
  );
  return { nItems: 20, interactions: interactionsOf(users), movies };
}

describe("blend", () => {
  const data = syntheticData();
  const chatCases = [
    { likes: [2], targets: [3] },
    { likes: [0], targets: [1] },
  ];
  const config = {
    terms: ["transitions", "ease", "content", "popularity", "content*popularity", "not-a-model"],
    memberConfigs: { ease: { lambda: 10 }, content: { recencyDecay: 1 } },
    bounds: [5, 100],
  };
  const fitting = MODEL_KINDS.blend!.fit({ ...data, chatCases: Array(10).fill(chatCases).flat() }, config);

  test("learns a weight per term and bucket; unknown models are left out", async () => {
    const model = await fitting;
    const c = model.toArtifact().config as { terms: string[]; members: string[]; weights: number[][] };
    expect(c.terms).toEqual(["transitions", "ease", "content", "popularity", "content*popularity"]);
    expect(c.members).toEqual(["transitions", "ease", "content", "popularity"]);
    expect(c.weights).toHaveLength(3);
    for (const w of c.weights) expect(w).toHaveLength(5);
    // Long histories: the validation item always follows A, so transitions carries weight.
    expect(c.weights[1]![0]!).toBeGreaterThan(0);
  });

  test("score is the weighted sum of the members' normalised scores", async () => {
    const model = await fitting;
    const members = blendMembers(model)!;
    const w = (model.toArtifact().config as { weights: number[][] }).weights[1]!;
    const history = { items: [5, 6, 7, 8, 9, 0] };
    const norm = (m: Recommender, log = false) => {
      const s = Array.from(m.score(history), (x) => (log ? Math.log1p(x) : x));
      const max = Math.max(...s);
      return s.map((x) => (max > 0 ? x / max : x));
    };
    const parts = [
      norm(members.get("transitions")!),
      norm(members.get("ease")!),
      norm(members.get("content")!),
      norm(members.get("popularity")!, true),
    ];
    const s = model.score(history);
    for (let j = 0; j < 20; j++) {
      const expected =
        w[0]! * parts[0]![j]! +
        w[1]! * parts[1]![j]! +
        w[2]! * parts[2]![j]! +
        w[3]! * parts[3]![j]! +
        w[4]! * parts[2]![j]! * parts[3]![j]!;
      expect(s[j]).toBeCloseTo(expected, 4);
    }
  });

  test("explain: after A the top reason for B is A", async () => {
    const model = await fitting;
    const history = { items: [5, 6, 7, 8, 9, 0] };
    expect(model.explain(history, 1)[0]?.item).toBe(0);
  });

  test("explain's shares are the history-film terms of the score (popularity adds none)", async () => {
    const model = await fitting;
    const members = blendMembers(model)!;
    const history = { items: [2] };
    const w = (model.toArtifact().config as { weights: number[][] }).weights[0]!;
    const pop = Array.from(members.get("popularity")!.score(history), Math.log1p);
    const maxPop = Math.max(...pop);
    const total = model.explain(history, 3).reduce((a, t) => a + t.weight, 0);
    // Every member's only history film is 2, so the whole score but the popularity term is its share.
    const expected = model.score(history)[3]! - (w[3]! * pop[3]!) / maxPop;
    if (expected > 0) expect(total).toBeCloseTo(expected, 4);
  });

  test("saved and loaded through the registry, it scores the same", async () => {
    const model = await fitting;
    const registry = new ModelRegistry(tempDir());
    const m = await registry.save(model, {
      dataset: "synthetic",
      dataHash: "abc12345",
      metrics: {},
      trainSeconds: 1,
    });
    const back = await registry.load("blend", m.version);
    for (const h of [{ items: [2] }, { items: [5, 6, 7, 8, 9, 0] }])
      expect(back.score(h)).toEqual(model.score(h));
    expect(back.similar(2, 3)).toEqual(model.similar(2, 3));
  });
});

describe("theme coherence", () => {
  const judge = (sim: (a: number, b: number) => number): Recommender => ({
    name: "content",
    nItems: 4,
    score: () => new Float32Array(4),
    explain: () => [],
    similar: () => [],
    toArtifact: () => ({ model: "content", config: {}, arrays: {} }),
    relatedness: sim,
  });

  test("the mean pairwise relatedness of the named films, by the first member that knows it", () => {
    const members = [
      { name: "popularity", model: { ...judge(() => 0), relatedness: undefined } },
      { name: "content", model: judge((a, b) => (a + b === 1 ? 1 : 0.1)) },
    ];
    // Pairs (0,1) 1, (0,2) 0.1, (1,2) 0.1.
    expect(themeCoherence(members, [0, 1, 2])).toBeCloseTo(0.4, 6);
    expect(themeCoherence(members, [3])).toBe(0);
    expect(themeCoherence([members[0]!], [0, 1])).toBe(0);
  });

  test("films that share a theme take the coherent weights; films that don't, the bucket's own", async () => {
    const model = await MODEL_KINDS.blend!.fit(syntheticData(), {
      terms: ["content", "popularity"],
      memberConfigs: { content: { recencyDecay: 1 } },
      bounds: [2, 100],
      chatBuckets: 2,
      newcomerShare: 0,
    });
    const artifact = model.toArtifact();
    const content = blendMembers(model)!.get("content")!;
    // Films 0 and 2 are both 1980s crime films; 0 and 1 share only the decade.
    const alike = [0, 2];
    const unlike = [0, 1];
    expect(content.relatedness!(0, 2)).toBeGreaterThan(content.relatedness!(0, 1));
    const split = (content.relatedness!(0, 2) + content.relatedness!(0, 1)) / 2;
    const gated = MODEL_KINDS.blend!.load({
      ...artifact,
      config: {
        ...artifact.config,
        weights: [
          [1, 1],
          [0, 1],
          [1, 1],
        ],
        coherenceSplits: [undefined, split],
        coherentWeights: [undefined, [1, 0]],
      },
    });
    const top = (items: number[]) => {
      const s = Array.from(gated.score({ items }));
      return s.map((v, i) => [v, i] as const).filter(([, i]) => !items.includes(i));
    };
    const byContent = content.score({ items: alike });
    const max = Math.max(...byContent);
    for (const [v, i] of top(alike)) expect(v).toBeCloseTo(byContent[i]! / max, 5);
    const pop = blendMembers(gated)!.get("popularity")!.score({ items: unlike });
    const logPop = Array.from(pop, Math.log1p);
    const maxPop = Math.max(...logPop);
    for (const [v, i] of top(unlike)) expect(v).toBeCloseTo(logPop[i]! / maxPop, 5);
  });
});

test("heldOutCases: members learn without each user's last k − 1 train items; each of the k is a case", () => {
  // u0 train 0 1 2 3, tuning item 4; u1 train 5, tuning item 6; u2 has no tuning item.
  const train = interactionsOf([{ items: [0, 1, 2, 3] }, { items: [5] }, { items: [7] }]);
  const split = { train, targets: Int32Array.from([4, 6, -1]), candidates: new Uint8Array(8) };
  const { train: members, cases } = heldOutCases(split, 3);
  expect(Array.from(members.items)).toEqual([0, 1]);
  expect(cases).toEqual([
    { user: 0, history: [0, 1], target: 2 },
    { user: 0, history: [0, 1, 2], target: 3 },
    { user: 0, history: [0, 1, 2, 3], target: 4 },
    { user: 1, history: [5], target: 6 },
  ]);
  expect(heldOutCases(split, 1).cases).toEqual([
    { user: 0, history: [0, 1, 2, 3], target: 4 },
    { user: 1, history: [5], target: 6 },
  ]);
});

describe("chat cases from several sources", () => {
  const bc = (): BlendCase => ({ features: new Float32Array(2), n: 2, targets: [0] });
  test("every source counts alike in a bucket, and a case keeps that weight in either half", () => {
    const personas = [0.9, 0.8].map((coherence) => ({ bc: bc(), coherence }));
    const newcomers = [0.1, 0.2, 0.3, 0.9].map((coherence) => ({ bc: bc(), coherence }));
    const weighted = sourceWeighted([personas, newcomers, []]);
    expect(weighted.map((e) => e.bc.weight)).toEqual([0.25, 0.25, 0.125, 0.125, 0.125, 0.125]);
    // The themed half: both personas and one newcomer, so the personas decide most of it.
    const themed = weighted.filter((e) => e.coherence >= 0.5).map((e) => e.bc.weight!);
    expect(themed).toEqual([0.25, 0.25, 0.125]);
  });
});
