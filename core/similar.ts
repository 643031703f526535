import type { Catalogue } from "./catalogue.ts";
import type { ServingModels } from "./recommend/recommend.ts";
import { type Card, card } from "./reply/reply.ts";

/** Films most like one film, by the collaborative model's own neighbour list. */
export function similarCards(
  catalogue: Catalogue,
  models: ServingModels,
  movieId: number,
  k: number,
): Card[] {
  const item = catalogue.indexOf(movieId);
  if (item === undefined) return [];
  const source = catalogue.at(item);
  return models.ranker
    .similar(item, k)
    .map((s) => card(catalogue.at(s.item), s.score, [`often rated by the people who rated ${source.title}`]));
}
