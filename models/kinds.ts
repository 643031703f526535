import { blendKind } from "./blend/blend.ts";
import { ease, easeChat, easeLoved, easeRecency } from "./collaborative/ease.ts";
import { ials } from "./collaborative/ials.ts";
import { itemKnn } from "./collaborative/item-knn.ts";
import { content } from "./content/content.ts";
import { genrePop } from "./popularity/genre-pop.ts";
import { lovedPopularity, popularity } from "./popularity/popularity.ts";
import type { ModelKind } from "./recommender.ts";
import { sasrec } from "./sequence/sasrec.ts";
import { seqKnn, transitions } from "./transitions/transitions.ts";

/** Every model Matinee can train, by the name reports and the registry use. */
export const MODEL_KINDS: Record<string, ModelKind> = {
  [popularity.name]: popularity as unknown as ModelKind,
  [lovedPopularity.name]: lovedPopularity as unknown as ModelKind,
  [genrePop.name]: genrePop as unknown as ModelKind,
  [itemKnn.name]: itemKnn as unknown as ModelKind,
  [ials.name]: ials as unknown as ModelKind,
  [ease.name]: ease as unknown as ModelKind,
  [easeRecency.name]: easeRecency as unknown as ModelKind,
  [easeChat.name]: easeChat as unknown as ModelKind,
  [easeLoved.name]: easeLoved as unknown as ModelKind,
  [transitions.name]: transitions as unknown as ModelKind,
  [seqKnn.name]: seqKnn as unknown as ModelKind,
  [sasrec.name]: sasrec as unknown as ModelKind,
  [content.name]: content as unknown as ModelKind,
  blend: blendKind(() => MODEL_KINDS) as unknown as ModelKind,
};

/** The models the chat path needs, trained by `matinee train` with no --model. */
export const SERVING_MODELS = [popularity.name, "blend"] as const;
