/**
 * A film table's dot products with one query, every row, in WebAssembly SIMD (four float32
 * lanes per instruction). A chat turn scores iALS over the whole catalogue (87k films × 64
 * factors: 5.6M multiply-adds), which scalar JavaScript ran in 11–16 ms on this machine, most
 * of a turn. The module is assembled here from its bytes (no toolchain at install); where
 * WebAssembly SIMD is missing, or the row length does not fit the lanes, callers keep their
 * JavaScript loop.
 */

/** LEB128 of an unsigned integer. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

// Opcodes used below.
const GET = 0x20;
const SET = 0x21;
const I32 = 0x41;
const ADD = 0x6a;
const SHL = 0x74;
const GE_U = 0x4f;
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const simd = (op: number, ...rest: number[]) => [0xfd, ...uleb(op), ...rest];
const V128_LOAD = (offset: number) => simd(0x00, 0x02, ...uleb(offset)); // align 4 bytes
const LOAD8X8_S = simd(0x01, 0x00, 0x00);
const V128_ZERO = simd(0x0c, ...new Array(16).fill(0));
const EXTRACT = (lane: number) => simd(0x1f, lane);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);
const EXTEND_LOW = simd(0xa7); // i32x4.extend_low_i16x8_s
const EXTEND_HIGH = simd(0xa8);
const CONVERT = simd(0xfa); // f32x4.convert_i32x4_s
const F32_ADD = 0x92;
const F32_STORE = [0x38, 0x02, 0x00];

// Parameters: rows pointer, row count, row length, query pointer (float32), out pointer.
const [Y, N, F, X, OUT, ROW, COL, P, ACC, T] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The query's lanes at column COL: x + COL·4 (+ offset). */
const queryAt = (offset: number) => [GET, X, GET, COL, I32, 2, SHL, ADD, ...V128_LOAD(offset)];

/** One function: for each row, acc = Σ row · x by `step` columns, then out[row] = acc's lane sum. */
function body(step: number, inner: number[]): number[] {
  // biome-ignore format: one line per instruction group, read as assembly
  const code = [
    GET, Y, SET, P,                                   // p = rows
    I32, 0, SET, ROW,                                 // row = 0
    ...BLOCK, ...LOOP,
    GET, ROW, GET, N, GE_U, BR_IF, 1,                 // while row < n
    ...V128_ZERO, SET, ACC,                           //   acc = 0
    I32, 0, SET, COL,                                 //   col = 0
    ...BLOCK, ...LOOP,
    GET, COL, GET, F, GE_U, BR_IF, 1,                 //   while col < f
    ...inner,                                         //     acc += row[col..] · x[col..]; p += step
    GET, COL, I32, step, ADD, SET, COL,               //     col += step
    BR, 0, END, END,
    GET, OUT, GET, ROW, I32, 2, SHL, ADD,             //   &out[row]
    GET, ACC, ...EXTRACT(0), GET, ACC, ...EXTRACT(1), F32_ADD,
    GET, ACC, ...EXTRACT(2), F32_ADD, GET, ACC, ...EXTRACT(3), F32_ADD,
    ...F32_STORE,                                     //   out[row] = Σ lanes
    GET, ROW, I32, 1, ADD, SET, ROW,                  //   row += 1
    BR, 0, END, END,
    END,
  ];
  // Locals: row, col, p (i32); acc, t (v128).
  const locals = [0x02, 0x03, 0x7f, 0x02, 0x7b];
  const fn = [...locals, ...code];
  return [...uleb(fn.length), ...fn];
}

// float32 rows: four columns a step.
// biome-ignore format: read as assembly
const F32_INNER = [
  GET, ACC, GET, P, ...V128_LOAD(0), ...queryAt(0), ...F32X4_MUL, ...F32X4_ADD, SET, ACC,
  GET, P, I32, 16, ADD, SET, P,
];
// int8 rows: eight codes a step, widened to two float32 vectors.
// biome-ignore format: read as assembly
const I8_INNER = [
  GET, P, ...LOAD8X8_S, SET, T,
  GET, ACC, GET, T, ...EXTEND_LOW, ...CONVERT, ...queryAt(0), ...F32X4_MUL, ...F32X4_ADD,
  GET, T, ...EXTEND_HIGH, ...CONVERT, ...queryAt(16), ...F32X4_MUL, ...F32X4_ADD, SET, ACC,
  GET, P, I32, 8, ADD, SET, P,
];

// biome-ignore format: one line per section
const MODULE = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                              // "\0asm", version 1
  ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]),        // (i32 × 5) → ()
  ...section(2, [0x01, ...name("env"), ...name("mem"), 0x02, 0x00, 0x01]),      // imported memory
  ...section(3, [0x02, 0x00, 0x00]),                                            // two functions
  ...section(7, [0x02, ...name("f32"), 0x00, 0x00, ...name("i8"), 0x00, 0x01]), // exported
  ...section(10, [0x02, ...body(4, F32_INNER), ...body(8, I8_INNER)]),
]);

type Kernel = (y: number, n: number, f: number, x: number, out: number) => void;

/** The part of the WebAssembly API used here (this project's TypeScript libs declare no DOM). */
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly?: Wasm }).WebAssembly;

let compiled: object | null | undefined;
function wasmModule(): object | null {
  compiled ??= wasm?.validate(MODULE) ? new wasm.Module(MODULE) : null;
  return compiled;
}

export type SimdKind = "f32" | "i8";

/**
 * A row table copied into its own WebAssembly memory, with the query and output beside it.
 * `rows` is a view of the table inside that memory (the only copy kept).
 */
export interface SimdTable<A extends Float32Array | Int8Array> {
  rows: A;
  /** out[i] = row i · x (x rounded to float32), summed in float32 lanes. */
  dotAll(x: Float64Array, out: Float32Array): void;
}

const align16 = (n: number) => Math.ceil(n / 16) * 16;

export function simdTable(values: Float32Array, dims: number): SimdTable<Float32Array> | undefined;
export function simdTable(values: Int8Array, dims: number): SimdTable<Int8Array> | undefined;
export function simdTable(
  values: Float32Array | Int8Array,
  dims: number,
): SimdTable<Float32Array> | SimdTable<Int8Array> | undefined {
  const kind: SimdKind = values instanceof Float32Array ? "f32" : "i8";
  const mod = wasmModule();
  if (!mod || dims === 0 || dims % (kind === "f32" ? 4 : 8) !== 0) return undefined;
  const n = values.length / dims;
  const xAt = align16(values.byteLength);
  const outAt = align16(xAt + dims * 4);
  const bytes = outAt + n * 4;
  if (!wasm) return undefined;
  const mem = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65_536)) });
  const instance = new wasm.Instance(mod, { env: { mem } });
  const kernel = instance.exports[kind] as Kernel;
  const rows =
    kind === "f32"
      ? new Float32Array(mem.buffer, 0, values.length)
      : new Int8Array(mem.buffer, 0, values.length);
  rows.set(values);
  const x = new Float32Array(mem.buffer, xAt, dims);
  const out = new Float32Array(mem.buffer, outAt, n);
  return {
    rows,
    dotAll(query, into) {
      for (let a = 0; a < dims; a++) x[a] = query[a]!;
      kernel(0, n, dims, xAt, outAt);
      into.set(out);
    },
  } as SimdTable<Float32Array> | SimdTable<Int8Array>;
}
