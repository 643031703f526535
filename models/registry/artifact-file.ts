import { z } from "zod";
import { decodeArrays, encodeArrays } from "../../data/array-file.ts";
import type { ModelArtifact } from "../recommender.ts";

/**
 * A model artifact as an array file (`data/array-file.ts`): the model and its config in the
 * header, its arrays loaded as views into the one buffer read. At ML-32M's catalogue the blend
 * is 640 MB of arrays; `v8.deserialize` of the same artifact held 1.3 GB while it loaded.
 */
const Meta = z.object({ model: z.string(), config: z.record(z.string(), z.unknown()) });

export function encodeArtifact(artifact: ModelArtifact): Uint8Array[] {
  return encodeArrays({ model: artifact.model, config: artifact.config }, artifact.arrays);
}

export function decodeArtifact(bytes: Uint8Array): ModelArtifact {
  const { meta, arrays } = decodeArrays(bytes);
  const { model, config } = Meta.parse(meta);
  const out: ModelArtifact["arrays"] = {};
  for (const [key, a] of Object.entries(arrays)) {
    if (a instanceof Float64Array) throw new Error(`model file's array "${key}" is float64`);
    out[key] = a;
  }
  return { model, config, arrays: out };
}
