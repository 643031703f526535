import { deserialize, serialize } from "node:v8";
import { expect, test } from "vitest";
import { factorArrays, factorTable, loadFactorTable, quantiseRows } from "../../models/factor-table.ts";
import { seededRandom } from "../../models/random.ts";

const dims = 7; // not a multiple of four: the JavaScript loop, its unrolled tail and the codes' padding
const rows = 50;
const rand = seededRandom(3);
const values = Float32Array.from({ length: rows * dims }, (_, k) => (k < dims ? 0 : (rand() - 0.5) * 4));

test("int8 codes are within half a step of each value, on each row's own scale", () => {
  const { codes, scales } = quantiseRows(values, dims);
  expect(scales[0]).toBe(0); // an all-zero row stays zero
  for (let r = 1; r < rows; r++) {
    let max = 0;
    for (let a = 0; a < dims; a++) max = Math.max(max, Math.abs(values[r * dims + a]!));
    expect(scales[r]).toBeCloseTo(max / 127, 6);
    for (let a = 0; a < dims; a++) {
      const back = codes[r * dims + a]! * scales[r]!;
      expect(Math.abs(back - values[r * dims + a]!)).toBeLessThanOrEqual(scales[r]! / 2 + 1e-7);
    }
  }
});

test("a table saved and read back (through the registry's v8 format) keeps its form and its dot products", () => {
  const x = Float64Array.from({ length: dims }, () => rand() - 0.5);
  for (const storage of ["float32", "int8"] as const) {
    const table = factorTable(values, dims, storage);
    const arrays = deserialize(serialize(factorArrays(table, "v"))) as Record<string, ArrayBufferView>;
    const again = loadFactorTable(arrays, "v", dims);
    expect(again.storage).toBe(storage);
    expect(again.rows).toBe(rows);
    const a = new Float32Array(rows);
    const b = new Float32Array(rows);
    table.dotAll(x, a);
    again.dotAll(x, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    // The dot products are those of the (de)quantised rows.
    const dense = again.dense();
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += dense[r * dims + d]! * x[d]!;
      expect(b[r]).toBeCloseTo(s, 5);
    }
  }
  const int8Bytes = Object.values(factorArrays(factorTable(values, dims, "int8"), "v")).reduce(
    (s, v) => s + v.byteLength,
    0,
  );
  expect(int8Bytes).toBeLessThan(values.byteLength / 2);
});

test("an artifact without the vectors is refused, naming them", () => {
  expect(() => loadFactorTable({}, "itemFactors", dims)).toThrow(/itemFactors/);
});

test("the SIMD dot products (rows of a multiple of eight) equal the JavaScript ones within float32 rounding", () => {
  const wide = 16;
  const v = Float32Array.from({ length: 300 * wide }, () => (rand() - 0.5) * 2);
  const x = Float64Array.from({ length: wide }, () => rand() - 0.5);
  for (const storage of ["float32", "int8"] as const) {
    const table = factorTable(v, wide, storage);
    const dense = table.dense();
    const out = new Float32Array(300);
    table.dotAll(x, out);
    for (let r = 0; r < 300; r++) {
      let s = 0;
      for (let d = 0; d < wide; d++) s += dense[r * wide + d]! * x[d]!;
      expect(Math.abs(out[r]! - s)).toBeLessThan(1e-5);
    }
  }
});
