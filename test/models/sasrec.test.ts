import { describe, expect, test } from "vitest";
import { makeBatch } from "../../models/sequence/batches.ts";
import { sequenceState } from "../../models/sequence/forward.ts";
import { forwardGraph, toVariables, variableList } from "../../models/sequence/graph.ts";
import { sasrec } from "../../models/sequence/sasrec.ts";
import { updateAverage } from "../../models/sequence/train.ts";
import { initialWeights, weightsToArrays } from "../../models/sequence/weights.ts";
import { loadTf } from "../../models/tfjs/backend.ts";
import { topK } from "../../models/top-k.ts";
import { interactionsOf, prng, type UserEvents } from "./fixtures.ts";

/**
 * Users walk chains a → b → c → d of 4 items each (chain k is items 4k..4k+3), starting at
 * a random chain and, after its end, jumping to another random chain. After item 4k+j
 * (j < 3) the next item is always 4k+j+1; a model of order matters learns exactly that.
 */
function chainUsers(nChains: number, nUsers: number, seed: number): UserEvents[] {
  const rand = prng(seed);
  return Array.from({ length: nUsers }, () => {
    const items: number[] = [];
    const length = 8 + Math.floor(rand() * 12);
    while (items.length < length) {
      const chain = Math.floor(rand() * nChains);
      for (let j = 0; j < 4 && items.length < length; j++) items.push(chain * 4 + j);
    }
    return { items };
  });
}

const tiny = {
  dim: 16,
  blocks: 1,
  maxLen: 8,
  batchSize: 32,
  epochs: 30,
  learningRate: 0.01,
  dropout: 0,
  negatives: 0,
};

describe("sasrec on a planted sequential pattern", () => {
  const nChains = 10;
  const nItems = nChains * 4;
  const data = { nItems, interactions: interactionsOf(chainUsers(nChains, 120, 3)) };

  // The teacher (seq-knn, which also counts what came before and up to six steps on) blurs
  // the exact next film a little, so with it the bar is lower.
  // Positions are weighted per user by default (n^-0.5); one case keeps them all alike.
  test.each([
    { teacherShare: 0, userWeightPower: sasrec.defaults.userWeightPower, bar: 0.9 },
    {
      teacherShare: sasrec.defaults.teacherShare,
      userWeightPower: sasrec.defaults.userWeightPower,
      bar: 0.8,
    },
    { teacherShare: sasrec.defaults.teacherShare, userWeightPower: 0, bar: 0.8 },
    { teacherShare: 0.9, userWeightPower: sasrec.defaults.userWeightPower, bar: 0.8 },
  ])(
    "learns that b follows a, c follows b and d follows c (full softmax, teacher share $teacherShare, user weights n^-$userWeightPower)",
    async ({ teacherShare, userWeightPower, bar }) => {
      const model = await sasrec.fit(data, { ...tiny, teacherShare, userWeightPower });
      let hits = 0;
      let cases = 0;
      for (let chain = 0; chain < nChains; chain++) {
        for (let j = 0; j < 3; j++) {
          // Context: some other chain's end, then this chain up to item j.
          const other = ((chain + 3) % nChains) * 4;
          const history = [other + 2, other + 3, ...Array.from({ length: j + 1 }, (_, q) => chain * 4 + q)];
          const best = topK(model.score({ items: history }), 1)[0];
          cases++;
          if (best === chain * 4 + j + 1) hits++;
        }
      }
      expect(hits / cases).toBeGreaterThan(bar);
    },
  );

  test("sampled negatives with the logQ correction learn the same pattern", async () => {
    const model = await sasrec.fit(data, { ...tiny, negatives: 16, epochs: 40 });
    let hits = 0;
    for (let chain = 0; chain < nChains; chain++) {
      const best = topK(model.score({ items: [chain * 4, chain * 4 + 1] }), 1)[0];
      if (best === chain * 4 + 2) hits++;
    }
    expect(hits / nChains).toBeGreaterThan(0.8);
  });

  test("early stopping keeps the best validation epoch and reports progress", async () => {
    const users = chainUsers(nChains, 120, 5);
    const validation = Int32Array.from(users, (u) => u.items.at(-1)!);
    const train = interactionsOf(users.map((u) => ({ items: u.items.slice(0, -1) })));
    const seen: { step: number; values?: Record<string, number> }[] = [];
    const model = await sasrec.fit(
      { nItems, interactions: train, validation },
      { ...tiny, epochs: 12, patience: 3 },
      { onProgress: (p) => seen.push(p) },
    );
    expect(seen.length).toBeGreaterThan(0);
    for (const p of seen) {
      expect(p.values?.loss).toBeGreaterThan(0);
      expect(p.values?.["validation.ndcg@10"]).toBeGreaterThanOrEqual(0);
    }
    const config = model.toArtifact().config;
    const bestEpoch = seen.reduce((b, p) =>
      p.values!["validation.ndcg@10"]! > b.values!["validation.ndcg@10"]! ? p : b,
    ).step;
    expect(config.trainedEpochs).toBe(bestEpoch);
  });

  test("a helper thread computing half of each step trains exactly the one-thread model", async () => {
    // Dropout and the teacher on: both halves' masks and soft targets must travel intact.
    const config = { ...tiny, epochs: 3, dropout: 0.2, teacherShare: 0.9 };
    const progress: string[] = [];
    const two = await sasrec.fit(
      data,
      { ...config, threads: 2 },
      { onProgress: (p) => progress.push(p.stage) },
    );
    const one = await sasrec.fit(data, { ...config, threads: 1 });
    expect(progress[0]).toContain("2 threads");
    expect(two.toArtifact().arrays).toEqual(one.toArtifact().arrays);
    expect([two.toArtifact().config.trainedThreads, one.toArtifact().config.trainedThreads]).toEqual([2, 1]);
  });

  test("the same seed trains the same model", async () => {
    const config = { ...tiny, epochs: 3, dropout: 0.3, negatives: 8 };
    const a = await sasrec.fit(data, config);
    const b = await sasrec.fit(data, config);
    expect(a.score({ items: [0, 1] })).toEqual(b.score({ items: [0, 1] }));
  });
});

describe("sasrec serving", () => {
  test("the plain TypeScript forward pass equals the tfjs training graph", async () => {
    const { tf } = await loadTf();
    const weights = initialWeights(30, 8, 6, 2, 11);
    const vars = toVariables(tf, weights);
    const histories = [[3, 7, 1], [5, 6, 7, 8, 9, 10, 11, 12], [29]];
    const batch = makeBatch(
      histories.map((h) => Int32Array.from(h)),
      6,
      true,
    );
    const hidden = tf.tidy(() => forwardGraph(tf, vars, batch, 6, { dropout: 0, seed: 0 }).arraySync());
    histories.forEach((h, b) => {
      const expected = hidden[b * 6 + 5]!;
      const got = [...sequenceState(weights, h)];
      got.forEach((x, i) => {
        expect(x).toBeCloseTo(expected[i]!, 4);
      });
    });
    for (const v of variableList(vars)) v.dispose();
  });

  test("round-trips through its artifact; dislikes are left out; similar and explain are true to the model", async () => {
    const data = { nItems: 40, interactions: interactionsOf(chainUsers(10, 60, 9)) };
    const model = await sasrec.fit(data, { ...tiny, epochs: 5 });
    const loaded = sasrec.load(model.toArtifact());
    const h = { items: [0, 1, 2] };
    expect(loaded.score(h)).toEqual(model.score(h));
    expect(loaded.toArtifact().config.userWeightPower).toBe(sasrec.defaults.userWeightPower);
    // A model saved before positions were weighted per user does not claim they were.
    const { userWeightPower: _, ...older } = model.toArtifact().config;
    const old = sasrec.load({ ...model.toArtifact(), config: older });
    expect(old.toArtifact().config.userWeightPower).toBe(0);
    expect(old.score(h)).toEqual(model.score(h));
    expect(model.score({ items: [0, 33, 1, 2], weights: [1, -1, 1, 1] })).toEqual(model.score(h));
    expect(model.score({ items: [] })).toEqual(new Float32Array(40));

    const similar = model.similar(5, 4);
    expect(similar).toHaveLength(4);
    expect(similar.map((s) => s.item)).not.toContain(5);
    for (let k = 1; k < similar.length; k++)
      expect(similar[k - 1]!.score).toBeGreaterThanOrEqual(similar[k]!.score);

    // Leave-one-out: each contribution is the score lost without that film.
    const target = 3;
    const full = model.score(h)[target]!;
    for (const c of model.explain(h, target)) {
      const without = h.items.filter((i) => i !== c.item);
      expect(c.weight).toBeCloseTo(full - model.score({ items: without })[target]!, 4);
      expect(c.weight).toBeGreaterThan(0);
    }
  });
});

describe("sasrec weight average", () => {
  test("moves every array a (1 − decay) step towards the current weights", () => {
    const shadow = initialWeights(3, 4, 2, 1, 1);
    const current = initialWeights(3, 4, 2, 1, 2);
    const before = weightsToArrays(structuredClone(shadow));
    const now = weightsToArrays(current);
    updateAverage(shadow, current, 0.75);
    for (const [name, avg] of Object.entries(weightsToArrays(shadow))) {
      avg.forEach((x, i) => {
        expect(x, name).toBeCloseTo(0.75 * before[name]![i]! + 0.25 * now[name]![i]!, 6);
      });
    }
    expect(current.items).toEqual(initialWeights(3, 4, 2, 1, 2).items);
  });
});

describe("sasrec with films left out of its softmax", () => {
  // The chains, plus films 40..43 that one user each rated once, each right after a chain's
  // first film: too seldom a target to rank (outputMinCount 2).
  const users = chainUsers(10, 120, 5);
  users.slice(0, 4).forEach((u, k) => {
    u.items.splice(1, 0, 40 + k);
  });
  const data = { nItems: 44, interactions: interactionsOf(users) };

  test("still learns the chains; the rare films score last, are never similar, and survive the artifact", async () => {
    const model = await sasrec.fit(data, { ...tiny, outputMinCount: 2 });
    let hits = 0;
    for (let chain = 0; chain < 10; chain++) {
      const scores = model.score({ items: [chain * 4, chain * 4 + 1] });
      if (topK(scores, 1)[0] === chain * 4 + 2) hits++;
      const lowest = Math.min(...scores.subarray(0, 40));
      for (let rare = 40; rare < 44; rare++) expect(scores[rare]).toBe(lowest);
    }
    expect(hits).toBeGreaterThanOrEqual(9);
    expect(model.similar(0, 43).map((s) => s.item)).not.toContain(40);
    expect(model.explain({ items: [0, 1] }, 41)).toEqual([]);
    const loaded = sasrec.load(model.toArtifact());
    expect(loaded.score({ items: [4, 5] })).toEqual(model.score({ items: [4, 5] }));
    // An artifact from before the cut-off (no list) ranks every film.
    const { outputs: _, ...older } = model.toArtifact().arrays;
    const unlisted = sasrec.load({ ...model.toArtifact(), arrays: older }).score({ items: [4, 5] });
    expect(unlisted.subarray(0, 40)).toEqual(model.score({ items: [4, 5] }).subarray(0, 40));
    expect(new Set(unlisted.subarray(40)).size).toBeGreaterThan(1);
    // Without the cut-off the rare films are ranked like any other.
    const all = await sasrec.fit(data, { ...tiny, epochs: 2, outputMinCount: 0 });
    const scores = all.score({ items: [0] });
    expect(new Set(scores.subarray(40)).size).toBeGreaterThan(1);
  });
});
