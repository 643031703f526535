import { describe, expect, test } from "vitest";
import { usersOnly } from "../../models/evaluate/newcomer.ts";
import { popularity } from "../../models/popularity/popularity.ts";
import { seededRandom } from "../../models/random.ts";
import { sampledData, usersHolding } from "../../models/scale.ts";
import { historyWindows, makeBatch } from "../../models/sequence/batches.ts";
import { candidateSampler, drawProbabilities } from "../../models/sequence/candidates.ts";
import { forwardGraph, nextItemLoss, toVariables, variableList } from "../../models/sequence/graph.ts";
import { LocalRows } from "../../models/sequence/local-rows.ts";
import { sasrec } from "../../models/sequence/sasrec.ts";
import { SparseItems } from "../../models/sequence/sparse-items.ts";
import { shareGradients } from "../../models/sequence/step.ts";
import { hardTargets } from "../../models/sequence/tf-ops.ts";
import { sequencesOf } from "../../models/sequence/train.ts";
import { initialWeights } from "../../models/sequence/weights.ts";
import { loadTf } from "../../models/tfjs/backend.ts";
import { topK } from "../../models/top-k.ts";
import { interactionsOf, prng, type UserEvents } from "./fixtures.ts";

const sampler = { negatives: 6, uniformShare: 0.5, negativePower: 1, seed: 3 };
const counts = Int32Array.from([40, 20, 10, 5, 3, 1, 1, 0, 0, 20]);

describe("the sampled softmax's columns", () => {
  test("each film once; every position's label is its own next film; a sampled target is that one column", () => {
    const draw = candidateSampler(counts, counts, { ...sampler, negatives: 40 });
    const targets = Int32Array.from([0, 0, 1, 9, 5]);
    const c = draw(targets);
    expect(new Set(c.films).size).toBe(c.films.length);
    targets.forEach((t, r) => {
      expect(c.films[c.labels[r]!]).toBe(t);
    });
    // The positives come first, in order of first appearance; 40 draws surely hit film 0
    // too, which stays its one column (an accidental hit is never a second, negative column).
    expect([...c.films.subarray(0, 4)]).toEqual([0, 1, 9, 5]);
    expect(c.films.filter((f) => f === 0)).toHaveLength(1);
    expect(c.films.length).toBeGreaterThan(4);
    for (const q of c.logQ) expect(q).toBeLessThanOrEqual(0);
  });

  test("the same seed draws the same columns; another seed others", () => {
    const targets = Int32Array.from([2, 3]);
    const a = candidateSampler(counts, counts, sampler);
    const b = candidateSampler(counts, counts, sampler);
    const other = candidateSampler(counts, counts, { ...sampler, seed: 4 });
    const runs = [0, 1, 2, 3].map(() => [a(targets), b(targets), other(targets)]);
    for (const [x, y] of runs) expect(x).toEqual(y);
    expect(runs.map((r) => [...r[0]!.films])).not.toEqual(runs.map((r) => [...r[2]!.films]));
  });

  test("draws follow the uniform/popularity mixture; films never seen get the uniform share only", () => {
    const q = drawProbabilities(counts, sampler);
    expect(q.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
    expect(q[7]).toBeCloseTo(0.5 / 10, 9);
    expect(q[0]).toBeCloseTo(0.05 + (0.5 * 40) / 100, 9);
    const pure = drawProbabilities(counts, { ...sampler, uniformShare: 0, negativePower: 0.5 });
    expect(pure[0]! / pure[3]!).toBeCloseTo(Math.sqrt(40 / 5), 6);
  });

  test("the logQ correction makes Σ exp(score − logQ) over the columns an unbiased estimate of the full Σ exp(score)", () => {
    // The positives are the batch's next films: draws from the target frequencies, as the
    // correction assumes. Averaged over many batches, the estimate meets the true sum.
    const rand = seededRandom(9);
    const scores = Float64Array.from({ length: 10 }, (_, j) => Math.sin(j) * 2);
    const full = scores.reduce((s, x) => s + Math.exp(x), 0);
    const draw = candidateSampler(counts, counts, { ...sampler, negatives: 3 });
    const total = counts.reduce((s, k) => s + k, 0);
    const nextFilm = () => {
      let r = rand() * total;
      for (let j = 0; j < counts.length; j++) {
        r -= counts[j]!;
        if (r < 0) return j;
      }
      return counts.length - 1;
    };
    let sum = 0;
    let uncorrected = 0;
    const trials = 20_000;
    for (let t = 0; t < trials; t++) {
      const c = draw(Int32Array.from({ length: 2 }, nextFilm));
      c.films.forEach((f, k) => {
        sum += Math.exp(scores[f]! - c.logQ[k]!);
        uncorrected += Math.exp(scores[f]!);
      });
    }
    expect(sum / trials / full).toBeCloseTo(1, 1);
    expect(Math.abs(sum / trials / full - 1)).toBeLessThan(0.03);
    // Without it the columns' sum misses most of the denominator.
    expect(uncorrected / trials / full).toBeLessThan(0.9);
  });
});

describe("the sampled softmax's loss", () => {
  test("with every film a column and the same logQ for all, it is the full softmax: loss and gradients", async () => {
    const { tf } = await loadTf();
    const nItems = 12;
    const weights = initialWeights(nItems, 8, 5, 1, 4);
    const vars = toVariables(tf, weights);
    const windows = [
      Int32Array.from([1, 2, 3, 4]),
      Int32Array.from([5, 6, 7, 8, 9, 10]),
      Int32Array.from([11, 0]),
    ];
    const batch = makeBatch(windows, 5);
    const all = Int32Array.from({ length: nItems }, (_, j) => j);
    const tensors = tf.memory().numTensors;
    const full = shareGradients(tf, vars, { batch, seed: 0 }, { maxLen: 5, dropout: 0 });
    // Columns in another order than the films, to check the labels are followed.
    const order = Int32Array.from(all).reverse();
    const labels = Int32Array.from(batch.targets, (t) => order.indexOf(t));
    const sampled = shareGradients(
      tf,
      vars,
      {
        batch,
        seed: 0,
        target: hardTargets(labels),
        sampled: { items: weights.items, columns: order, logQ: new Float32Array(nItems).fill(Math.log(0.3)) },
      },
      { maxLen: 5, dropout: 0 },
    );
    // Only the gradients are left (the share's item rows are not: a step would leak them).
    expect(tf.memory().numTensors - tensors).toBe(2 * Object.keys(full.grads).length);
    expect(sampled.loss).toBeCloseTo(full.loss, 5);
    for (const [name, g] of Object.entries(full.grads)) {
      const a = g.dataSync();
      const b = sampled.grads[name]!.dataSync();
      a.forEach((x, i) => {
        expect(b[i], name).toBeCloseTo(x, 5);
      });
    }
    const hidden = tf.tidy(() => forwardGraph(tf, vars, batch, 5, { dropout: 0, seed: 0 }));
    expect(() =>
      nextItemLoss(tf, vars, hidden, batch, { columns: all, logQ: new Float32Array(nItems) }),
    ).toThrow(/label/);
    tf.dispose([hidden, ...Object.values(full.grads), ...Object.values(sampled.grads)]);
    for (const v of variableList(vars)) v.dispose();
  });

  test("a step's shares index a small table of the films they touch, columns first, and split the labels and weights", () => {
    const batches = [makeBatch([Int32Array.from([7, 3, 8])], 3), makeBatch([Int32Array.from([2, 9])], 3)];
    const candidates = {
      films: Int32Array.from([3, 8, 9, 5]),
      logQ: new Float32Array(4),
      labels: Int32Array.from([0, 1, 2]),
    };
    const table = Float32Array.from({ length: 10 * 2 }, (_, i) => i);
    const gather = (films: Int32Array) =>
      Float32Array.from([...films].flatMap((f) => [table[2 * f]!, table[2 * f + 1]!]));
    const rows = new LocalRows(10);
    const { films, shares } = rows.shares(batches, candidates, gather, Float32Array.from([1, 2, 3]));
    // Columns 3, 8, 9, 5 are rows 0..3; then the inputs 7 and 2 (and 0, the padding).
    expect([...films.subarray(0, 4)]).toEqual([3, 8, 9, 5]);
    expect(new Set(films)).toEqual(new Set([3, 8, 9, 5, 7, 2, 0]));
    expect(shares[0]!.sampled!.items).toEqual(gather(films));
    const filmOf = (r: number) => films[r];
    expect([...shares[0]!.batch.targets].map(filmOf)).toEqual([3, 8]);
    expect([...shares[1]!.batch.targets].map(filmOf)).toEqual([9]);
    expect([...shares[0]!.batch.inputs].map(filmOf)).toEqual([0, 7, 3]);
    expect([...shares[1]!.target!.classes]).toEqual([2]);
    expect([...shares[1]!.target!.mass]).toEqual([3]);
    expect([...shares[0]!.target!.mass]).toEqual([1, 2]);
    // The map is reset: the next step sees only its own films.
    const next = rows.shares(
      [makeBatch([Int32Array.from([1, 4])], 3)],
      { ...candidates, films: Int32Array.from([4]), labels: Int32Array.from([0]) },
      gather,
    );
    expect(new Set(next.films)).toEqual(new Set([4, 1, 0]));
  });
});

describe("the sampled softmax's item table", () => {
  const adam = { learningRate: 0.05, beta1: 0.9, beta2: 0.98, epsilon: 1e-7 };

  test("a step touching every row is tfjs's Adam step", async () => {
    const { tf } = await loadTf();
    const initial = Float32Array.from({ length: 4 * 3 }, (_, i) => Math.cos(i));
    const table = new SparseItems(initial, 3, adam, 0.9);
    const v = tf.variable(tf.tensor2d(initial, [4, 3]));
    const optimizer = tf.train.adam(adam.learningRate, adam.beta1, adam.beta2);
    const all = Int32Array.from([0, 1, 2, 3]);
    for (let s = 0; s < 3; s++) {
      const g = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i + s));
      table.apply(all, g);
      optimizer.applyGradients([{ name: v.name, tensor: tf.tensor2d(g, [4, 3]) }]);
    }
    const expected = v.dataSync();
    table.values.forEach((x, i) => {
      expect(x).toBeCloseTo(expected[i]!, 5);
    });
    optimizer.dispose();
    v.dispose();
  });

  test("rows without a gradient stay put, and the lazy average equals the dense one step for step", () => {
    const decay = 0.8;
    const initial = Float32Array.from({ length: 5 * 2 }, (_, i) => i / 10);
    const table = new SparseItems(initial, 2, adam, decay);
    const rand = seededRandom(5);
    table.apply(Int32Array.from([1, 3]), Float32Array.from([1, 1, -1, 2]));
    expect(table.values.subarray(0, 2)).toEqual(initial.subarray(0, 2));
    expect(table.values[2]).not.toBe(initial[2]);
    expect(table.average()).toBeUndefined();
    table.startAverage();
    let dense = Float32Array.from(table.values);
    for (let s = 0; s < 12; s++) {
      const films = Int32Array.from([0, 1, 2, 3, 4].filter(() => rand() < 0.4));
      table.apply(
        films,
        Float32Array.from({ length: films.length * 2 }, () => rand() - 0.5),
      );
      dense = Float32Array.from(dense, (a, i) => decay * a + (1 - decay) * table.values[i]!);
    }
    const lazy = table.average()!;
    lazy.forEach((x, i) => {
      expect(x).toBeCloseTo(dense[i]!, 6);
    });
  });
});

/** Chains a → b → c → d of 4 films each, walked in order (sasrec.test.ts has the same users). */
function chainUsers(nChains: number, nUsers: number, seed: number): UserEvents[] {
  const rand = prng(seed);
  return Array.from({ length: nUsers }, () => {
    const items: number[] = [];
    const length = 8 + Math.floor(rand() * 12);
    while (items.length < length) {
      // Popular chains (low numbers) come up more often, so popularity has something to say.
      const chain = Math.floor(rand() ** 1.5 * nChains);
      for (let j = 0; j < 4 && items.length < length; j++) items.push(chain * 4 + j);
    }
    return { items };
  });
}

describe("sasrec with the sampled softmax", () => {
  const nChains = 12;
  const nItems = nChains * 4;
  const data = { nItems, interactions: interactionsOf(chainUsers(nChains, 150, 7)) };
  const tiny = {
    dim: 16,
    blocks: 1,
    maxLen: 8,
    batchSize: 32,
    epochs: 40,
    learningRate: 0.01,
    dropout: 0,
    negatives: 8,
    fullSoftmaxUpTo: 0,
  };

  test("learns the planted order, well ahead of popularity", async () => {
    const model = await sasrec.fit(data, tiny);
    expect(model.toArtifact().config.trainedSoftmax).toBe("sampled");
    const pop = popularity.fit(data);
    let hits = 0;
    let popHits = 0;
    let cases = 0;
    for (let chain = 0; chain < nChains; chain++) {
      for (let j = 0; j < 3; j++) {
        const history = Array.from({ length: j + 1 }, (_, q) => chain * 4 + q);
        const next = chain * 4 + j + 1;
        cases++;
        const unseen = (s: Float32Array) => topK(s, 1, (i) => !history.includes(i))[0];
        if (unseen(model.score({ items: history })) === next) hits++;
        if (unseen(pop.score({ items: history })) === next) popHits++;
      }
    }
    expect(hits / cases).toBeGreaterThan(0.8);
    expect(hits).toBeGreaterThan(popHits + cases / 2);
  });

  test("is used above fullSoftmaxUpTo films, not at or below it, and never with negatives 0", async () => {
    const quick = { ...tiny, epochs: 1 };
    const softmaxOf = async (config: Record<string, unknown>) =>
      (await sasrec.fit(data, { ...quick, ...config })).toArtifact().config.trainedSoftmax;
    // outputMinCount 0: the full softmax would rank all 48 films.
    expect(await softmaxOf({ outputMinCount: 0, fullSoftmaxUpTo: 47 })).toBe("sampled");
    expect(await softmaxOf({ outputMinCount: 0, fullSoftmaxUpTo: 48 })).toBe("full");
    expect(await softmaxOf({ outputMinCount: 0, fullSoftmaxUpTo: 0, negatives: 0 })).toBe("full");
  });

  test("a helper thread computing half of each step trains exactly the one-thread model; a seed reproduces it", async () => {
    const config = { ...tiny, epochs: 3, dropout: 0.2 };
    const two = await sasrec.fit(data, { ...config, threads: 2 });
    const one = await sasrec.fit(data, { ...config, threads: 1 });
    const again = await sasrec.fit(data, { ...config, threads: 1 });
    expect(two.toArtifact().config.trainedThreads).toBe(2);
    expect(two.toArtifact().arrays).toEqual(one.toArtifact().arrays);
    expect(again.toArtifact().arrays).toEqual(one.toArtifact().arrays);
    const other = await sasrec.fit(data, { ...config, threads: 1, seed: 2 });
    expect(other.toArtifact().arrays.items).not.toEqual(one.toArtifact().arrays.items);
  });
});

describe("windows per user", () => {
  test("are capped at the newest windowsPerUser; the fit reports how many it trained on", async () => {
    const long = Int32Array.from({ length: 50 }, (_, i) => i % 40);
    const short = Int32Array.from([1, 2, 3]);
    const cut = historyWindows([long, short], 8, 2);
    expect(cut.map((w) => [w.user, w.start, w.items.length])).toEqual([
      [0, 41, 9],
      [0, 33, 9],
      [1, 0, 3],
    ]);
    // Uncapped: every transition once (49 of the long history in 7 windows).
    const all = historyWindows([long, short], 8, 1_000);
    expect(all.filter((w) => w.user === 0).reduce((s, w) => s + w.items.length - 1, 0)).toBe(49);
    const data = { nItems: 40, interactions: interactionsOf([{ items: [...long] }, { items: [...short] }]) };
    const config = { dim: 8, blocks: 1, maxLen: 8, epochs: 1, teacherShare: 0 };
    const capped = await sasrec.fit(data, { ...config, windowsPerUser: 2 });
    const uncapped = await sasrec.fit(data, config);
    expect(capped.toArtifact().config.trainedWindows).toBe(3);
    expect(uncapped.toArtifact().config.trainedWindows).toBe(all.length);
  });
});

describe("at size", () => {
  test("learns from seeded users holding about sasrecRatings ratings, for at most sasrecEpochs epochs", async () => {
    const nChains = 12;
    const x = interactionsOf(chainUsers(nChains, 150, 7));
    const scale = { largeUsers: 100, sasrecRatings: 600, sasrecEpochs: 1 };
    const data = { nItems: nChains * 4, interactions: x, scale };
    const config = { dim: 8, blocks: 1, maxLen: 8, epochs: 4, teacherShare: 0, threads: 1 };
    const sampled = (await sasrec.fit(data, config)).toArtifact();
    const again = (await sasrec.fit(data, config)).toArtifact();
    // Below the threshold the same settings train on everyone for every epoch.
    const whole = (
      await sasrec.fit({ ...data, scale: { ...scale, largeUsers: 1_000 } }, config)
    ).toArtifact();
    expect(sampled.arrays).toEqual(again.arrays);
    expect(sampled.config.trainedEpochs).toBe(1);
    expect(whole.config.trainedEpochs).toBe(4);
    const held = usersHolding(x, 600);
    const heldData = { nItems: 48, interactions: usersOnly(x, held) };
    expect(sampled.config.trainedWindows).toBe(historyWindows(sequencesOf(heldData), 8, 200).length);
    expect(Number(sampled.config.trainedWindows)).toBeLessThan(Number(whole.config.trainedWindows) / 2);
  });

  test("a sample keeps each sampled user's validation item with them", () => {
    const x = interactionsOf(chainUsers(4, 150, 7));
    const validation = Int32Array.from({ length: 150 }, (_, u) => u % 48);
    const data = { nItems: 48, interactions: x, validation, scale: { largeUsers: 100 } };
    const out = sampledData(data, 600);
    const held = usersHolding(x, 600);
    expect(Array.from(out.interactions.userIds)).toEqual(held.map((u) => x.userIds[u]));
    expect(Array.from(out.validation!)).toEqual(held.map((u) => u % 48));
    const small = { ...data, scale: { largeUsers: 1_000 } };
    expect(sampledData(small, 600)).toBe(small);
  });
});
