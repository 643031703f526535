import { UserFacingError } from "../../core/errors.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import type { ServingApp } from "../app.ts";

/**
 * The models to rank with: the chat's own (the promoted blend) unless `name` picks one
 * registered model, which then ranks alone (popularity still fills short lists, as in the
 * chat). Only a model trained on the data being served will do: another's item indices
 * would not fit.
 */
export async function servingModelsFor(app: ServingApp, name: string | undefined): Promise<ServingModels> {
  if (name === undefined) return app.models;
  if (!MODEL_KINDS[name])
    throw new UserFacingError(`Unknown model "${name}". Known: ${Object.keys(MODEL_KINDS).join(", ")}.`);
  const promoted = await app.registry.promoted(name);
  if (!promoted || promoted.dataHash !== app.gold.dataHash)
    throw new UserFacingError(
      `Model "${name}" is not trained on ${app.gold.dataset} yet: run \`matinee train --model ${name}\` first.`,
    );
  if (name === app.models.ranker.name) return app.models;
  if (name === app.models.popularity.name) return { ...app.models, ranker: app.models.popularity };
  return { ...app.models, ranker: await app.registry.load(name, promoted.version) };
}
