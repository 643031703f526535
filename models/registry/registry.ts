import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { deserialize } from "node:v8";
import { z } from "zod";
import { writeFileAtomic } from "../../data/write-atomic.ts";
import { MODEL_KINDS } from "../kinds.ts";
import type { ModelArtifact, Recommender } from "../recommender.ts";
import { decodeArtifact, encodeArtifact } from "./artifact-file.ts";

const MODEL_FILE = "model.bin";
/** What versions saved before model.bin hold (a v8 serialisation of the artifact). */
const OLD_MODEL_FILE = "model.v8";

export const ModelManifest = z.object({
  name: z.string(),
  version: z.string(),
  dataset: z.string(),
  dataHash: z.string(),
  config: z.record(z.string(), z.unknown()),
  /** Validation figures of this recipe (trained on the training split); never test figures. */
  metrics: z.record(z.string(), z.number()),
  trainSeconds: z.number(),
  createdAt: z.string(),
});
export type ModelManifest = z.infer<typeof ModelManifest>;

const Promoted = z.object({ version: z.string() });

/**
 * Trained models on disk: `<root>/<name>/<version>/{manifest.json, model.bin}` and
 * `<root>/<name>/promoted.json` naming the version the bot serves. `model.bin` loads without
 * copying its arrays (artifact-file.ts); versions saved before it have `model.v8`, still read.
 */
export class ModelRegistry {
  constructor(readonly root: string) {}

  private dir(name: string, version?: string): string {
    return version ? join(this.root, name, version) : join(this.root, name);
  }

  /**
   * Saves a trained model under a new version. Versions are time-ordered names; a second
   * save in the same millisecond gets a suffix, never the first one's folder.
   */
  async save(model: Recommender, meta: Omit<ModelManifest, "name" | "version" | "config" | "createdAt">) {
    const createdAt = new Date();
    const stamp = createdAt.toISOString().replace(/[-:]/g, "").replace(".", "");
    await mkdir(this.dir(model.name), { recursive: true });
    let version = `${stamp}-${meta.dataHash.slice(0, 8)}`;
    for (let n = 2; ; n++) {
      try {
        await mkdir(this.dir(model.name, version));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        version = `${stamp}-${meta.dataHash.slice(0, 8)}-${n}`;
      }
    }
    const artifact = model.toArtifact();
    const manifest: ModelManifest = {
      name: model.name,
      version,
      config: artifact.config,
      createdAt: createdAt.toISOString(),
      ...meta,
    };
    const dir = this.dir(model.name, version);
    await writeFileAtomic(join(dir, MODEL_FILE), encodeArtifact(artifact));
    await writeFileAtomic(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }

  async manifest(name: string, version: string): Promise<ModelManifest> {
    const text = await readFile(join(this.dir(name, version), "manifest.json"), "utf8");
    return ModelManifest.parse(JSON.parse(text));
  }

  async versions(name: string): Promise<ModelManifest[]> {
    const dir = this.dir(name);
    if (!existsSync(dir)) return [];
    const entries = await readdir(dir, { withFileTypes: true });
    const manifests = await Promise.all(
      entries.filter((e) => e.isDirectory()).map((e) => this.manifest(name, e.name).catch(() => undefined)),
    );
    return manifests
      .filter((m): m is ModelManifest => m !== undefined)
      .sort((a, b) => (a.version < b.version ? -1 : 1));
  }

  async promoted(name: string): Promise<ModelManifest | undefined> {
    const file = join(this.dir(name), "promoted.json");
    if (!existsSync(file)) return undefined;
    const { version } = Promoted.parse(JSON.parse(await readFile(file, "utf8")));
    return this.manifest(name, version);
  }

  async promote(name: string, version: string): Promise<void> {
    await this.manifest(name, version);
    await writeFileAtomic(join(this.dir(name), "promoted.json"), `${JSON.stringify({ version })}\n`);
  }

  /**
   * Promotes `candidate` unless the served version, trained on the same data, scores at
   * least as well on `metric`. A served model from other data is always replaced: its
   * item indices would not fit.
   */
  async promoteIfBetter(
    candidate: ModelManifest,
    metric: string,
  ): Promise<{ promoted: boolean; reason: string }> {
    const current = await this.promoted(candidate.name);
    const mine = candidate.metrics[metric];
    const theirs = current?.metrics[metric];
    if (current && current.dataHash === candidate.dataHash && theirs !== undefined) {
      if (mine === undefined || mine <= theirs) {
        return { promoted: false, reason: `${metric} ${mine ?? "n/a"} does not beat the served ${theirs}` };
      }
    }
    await this.promote(candidate.name, candidate.version);
    return {
      promoted: true,
      reason: current ? `${metric} ${mine} beats ${theirs ?? "n/a"}` : "no model served yet",
    };
  }

  async load(name: string, version: string): Promise<Recommender> {
    const kind = MODEL_KINDS[name];
    if (!kind) throw new Error(`unknown model "${name}" in the registry`);
    const dir = this.dir(name, version);
    const artifact = existsSync(join(dir, MODEL_FILE))
      ? decodeArtifact(await readFile(join(dir, MODEL_FILE)))
      : (deserialize(await readFile(join(dir, OLD_MODEL_FILE))) as ModelArtifact);
    return kind.load(artifact);
  }
}
