import { z } from "zod";
import type { ChatCase } from "../recommender.ts";
import { mean } from "./metrics.ts";
import { chatCasesOf, readJsonLines } from "./zero-shot.ts";

/** A readable taste check (ARCHITECTURE.md): 2–3 liked films → films a film fan would accept. */
export const Persona = z.object({
  id: z.string(),
  likeIds: z.array(z.number().int()).min(1),
  goodIds: z.array(z.number().int()).min(1),
});
export type Persona = z.infer<typeof Persona>;

export function readPersonas(path: string): Promise<Persona[]> {
  return readJsonLines(path, Persona);
}

/**
 * The share of each persona's top 10 (liked films left out) that is in its `goodIds`,
 * averaged over personas. `recommend` returns MovieLens ids, best first.
 */
export function personaPrecision(
  personas: readonly Persona[],
  recommend: (likeIds: readonly number[], k: number) => readonly number[],
): number {
  return mean(
    personas.map((p) => {
      const liked = new Set(p.likeIds);
      const good = new Set(p.goodIds);
      const top = recommend(p.likeIds, 10 + p.likeIds.length)
        .filter((id) => !liked.has(id))
        .slice(0, 10);
      return top.filter((id) => good.has(id)).length / 10;
    }),
  );
}

/** Personas as chat cases the blend learns from (source "personas"): the taste → its good films. */
export function personaChatCases(
  personas: readonly Persona[],
  indexOf: (movieId: number) => number | undefined,
): ChatCase[] {
  return chatCasesOf(
    personas.map((p) => ({ id: p.id, likeIds: p.likeIds, targetIds: p.goodIds })),
    indexOf,
  ).map((c) => ({ ...c, source: "personas" }));
}
