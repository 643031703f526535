import { itemKnn } from "./collaborative/item-knn.ts";
import { popularity } from "./popularity/popularity.ts";
import type { ModelKind } from "./recommender.ts";

/** Every model Matinee can train, by the name reports and the registry use. */
export const MODEL_KINDS: Record<string, ModelKind> = {
  [popularity.name]: popularity as unknown as ModelKind,
  [itemKnn.name]: itemKnn as unknown as ModelKind,
};

/** The models the chat path needs, trained by `matinee train` with no --model. */
export const SERVING_MODELS = [popularity.name, itemKnn.name] as const;
