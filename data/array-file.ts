import { endianness } from "node:os";
import { z } from "zod";

/**
 * Typed arrays in one file that load without a copy: "MATINEE" + format byte 1, a uint32
 * (little-endian) header length, a JSON header (the caller's `meta`, then each array's key,
 * type and length), padding to 8, then each array's bytes, each padded to 8. Reading makes
 * every array a view into the one buffer read from the file, so a load holds the arrays once
 * (`v8.deserialize` holds the file's bytes and a copy of every array). Array bytes are the
 * machine's own order, so files are written and read on little-endian machines only (every
 * platform Node ships for but s390x); elsewhere both refuse with a clear error.
 */
export type FileArray = Float32Array | Int32Array | Float64Array;

const MAGIC = Buffer.from("MATINEE\u0001", "latin1");
const ALIGN = 8;

const TYPES = {
  f32: { make: (b: ArrayBuffer, at: number, n: number) => new Float32Array(b, at, n), bytes: 4 },
  i32: { make: (b: ArrayBuffer, at: number, n: number) => new Int32Array(b, at, n), bytes: 4 },
  f64: { make: (b: ArrayBuffer, at: number, n: number) => new Float64Array(b, at, n), bytes: 8 },
} as const;

const Header = z.object({
  meta: z.unknown(),
  arrays: z.array(
    z.object({
      key: z.string(),
      type: z.enum(["f32", "i32", "f64"]),
      length: z.number().int().nonnegative(),
    }),
  ),
});

const padded = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

function littleEndianOnly(): void {
  if (endianness() !== "LE") throw new Error("array files are little-endian; this machine is big-endian");
}

function typeOf(a: FileArray): keyof typeof TYPES {
  if (a instanceof Float32Array) return "f32";
  if (a instanceof Int32Array) return "i32";
  return "f64";
}

/** The file's bytes as chunks to write one after another (the arrays are not copied). */
export function encodeArrays(meta: unknown, arrays: Readonly<Record<string, FileArray>>): Uint8Array[] {
  littleEndianOnly();
  const entries = Object.entries(arrays).map(([key, a]) => ({
    key,
    type: typeOf(a),
    length: a.length,
    bytes: new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
  }));
  const header = Buffer.from(
    JSON.stringify({ meta, arrays: entries.map(({ key, type, length }) => ({ key, type, length })) }),
    "utf8",
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const head = MAGIC.length + 4 + header.length;
  const chunks: Uint8Array[] = [MAGIC, length, header, new Uint8Array(padded(head) - head)];
  for (const e of entries) chunks.push(e.bytes, new Uint8Array(padded(e.bytes.length) - e.bytes.length));
  return chunks;
}

/** True when the bytes start like an array file. */
function isArrayFile(bytes: Uint8Array): boolean {
  return (
    bytes.length >= MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC)
  );
}

/** The header's meta and the arrays, views into `bytes` (copied once only if misaligned). */
export function decodeArrays(bytes: Uint8Array): { meta: unknown; arrays: Record<string, FileArray> } {
  littleEndianOnly();
  if (!isArrayFile(bytes)) throw new Error("not an array file");
  // A view starting off an 8-byte boundary cannot hold the typed views: copy it once.
  const data = bytes.byteOffset % ALIGN === 0 ? bytes : Uint8Array.from(bytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4;
  if (start + headerLength > data.length) throw new Error("array file is truncated (header)");
  const header = Header.parse(
    JSON.parse(Buffer.from(data.buffer, data.byteOffset + start, headerLength).toString("utf8")),
  );
  let at = padded(start + headerLength);
  const arrays: Record<string, FileArray> = {};
  for (const e of header.arrays) {
    const type = TYPES[e.type];
    const size = e.length * type.bytes;
    if (at + size > data.length) throw new Error(`array file is truncated (array "${e.key}")`);
    arrays[e.key] = type.make(data.buffer as ArrayBuffer, data.byteOffset + at, e.length);
    at += padded(size);
  }
  return { meta: header.meta, arrays };
}
