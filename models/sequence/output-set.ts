import type { TargetMass } from "./tf-ops.ts";

/**
 * The films the training softmax ranks: those the training sequences hold at least
 * `minCount` times, ascending. A film seen once or twice is a target too seldom to place its
 * vector, while every film in the softmax costs time at every position; undefined keeps
 * the whole catalogue.
 */
export function outputFilms(sequences: readonly Int32Array[], nItems: number, minCount: number) {
  if (minCount <= 0) return undefined;
  const films: number[] = [];
  filmCounts(sequences, nItems).forEach((n, i) => {
    if (n >= minCount) films.push(i);
  });
  return Int32Array.from(films);
}

/** How many times each film occurs in the training sequences. */
export function filmCounts(sequences: readonly Int32Array[], nItems: number): Int32Array {
  const counts = new Int32Array(nItems);
  for (const s of sequences) for (const i of s) counts[i]! += 1;
  return counts;
}

/** 1 for each film the softmax ranks: those in `outputs`, or every film when it is undefined. */
export function rankedMask(outputs: Int32Array | undefined, nItems: number): Uint8Array {
  const ranked = new Uint8Array(nItems).fill(outputs ? 0 : 1);
  for (const j of outputs ?? []) ranked[j] = 1;
  return ranked;
}

/** The films outside `outputs`, ascending. */
export function unrankedFilms(outputs: Int32Array, nItems: number): Int32Array {
  const ranked = rankedMask(outputs, nItems);
  return Int32Array.from(ranked.keys()).filter((j) => ranked[j] === 0);
}

/** Each film's column among `outputs`, or −1. */
export function outputColumns(outputs: Int32Array, nItems: number): Int32Array {
  const column = new Int32Array(nItems).fill(-1);
  outputs.forEach((film, c) => {
    column[film] = c;
  });
  return column;
}

/**
 * `target` (over films) as mass over output columns: mass on films outside is dropped and
 * each row's rest scaled back to 1; rows left with none are dropped (`kept` lists the
 * surviving rows, whose new numbers follow that order).
 */
export function targetsInColumns(
  target: TargetMass,
  rows: number,
  column: Int32Array,
): { target: TargetMass; kept: Int32Array } {
  const total = new Float64Array(rows);
  target.rows.forEach((r, q) => {
    if (column[target.classes[q]!]! >= 0) total[r]! += target.mass[q]!;
  });
  const renumbered = new Int32Array(rows).fill(-1);
  const kept: number[] = [];
  total.forEach((t, r) => {
    if (t > 0) renumbered[r] = kept.push(r) - 1;
  });
  const out: { rows: number[]; classes: number[]; mass: number[] } = { rows: [], classes: [], mass: [] };
  target.rows.forEach((r, q) => {
    const c = column[target.classes[q]!]!;
    if (c < 0 || renumbered[r]! < 0) return;
    out.rows.push(renumbered[r]!);
    out.classes.push(c);
    out.mass.push(target.mass[q]! / total[r]!);
  });
  return {
    target: {
      rows: Int32Array.from(out.rows),
      classes: Int32Array.from(out.classes),
      mass: Float32Array.from(out.mass),
    },
    kept: Int32Array.from(kept),
  };
}
