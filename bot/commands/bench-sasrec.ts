import { userCount, userItems } from "../../data/gold.ts";
import { blendMembers } from "../../models/blend/blend.ts";
import { seededRandom } from "../../models/random.ts";
import type { History, Recommender } from "../../models/recommender.ts";
import type { App } from "../app.ts";
import { percentiles } from "./bench-stats.ts";

function timeEach(inputs: readonly History[], run: (h: History) => unknown, warmup = 50): number[] {
  for (const h of inputs.slice(0, warmup)) run(h);
  return inputs.map((h) => {
    const t = performance.now();
    run(h);
    return performance.now() - t;
  });
}

/** Scoring time for every dataset user's real history and for short chat profiles. */
function scoring(app: App, model: Recommender, maxLen: unknown) {
  const x = app.gold.interactions;
  const users: History[] = Array.from({ length: userCount(x) }, (_, u) => ({
    items: Array.from(userItems(x, u)),
  }));
  const rand = seededRandom(11);
  const chats: History[] = Array.from({ length: 500 }, () => ({
    items: Array.from({ length: 1 + Math.floor(rand() * 5) }, () => Math.floor(rand() * model.nItems)),
  }));
  return {
    scoreUser: { catalogue: model.nItems, maxLen, ...percentiles(timeEach(users, (h) => model.score(h))) },
    scoreChat: { catalogue: model.nItems, ...percentiles(timeEach(chats, (h) => model.score(h))) },
  };
}

function fullSoftmax(c: Record<string, unknown>): string {
  const share = Number(c.teacherShare ?? 0);
  const minCount = Number(c.outputMinCount ?? 0);
  const softmax = minCount > 1 ? `full softmax over the films rated ${minCount}+ times` : "full softmax";
  const power = Number(c.userWeightPower ?? 0);
  const taught = share > 0 ? `, ${share} of each target from a cross-fitted seq-knn teacher` : "";
  const weighted = power > 0 ? `, each user's positions weighted n^-${power}` : "";
  return `${softmax}${taught}${weighted}`;
}

/** Whether a fit trained with the sampled softmax: as it reports, or (before it did) negatives > 0. */
function trainedSampled(c: Record<string, unknown>): boolean {
  return c.trainedSoftmax !== undefined ? c.trainedSoftmax === "sampled" : Number(c.negatives) > 0;
}

function sampledSoftmax(c: Record<string, unknown>): string {
  // Fits from before the batch's next films joined the columns did not report their softmax,
  // and weighed every position alike under it.
  const current = c.trainedSoftmax === "sampled";
  const inBatch = current ? "the batch's next films + " : "";
  const power = current ? Number(c.userWeightPower ?? 0) : 0;
  const weighted = power > 0 ? `, each user's positions weighted n^-${power}` : "";
  return `sampled softmax: ${inBatch}${c.negatives} shared negatives, logQ-corrected${weighted}`;
}

function trainingOf(c: Record<string, unknown>, seconds: unknown) {
  return {
    backend: c.backend,
    epochs: c.trainedEpochs,
    threads: c.trainedThreads,
    loss: trainedSampled(c) ? sampledSoftmax(c) : fullSoftmax(c),
    ...(c.trainedWindows !== undefined
      ? { windows: c.trainedWindows, windowsPerUser: c.windowsPerUser }
      : {}),
    trainSeconds: typeof seconds === "number" ? Math.round(seconds * 10) / 10 : seconds,
  };
}

/**
 * The sequence model's figures for `matinee bench`: how it was trained (read from its
 * manifest or its artifact; bench never trains) and how long scoring one person over the
 * whole catalogue takes. The promoted `sasrec` if there is one for this data, else the
 * served blend's sasrec member (what `matinee train` trains).
 */
export async function benchSasrec(app: App) {
  const manifest = await app.registry.promoted("sasrec");
  if (!manifest || manifest.dataHash !== app.gold.dataHash) {
    const member = blendMembers(app.models.ranker)?.get("sasrec");
    if (!member)
      return {
        promoted: false,
        note: "no sasrec model for this data: run `matinee train` (the blend's member) or `matinee train --model sasrec`",
      };
    const c = member.toArtifact().config;
    return {
      promoted: false,
      source: "the served blend's member",
      training: trainingOf(c, c.fitSeconds),
      ...scoring(app, member, c.maxLen),
    };
  }
  const loadStarted = performance.now();
  const model = await app.registry.load("sasrec", manifest.version);
  const loadMs = performance.now() - loadStarted;
  const c = manifest.config;
  return {
    promoted: true,
    version: manifest.version,
    training: { ...trainingOf(c, manifest.trainSeconds), validationNdcg10: manifest.metrics["ndcg@10"] },
    loadMs: Math.round(loadMs * 10) / 10,
    ...scoring(app, model, c.maxLen),
  };
}
