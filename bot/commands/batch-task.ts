import type { Catalogue } from "../../core/catalogue.ts";
import { peopleIndex } from "../../core/recommend/filters.ts";
import type { ServingModels } from "../../core/recommend/recommend.ts";
import type { TitleMatcher } from "../../core/titles/find-titles.ts";
import type { HelperSpec } from "./batch-helper.ts";
import type { Answer } from "./batch-lines.ts";
import { answerRecommendLine } from "./batch-recommend.ts";
import { answerSimilarLine } from "./batch-similar.ts";

/** Which command's lines a batch answers. */
export type BatchTask = "recommend" | "similar";

/** What answering a line needs: the same catalogue, titles and models as single mode. */
export interface BatchServing {
  catalogue: Catalogue;
  titles: TitleMatcher;
  models: ServingModels;
  k: number;
}

/** Answers one input line; a bug in the answer is passed to `onBug` (the line says "unexpected error"). */
export type LineAnswerer = (line: string, onBug?: (error: Error) => void) => Answer;

/**
 * The one answerer per task, used by this thread and by every helper thread alike, so a
 * line gets the same answer whichever thread takes it.
 */
export function lineAnswerer(task: BatchTask, serving: BatchServing): LineAnswerer {
  if (task === "similar") return (line, onBug) => answerSimilarLine(serving, line, onBug);
  const ctx = { ...serving, knownPerson: peopleIndex(serving.catalogue) };
  return (line, onBug) => answerRecommendLine(ctx, line, onBug);
}

/** What a helper thread needs to answer lines exactly as this thread does. */
export function helperSpec(task: BatchTask, serving: BatchServing): HelperSpec {
  return {
    task,
    k: serving.k,
    movies: serving.catalogue.movies,
    ratingCounts: serving.catalogue.ratingCounts,
    models: {
      popularity: serving.models.popularity.toArtifact(),
      ranker: serving.models.ranker.toArtifact(),
    },
  };
}
