import { rename, writeFile } from "node:fs/promises";

/**
 * Writes a file whole or not at all: into a temporary name first, then renamed over the
 * target, so a crash or a concurrent reader never sees half a file. Chunks are written in
 * turn (a model file's arrays, never joined into one buffer).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | Iterable<Uint8Array>,
  mode?: number,
): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data, mode === undefined ? {} : { mode });
  await rename(tmp, path);
}
