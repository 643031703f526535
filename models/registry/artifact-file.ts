import { endianness } from "node:os";
import { z } from "zod";
import type { ModelArtifact } from "../recommender.ts";

/**
 * A model artifact as one file whose arrays load without a copy: a small JSON header (the
 * model, its config, each array's key, type and length), then each array's bytes, 8-aligned.
 * Loading reads the file into one buffer and makes every array a view into it, so a start
 * holds the models once; `v8.deserialize` held the file and a copy of every array (at
 * ML-32M's catalogue the blend is 640 MB: 1.3 GB while it loaded).
 *
 * Layout: "MATINEE" + format byte 1, a uint32 (little-endian) header length, the header,
 * padding to 8, then the arrays in the header's order, each padded to 8. Array bytes are the
 * machine's own order, so the file is written and read only on little-endian machines (every
 * platform Node ships for but s390x); elsewhere both refuse with a clear error.
 */

const MAGIC = Buffer.from("MATINEE\u0001", "latin1");
const ALIGN = 8;

const ArrayEntry = z.object({
  key: z.string(),
  type: z.enum(["f32", "i32"]),
  length: z.number().int().nonnegative(),
});
const Header = z.object({
  model: z.string(),
  config: z.record(z.string(), z.unknown()),
  arrays: z.array(ArrayEntry),
});

const padded = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

function littleEndianOnly(): void {
  if (endianness() !== "LE") throw new Error("model files are little-endian; this machine is big-endian");
}

/** True when the bytes start like a model file (else an older `model.v8`). */
function isArtifactFile(bytes: Uint8Array): boolean {
  return (
    bytes.length >= MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, MAGIC.length).equals(MAGIC)
  );
}

/** The file's bytes, as chunks to write one after another (no copy of the arrays). */
export function encodeArtifact(artifact: ModelArtifact): Uint8Array[] {
  littleEndianOnly();
  const entries = Object.entries(artifact.arrays).map(([key, a]) => ({
    key,
    type: a instanceof Float32Array ? ("f32" as const) : ("i32" as const),
    length: a.length,
    bytes: new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
  }));
  const header = Buffer.from(
    JSON.stringify({
      model: artifact.model,
      config: artifact.config,
      arrays: entries.map(({ key, type, length }) => ({ key, type, length })),
    }),
    "utf8",
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const head = MAGIC.length + 4 + header.length;
  const chunks: Uint8Array[] = [MAGIC, length, header, new Uint8Array(padded(head) - head)];
  for (const e of entries) {
    chunks.push(e.bytes);
    chunks.push(new Uint8Array(padded(e.bytes.length) - e.bytes.length));
  }
  return chunks;
}

/** The artifact in a model file's bytes; its arrays are views into `bytes` (copied only if misaligned). */
export function decodeArtifact(bytes: Uint8Array): ModelArtifact {
  littleEndianOnly();
  if (!isArtifactFile(bytes)) throw new Error("not a model file");
  // A view starting off an 8-byte boundary cannot hold float32/int32 views: copy it once.
  const data = bytes.byteOffset % ALIGN === 0 ? bytes : Uint8Array.from(bytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const start = MAGIC.length + 4;
  if (start + headerLength > data.length) throw new Error("model file is truncated (header)");
  const header = Header.parse(
    JSON.parse(Buffer.from(data.buffer, data.byteOffset + start, headerLength).toString("utf8")),
  );
  let at = padded(start + headerLength);
  const arrays: ModelArtifact["arrays"] = {};
  for (const e of header.arrays) {
    const size = e.length * 4;
    if (at + size > data.length) throw new Error(`model file is truncated (array "${e.key}")`);
    const offset = data.byteOffset + at;
    arrays[e.key] =
      e.type === "f32"
        ? new Float32Array(data.buffer, offset, e.length)
        : new Int32Array(data.buffer, offset, e.length);
    at += padded(size);
  }
  return { model: header.model, config: header.config, arrays };
}
