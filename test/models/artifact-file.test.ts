import { describe, expect, test } from "vitest";
import { decodeArrays, encodeArrays } from "../../data/array-file.ts";
import type { ModelArtifact } from "../../models/recommender.ts";
import { decodeArtifact, encodeArtifact } from "../../models/registry/artifact-file.ts";

const joined = (chunks: Uint8Array[]) => Buffer.concat(chunks);

const artifact: ModelArtifact = {
  model: "item-knn",
  config: { neighbours: 7, nested: { list: [1, 2], name: "ü" } },
  arrays: {
    // Lengths that leave each array off an 8-byte boundary, and an empty one.
    sims: Float32Array.from([0.5, -1.25, 3, Number.NaN, 1e-30]),
    neighbours: Int32Array.from([3, -1, 2 ** 31 - 1]),
    empty: new Float32Array(0),
    // A view into a larger buffer: only its own bytes are written.
    offsets: new Int32Array(Int32Array.from([9, 9, 0, 3, 5, 9]).buffer, 8, 3),
  },
};

describe("model files", () => {
  test("read back the artifact: model, config, every array with its type and values", () => {
    const back = decodeArtifact(joined(encodeArtifact(artifact)));
    expect(back.model).toBe("item-knn");
    expect(back.config).toEqual(artifact.config);
    expect(Object.keys(back.arrays)).toEqual(Object.keys(artifact.arrays));
    for (const [key, a] of Object.entries(artifact.arrays)) {
      const b = back.arrays[key]!;
      expect(b.constructor).toBe(a.constructor);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    expect(Array.from(back.arrays.offsets!)).toEqual([0, 3, 5]);
  });

  test("arrays are views into the file's bytes, not copies", () => {
    const bytes = joined(encodeArtifact(artifact));
    const back = decodeArtifact(bytes);
    for (const a of Object.values(back.arrays)) {
      expect(a.buffer).toBe(bytes.buffer);
      expect(a.byteOffset % 8).toBe(0);
    }
  });

  test("bytes that start off an 8-byte boundary are copied once and still read", () => {
    const bytes = joined(encodeArtifact(artifact));
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const back = decodeArtifact(shifted.subarray(3));
    expect(Array.from(back.arrays.sims!)).toEqual(Array.from(artifact.arrays.sims!));
  });

  test("a truncated file, another format or a damaged header is refused, naming the problem", () => {
    const bytes = joined(encodeArtifact(artifact));
    expect(() => decodeArtifact(bytes.subarray(0, bytes.length - 8))).toThrow(
      /truncated \(array "offsets"\)/,
    );
    expect(() => decodeArtifact(bytes.subarray(0, 20))).toThrow(/truncated \(header\)/);
    expect(() => decodeArtifact(Buffer.from("not a model file at all"))).toThrow("not an array file");
    const damaged = Buffer.from(bytes);
    damaged.write('{"model":1', 12, "utf8");
    expect(() => decodeArtifact(damaged)).toThrow();
  });

  test("the array file under it also holds float64 arrays (the gold ratings' timestamps); a model file may not", () => {
    const timestamps = Float64Array.from([1.5e9, 1.7e9 + 0.25, -1]);
    const bytes = Buffer.concat(encodeArrays({ kind: "x" }, { timestamps, ids: Int32Array.from([1]) }));
    const back = decodeArrays(bytes);
    expect(back.meta).toEqual({ kind: "x" });
    expect(back.arrays.timestamps).toBeInstanceOf(Float64Array);
    expect(Array.from(back.arrays.timestamps!)).toEqual(Array.from(timestamps));
    expect(back.arrays.timestamps!.buffer).toBe(bytes.buffer);
    expect(() => decodeArtifact(bytes)).toThrow();
    const asModel = Buffer.concat(encodeArrays({ model: "m", config: {} }, { timestamps }));
    expect(() => decodeArtifact(asModel)).toThrow('model file\'s array "timestamps" is float64');
  });
});
