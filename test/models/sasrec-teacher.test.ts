import { describe, expect, test } from "vitest";
import { historyWindows } from "../../models/sequence/batches.ts";
import {
  interleaveTargets,
  mixedTargets,
  seqKnnTeacher,
  teacherTargets,
} from "../../models/sequence/teacher.ts";
import { hardTargets, trainOps } from "../../models/sequence/tf-ops.ts";
import { loadTf } from "../../models/tfjs/backend.ts";
import { seqKnn } from "../../models/transitions/transitions.ts";
import { interactionsOf } from "./fixtures.ts";

describe("the counting teacher's soft targets", () => {
  // User 0 goes 0 → 1 → 5; user 5 (in user 0's fold of five) goes 0 → 3 → 7; everyone else 0 → 2 → 6.
  const users = Array.from({ length: 10 }, (_, u) => ({
    items: u === 0 ? [0, 1, 5] : u === 5 ? [0, 3, 7] : [0, 2, 6],
  }));
  const data = { nItems: 8, interactions: interactionsOf(users) };
  const windows = historyWindows(
    users.map((u) => Int32Array.from(u.items)),
    4,
    10,
  );
  const soft = teacherTargets(
    (interactions) => seqKnn.fit({ ...data, interactions }),
    data.interactions,
    windows,
    3,
  );

  test("come from a teacher that never saw the user (nor the rest of its fold)", () => {
    // The first target of user 0's window: after film 0, what do the other folds' users do?
    const after0 = [...soft.items[0]!.subarray(0, 3)].filter((_, r) => soft.weights[0]![r]! > 0);
    expect(after0).toContain(2);
    expect(after0).not.toContain(1);
    expect(after0).not.toContain(3);
  });

  test("are unseen films with weights summing to one, best first", () => {
    soft.items.forEach((ids, w) => {
      const history = users[windows[w]!.user]!.items;
      for (let t = 0; t < ids.length / 3; t++) {
        const weights = [...soft.weights[w]!.subarray(t * 3, t * 3 + 3)];
        const total = weights.reduce((a, b) => a + b, 0);
        expect(total === 0 || Math.abs(total - 1) < 1e-6).toBe(true);
        for (let r = 1; r < 3; r++) expect(weights[r - 1]!).toBeGreaterThanOrEqual(weights[r]!);
        const seen = history.slice(0, windows[w]!.start + t + 1);
        weights.forEach((x, r) => {
          if (x > 0) expect(seen).not.toContain(ids[t * 3 + r]);
        });
      }
    });
  });

  test("of a window do not depend on the windows computed before it", () => {
    // Longer histories: windows start mid-history, and the films seen are marked per window.
    const long = Array.from({ length: 10 }, (_, u) =>
      Int32Array.from({ length: 9 }, (_, p) => (u * 3 + p * (u % 3 === 0 ? 1 : 2)) % 8),
    );
    const longData = { nItems: 8, interactions: interactionsOf(long.map((h) => ({ items: [...h] }))) };
    const cut = historyWindows(long, 3, 10);
    expect(cut.some((w) => w.start > 0)).toBe(true);
    const teach = (some: typeof cut) =>
      teacherTargets(
        (interactions) => seqKnn.fit({ ...longData, interactions }),
        longData.interactions,
        some,
        3,
      );
    const together = teach(cut);
    const alone = [...cut].reverse().map((w) => teach([w]));
    alone.reverse().forEach((one, i) => {
      expect(one.items[0]).toEqual(together.items[i]);
      expect(one.weights[0]).toEqual(together.weights[i]);
    });
  });

  test("mix with the next film so that every row's mass is one", () => {
    const picked = [0, 1];
    const labels = Int32Array.from([1, 5, 2, 6]);
    const mass = mixedTargets(soft, picked, labels, 0.6);
    const perRow = new Float64Array(4);
    mass.rows.forEach((r, q) => {
      perRow[r]! += mass.mass[q]!;
    });
    for (const total of perRow) expect(total).toBeCloseTo(1, 6);
    // The label keeps 1 − share of row 0, where the teacher has an opinion.
    const labelMass = mass.rows.reduce(
      (s, r, q) => s + (r === 0 && mass.classes[q] === 1 ? mass.mass[q]! : 0),
      0,
    );
    expect(labelMass).toBeCloseTo(0.4, 6);
  });

  test("split over two threads (alternate windows) and interleaved, equal the targets computed at once", () => {
    const teach = (some: typeof windows) => seqKnnTeacher(data.nItems, data.interactions, some, 3);
    const all = teach(windows);
    const even = teach(windows.filter((_, i) => i % 2 === 0));
    const odd = teach(windows.filter((_, i) => i % 2 === 1));
    expect(windows.length).toBeGreaterThan(2);
    expect(interleaveTargets(even, odd)).toEqual(all);
    expect(all).toEqual(soft);
  });

  test("a row the teacher has no opinion on keeps all its mass on the next film", () => {
    const empty = { k: 2, items: [new Int32Array(2)], weights: [new Float32Array(2)] };
    const mass = mixedTargets(empty, [0], Int32Array.from([4]), 0.6);
    expect([...mass.classes]).toEqual([4]);
    expect([...mass.mass]).toEqual([1]);
  });
});

describe("softmax cross-entropy against a target distribution", () => {
  const logits = [
    [0.5, -1, 2, 0],
    [1, 1, 0, -0.5],
  ];
  const softmax = (row: number[]) => {
    const m = Math.max(...row);
    const e = row.map((x) => Math.exp(x - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  };
  const target = [
    [0, 0.25, 0.75, 0],
    [0.5, 0, 0, 0.5],
  ];
  const mass = {
    rows: Int32Array.from([0, 0, 1, 1]),
    classes: Int32Array.from([1, 2, 0, 3]),
    mass: Float32Array.from([0.25, 0.75, 0.5, 0.5]),
  };

  test("its value and gradient are the hand-computed ones", async () => {
    const { tf } = await loadTf();
    const ops = trainOps(tf);
    const z = tf.tensor2d(logits);
    const f = (x: import("@tensorflow/tfjs").Tensor) => ops.softmaxCrossEntropy(x as never, mass).asScalar();
    const value = f(z).dataSync()[0]!;
    const p = logits.map(softmax);
    const expected =
      -p.reduce((s, row, r) => s + row.reduce((t, x, c) => t + target[r]![c]! * Math.log(x), 0), 0) / 2;
    expect(value).toBeCloseTo(expected, 5);
    const grad = tf.grad(f)(z).arraySync() as number[][];
    grad.forEach((row, r) => {
      row.forEach((g, c) => {
        expect(g).toBeCloseTo((p[r]![c]! - target[r]![c]!) / 2, 5);
      });
    });
  });

  test("a row whose mass sums to w weighs w times as much, in value and gradient", async () => {
    const { tf } = await loadTf();
    const ops = trainOps(tf);
    const w = [2, 0.5];
    const weighted = { ...mass, mass: Float32Array.from(mass.mass, (m, q) => m * w[mass.rows[q]!]!) };
    const f = (x: import("@tensorflow/tfjs").Tensor) =>
      ops.softmaxCrossEntropy(x as never, weighted).asScalar();
    const z = tf.tensor2d(logits);
    const p = logits.map(softmax);
    const rowLoss = p.map((row, r) => -row.reduce((t, x, c) => t + target[r]![c]! * Math.log(x), 0));
    expect(f(z).dataSync()[0]!).toBeCloseTo((w[0]! * rowLoss[0]! + w[1]! * rowLoss[1]!) / 2, 5);
    const grad = tf.grad(f)(z).arraySync() as number[][];
    grad.forEach((row, r) => {
      row.forEach((g, c) => {
        expect(g).toBeCloseTo((w[r]! * (p[r]![c]! - target[r]![c]!)) / 2, 5);
      });
    });
  });

  test("with one label a row it is the usual mean negative log-likelihood", async () => {
    const { tf } = await loadTf();
    const value = trainOps(tf)
      .softmaxCrossEntropy(tf.tensor2d(logits), hardTargets(Int32Array.from([2, 0])))
      .dataSync()[0]!;
    const p = logits.map(softmax);
    expect(value).toBeCloseTo(-(Math.log(p[0]![2]!) + Math.log(p[1]![0]!)) / 2, 5);
  });
});
