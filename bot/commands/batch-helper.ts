import { parentPort, workerData } from "node:worker_threads";
import { Catalogue } from "../../core/catalogue.ts";
import type { Movie } from "../../core/movie.ts";
import { TitleEngine } from "../../core/titles/find-titles.ts";
import { MODEL_KINDS } from "../../models/kinds.ts";
import { type ModelArtifact, warmedUp } from "../../models/recommender.ts";
import type { Answer } from "./batch-lines.ts";
import { type BatchTask, lineAnswerer } from "./batch-task.ts";

/**
 * What a helper thread is given: the very catalogue and model artifacts this process serves
 * (not a registry version to load again, which a concurrent `train` could have replaced),
 * so its answers are this thread's answers.
 */
export interface HelperSpec {
  task: BatchTask;
  k: number;
  movies: readonly Movie[];
  ratingCounts: Float32Array;
  models: { popularity: ModelArtifact; ranker: ModelArtifact };
}

export type ToHelper = { seq: number; line: string };
export type FromHelper =
  | { type: "ready" }
  | { type: "answer"; seq: number; answer: Answer; bug?: { message: string; stack?: string } };

function loadArtifact(artifact: ModelArtifact) {
  const kind = MODEL_KINDS[artifact.model];
  if (!kind) throw new Error(`unknown model "${artifact.model}"`);
  return kind.load(artifact);
}

/** The helper thread's side: load once, then answer each line it is sent. */
function serveLines(): void {
  const port = parentPort;
  if (!port) throw new Error("batch-helper runs as a worker thread");
  const spec = workerData as HelperSpec;
  const catalogue = new Catalogue(spec.movies, spec.ratingCounts);
  const models = {
    popularity: loadArtifact(spec.models.popularity),
    ranker: warmedUp(loadArtifact(spec.models.ranker)),
  };
  const answer = lineAnswerer(spec.task, {
    catalogue,
    titles: new TitleEngine(catalogue),
    models,
    k: spec.k,
  });
  port.on("message", ({ seq, line }: ToHelper) => {
    let bug: { message: string; stack?: string } | undefined;
    const result = answer(line, (error) => {
      bug = { message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
    });
    const reply: FromHelper = { type: "answer", seq, answer: result, ...(bug ? { bug } : {}) };
    port.postMessage(reply);
  });
  port.postMessage({ type: "ready" } satisfies FromHelper);
}

serveLines();
