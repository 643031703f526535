import { z } from "zod";
import type { Log } from "../../core/log.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import type { ModelRegistry } from "../../models/registry/registry.ts";
import { type PromotedModel, servePromoted } from "../jobs/retrain-job.ts";

/**
 * Only the shard-0 process runs the scheduled retrain; what it promotes reaches the other
 * shard processes through the manager (discord.js's IPC channel), so every shard serves the
 * same version without a restart.
 */
const Promoted = z.object({
  matinee: z.literal("promoted"),
  models: z.array(z.object({ name: z.string().min(1), version: z.string().min(1) })).min(1),
});
export type PromotedMessage = z.infer<typeof Promoted>;

export function promotedMessage(models: PromotedModel[]): PromotedMessage {
  return { matinee: "promoted", models };
}

/** The slice of a discord.js Shard the relay uses. */
export interface RelayShard {
  id: number;
  send(message: unknown): Promise<unknown>;
  on(event: "message", listener: (message: unknown) => void): unknown;
}

/**
 * Manager side: a promotion one shard reports is sent on to every other shard. Anything
 * else on the channel (discord.js's own _ready, _eval…) is left to discord.js.
 */
export function relayPromoted(shard: RelayShard, all: () => Iterable<RelayShard>, log: Log): void {
  shard.on("message", (message) => {
    const parsed = Promoted.safeParse(message);
    if (!parsed.success) return;
    for (const other of all()) {
      if (other.id === shard.id) continue;
      other
        .send(parsed.data)
        .catch((error: unknown) =>
          log.warn(
            { shard: other.id, err: (error as Error).message },
            "could not tell a shard about a promoted model; it serves the new one after a restart",
          ),
        );
    }
  });
}

/** Shard side: swaps in what another shard's retrain promoted. Resolves once done (tests wait). */
export function followPromoted(
  serving: { models: ServingModels; registry: ModelRegistry },
  log: Log,
): (message: unknown) => Promise<void> {
  return async (message) => {
    const parsed = Promoted.safeParse(message);
    if (!parsed.success) return;
    for (const model of parsed.data.models) {
      try {
        await servePromoted(model, serving, log);
      } catch (error) {
        log.error(
          { model: model.name, version: model.version, err: (error as Error).message },
          "could not load the model another shard promoted; still serving the previous one",
        );
      }
    }
  };
}
