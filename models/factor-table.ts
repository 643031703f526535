import { type SimdTable, simdTable } from "./simd-dot.ts";

/**
 * A table of item vectors (n rows × `dims`, row-major) as a model serves it: float32, or int8
 * codes with one float32 scale per row (the row's largest |value| / 127). Int8 is a quarter of
 * the bytes (87k films × 64 factors: 5.6 MB instead of 22 MB) and a row's dot product with a
 * query is the codes' dot product times the row's scale, so scoring the catalogue is one pass
 * either way.
 */
export type Storage = "float32" | "int8";

export interface FactorTable {
  readonly storage: Storage;
  readonly rows: number;
  readonly dims: number;
  /** Row `r` as float32 values, written into `out` at `at`. */
  rowInto(r: number, out: Float32Array, at?: number): void;
  /** out[i] = row i · x for every row. */
  dotAll(x: Float64Array, out: Float32Array): void;
  /** Every row as float32 (a copy for int8): for the Gram matrix at load, not for serving. */
  dense(): Float32Array;
  arrays(): Record<string, Float32Array | Int8Array>;
}

/** Σ v[o + a] · x[a] over a < dims, unrolled by four (the JIT keeps four sums in registers). */
function rowDot(v: Float32Array | Int8Array, o: number, x: Float64Array, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a = 0;
  for (; a + 3 < dims; a += 4) {
    s0 += v[o + a]! * x[a]!;
    s1 += v[o + a + 1]! * x[a + 1]!;
    s2 += v[o + a + 2]! * x[a + 2]!;
    s3 += v[o + a + 3]! * x[a + 3]!;
  }
  for (; a < dims; a++) s0 += v[o + a]! * x[a]!;
  return s0 + s1 + s2 + s3;
}

class Float32Table implements FactorTable {
  readonly storage = "float32";
  private readonly values: Float32Array;
  /** The rows in WebAssembly memory (the one copy kept), when SIMD is there. */
  private readonly simd: SimdTable<Float32Array> | undefined;
  constructor(
    values: Float32Array,
    readonly dims: number,
  ) {
    this.simd = simdTable(values, dims);
    this.values = this.simd?.rows ?? values;
  }
  get rows(): number {
    return this.values.length / this.dims;
  }
  rowInto(r: number, out: Float32Array, at = 0): void {
    out.set(this.values.subarray(r * this.dims, (r + 1) * this.dims), at);
  }
  dotAll(x: Float64Array, out: Float32Array): void {
    if (this.simd) {
      this.simd.dotAll(x, out);
      return;
    }
    const f = this.dims;
    for (let i = 0, n = this.rows; i < n; i++) out[i] = rowDot(this.values, i * f, x, f);
  }
  dense(): Float32Array {
    return this.values;
  }
  arrays() {
    return { values: this.values };
  }
}

class Int8Table implements FactorTable {
  readonly storage = "int8";
  private readonly codes: Int8Array;
  private readonly simd: SimdTable<Int8Array> | undefined;
  constructor(
    codes: Int8Array,
    private readonly scales: Float32Array,
    readonly dims: number,
  ) {
    this.simd = simdTable(codes, dims);
    this.codes = this.simd?.rows ?? codes;
  }
  get rows(): number {
    return this.scales.length;
  }
  rowInto(r: number, out: Float32Array, at = 0): void {
    const s = this.scales[r]!;
    const o = r * this.dims;
    for (let a = 0; a < this.dims; a++) out[at + a] = this.codes[o + a]! * s;
  }
  dotAll(x: Float64Array, out: Float32Array): void {
    const n = this.rows;
    if (this.simd) {
      this.simd.dotAll(x, out);
      for (let i = 0; i < n; i++) out[i] = out[i]! * this.scales[i]!;
      return;
    }
    const f = this.dims;
    for (let i = 0; i < n; i++) out[i] = this.scales[i]! * rowDot(this.codes, i * f, x, f);
  }
  dense(): Float32Array {
    const out = new Float32Array(this.rows * this.dims);
    for (let r = 0; r < this.rows; r++) this.rowInto(r, out, r * this.dims);
    return out;
  }
  arrays() {
    return { codes: this.codes, scales: this.scales };
  }
}

/** Rounds each row to int8 codes on its own scale: the error per value is at most scale / 2. */
export function quantiseRows(values: Float32Array, dims: number): { codes: Int8Array; scales: Float32Array } {
  const rows = values.length / dims;
  const codes = new Int8Array(values.length);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * dims;
    let max = 0;
    for (let a = 0; a < dims; a++) max = Math.max(max, Math.abs(values[o + a]!));
    if (max === 0) continue;
    const scale = max / 127;
    scales[r] = scale;
    for (let a = 0; a < dims; a++) codes[o + a] = Math.round(values[o + a]! / scale);
  }
  return { codes, scales };
}

/** A float32 table in the asked-for storage. */
export function factorTable(values: Float32Array, dims: number, storage: Storage): FactorTable {
  if (storage === "float32") return new Float32Table(values, dims);
  const { codes, scales } = quantiseRows(values, dims);
  return new Int8Table(codes, scales, dims);
}

/** A table from saved arrays (`values`, or `codes` + `scales`), in the form it was saved in. */
export function loadFactorTable(
  arrays: Readonly<Record<string, ArrayBufferView>>,
  prefix: string,
  dims: number,
): FactorTable {
  const values = arrays[prefix];
  if (values instanceof Float32Array) return new Float32Table(values, dims);
  const packed = arrays[`${prefix}Codes`];
  const scales = arrays[`${prefix}Scales`];
  if (packed instanceof Int32Array && scales instanceof Float32Array) {
    const codes = new Int8Array(packed.buffer, packed.byteOffset, scales.length * dims);
    return new Int8Table(codes, scales, dims);
  }
  throw new Error(`no ${prefix} vectors in the artifact (float32 "${prefix}" or int8 "${prefix}Codes")`);
}

/**
 * The arrays to save for a table under `prefix`, read back by loadFactorTable. A model's
 * artifact holds float32 and int32 arrays, so the int8 codes travel as an Int32Array over the
 * same bytes (four codes an element, zero-padded): on disk and in memory they stay one byte each.
 */
export function factorArrays(table: FactorTable, prefix: string): Record<string, Float32Array | Int32Array> {
  const a = table.arrays();
  if ("values" in a) return { [prefix]: a.values as Float32Array };
  const codes = a.codes as Int8Array;
  const padded = new Int8Array(Math.ceil(codes.length / 4) * 4);
  padded.set(codes);
  return { [`${prefix}Codes`]: new Int32Array(padded.buffer), [`${prefix}Scales`]: a.scales as Float32Array };
}
