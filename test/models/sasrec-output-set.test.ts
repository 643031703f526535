import { describe, expect, test } from "vitest";
import { scoreAll, sequenceState } from "../../models/sequence/forward.ts";
import {
  filmCounts,
  outputColumns,
  outputFilms,
  targetsInColumns,
  unrankedFilms,
} from "../../models/sequence/output-set.ts";
import { initialWeights } from "../../models/sequence/weights.ts";

describe("the films sasrec's softmax ranks", () => {
  const sequences = [Int32Array.from([0, 1, 2, 1]), Int32Array.from([1, 2, 4]), Int32Array.from([2])];

  test("are those the training sequences hold at least minCount times, ascending; 0 keeps all", () => {
    expect(outputFilms(sequences, 6, 2)).toEqual(Int32Array.from([1, 2]));
    expect(outputFilms(sequences, 6, 1)).toEqual(Int32Array.from([0, 1, 2, 4]));
    expect(outputFilms(sequences, 6, 0)).toBeUndefined();
    expect(outputColumns(Int32Array.from([1, 2]), 4)).toEqual(Int32Array.from([-1, 0, 1, -1]));
    expect(filmCounts(sequences, 6)).toEqual(Int32Array.from([1, 3, 3, 0, 1, 0]));
    expect(unrankedFilms(Int32Array.from([1, 2]), 6)).toEqual(Int32Array.from([0, 3, 4, 5]));
  });

  test("targets move to their columns; mass outside is dropped, each row scaled back to one, empty rows dropped", () => {
    const column = outputColumns(Int32Array.from([1, 2]), 6);
    // Row 0: 0.1 on film 1, 0.6 on film 2, 0.3 on film 4 (outside). Row 1: all on film 0
    // (outside). Row 2: all on film 2.
    const { target, kept } = targetsInColumns(
      {
        rows: Int32Array.from([0, 0, 0, 1, 2]),
        classes: Int32Array.from([1, 2, 4, 0, 2]),
        mass: Float32Array.from([0.1, 0.6, 0.3, 1, 1]),
      },
      3,
      column,
    );
    expect([...kept]).toEqual([0, 2]);
    expect([...target.rows]).toEqual([0, 0, 1]);
    expect([...target.classes]).toEqual([0, 1, 1]);
    expect(target.mass[0]).toBeCloseTo(0.1 / 0.7, 6);
    expect(target.mass[1]).toBeCloseTo(0.6 / 0.7, 6);
    expect(target.mass[2]).toBeCloseTo(1, 6);
  });

  test("serving scores only those films, in any order; the rest take the lowest of their scores", () => {
    const weights = initialWeights(6, 8, 4, 1, 3);
    const state = sequenceState(weights, [0, 2]);
    const all = scoreAll(weights, state);
    // Two films, the lower id scoring higher, listed higher id first: a walk that assumed an
    // ascending list would give the first one the floor.
    const low = [0, 1, 2, 3, 4].find((j) => all.subarray(j + 1).some((x) => x < all[j]!))!;
    const high = [...all.keys()].find((j) => j > low && all[j]! < all[low]!)!;
    const some = scoreAll(weights, state, Int32Array.from([high, low]));
    const floor = all[high]!;
    expect([...some]).toEqual([...all.keys()].map((j) => (j === low ? all[low] : floor)));
  });
});
