import type { Tensor } from "@tensorflow/tfjs";
import type { Log } from "../../core/log.ts";
import { userCount } from "../../data/gold.ts";
import { ndcg, pessimisticRank } from "../evaluate/metrics.ts";
import { seededRandom } from "../random.ts";
import type { FitHooks, TrainingData } from "../recommender.ts";
import { type BackendName, loadTf, type Tf } from "../tfjs/backend.ts";
import { historyWindows, makeBatch, type Window } from "./batches.ts";
import { GradientHelper, type RemoteGradients } from "./gradient-helper.ts";
import {
  forwardGraph,
  type GraphVars,
  itemLogits,
  type Negatives,
  readWeights,
  toVariables,
  variableList,
} from "./graph.ts";
import { filmCounts, outputColumns, outputFilms, targetsInColumns, unrankedFilms } from "./output-set.ts";
import { type ShareGradients, type StepShare, shareGradients } from "./step.ts";
import { interleaveTargets, mixedTargets, type SoftTargets, seqKnnTeacher } from "./teacher.ts";
import { hardTargets } from "./tf-ops.ts";
import { rowUsers, userPositionWeights, weighRows } from "./user-weights.ts";
import { initialWeights, type SasrecWeights, weightNames, weightsToArrays } from "./weights.ts";

export interface TrainConfig {
  dim: number;
  blocks: number;
  maxLen: number;
  /** Windows of maxLen+1 items per user and epoch, newest first. */
  windowsPerUser: number;
  dropout: number;
  learningRate: number;
  /**
   * Adam step for the item embeddings. Higher than the rest: a film is in few batches per
   * epoch, and with one shared rate its vector barely leaves its random start in the
   * handful of epochs a few minutes allow.
   */
  embeddingLearningRate: number;
  /**
   * Share of each position's target given to what `seq-knn`, fitted on the other users
   * (teacher.ts), would put next: its `teacherTop` best films. 0: the next film only. Full
   * softmax only; with sampled negatives the target is the next film.
   */
  teacherShare: number;
  teacherTop: number;
  /**
   * Films the training data holds fewer times than this are left out of the softmax (and
   * score last): too seldom a target to learn, and each one costs time at every position.
   * 0 keeps the whole catalogue. Full softmax only.
   */
  outputMinCount: number;
  batchSize: number;
  /**
   * Each step's batch is computed as two halves whose gradients are averaged; with 2 the
   * second half runs on a helper thread (the other core), with 1 both run here. The numbers
   * are the same either way.
   */
  threads: number;
  /** Most epochs; with validation items, training stops earlier once NDCG@10 stops rising. */
  epochs: number;
  /** Epochs without a better validation NDCG@10 before stopping. */
  patience: number;
  /** 0: cross-entropy over the catalogue (or its `outputMinCount` part); else sampled negatives per batch with logQ correction. */
  negatives: number;
  /** Share of negatives drawn uniformly; the rest by popularity^negativePower. */
  uniformShare: number;
  negativePower: number;
  /**
   * Per-step decay of an exponential moving average of the weights, started after the
   * first epoch; 0 keeps the raw weights. The average is what validation scores and what
   * the fit returns.
   */
  averageDecay: number;
  /**
   * Each user's positions weigh n^−power in the loss (n: the user's positions; mean weight
   * 1), so long histories count less than their length; 0 weighs every position alike.
   * Full softmax only.
   */
  userWeightPower: number;
  seed: number;
}

export interface TrainOutcome {
  weights: SasrecWeights;
  backend: BackendName;
  /** Epochs of the returned weights (the best on validation, when validation was given). */
  epochs: number;
  /** 2 when the helper thread did half of every step, else 1. */
  threads: number;
  seconds: number;
  validationNdcg?: number;
  /** The films the softmax ranked, when not all (`outputMinCount`). */
  outputs?: Int32Array;
}

/** Each user's items, oldest first. */
function sequencesOf(data: TrainingData): Int32Array[] {
  const x = data.interactions;
  return Array.from({ length: userCount(x) }, (_, u) => x.items.subarray(x.offsets[u]!, x.offsets[u + 1]!));
}

/** Draws shared negatives from a uniform/popularity mixture and knows each item's log expected count. */
function negativeSampler(sequences: readonly Int32Array[], nItems: number, c: TrainConfig) {
  const counts = filmCounts(sequences, nItems);
  let total = 0;
  for (let i = 0; i < nItems; i++) total += counts[i]! ** c.negativePower * (counts[i]! > 0 ? 1 : 0);
  const q = new Float64Array(nItems);
  const cumulative = new Float64Array(nItems);
  let acc = 0;
  for (let i = 0; i < nItems; i++) {
    const pop = counts[i]! > 0 ? counts[i]! ** c.negativePower / total : 0;
    q[i] = c.uniformShare / nItems + (1 - c.uniformShare) * pop;
    acc += q[i]!;
    cumulative[i] = acc;
  }
  const logQ = Float32Array.from(q, (p) => Math.log(p * c.negatives));
  const rand = seededRandom(c.seed + 1);
  return (targets: Int32Array): Negatives => {
    const items = new Int32Array(c.negatives);
    for (let k = 0; k < c.negatives; k++) {
      const r = rand() * acc;
      let lo = 0;
      let hi = nItems - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      items[k] = lo;
    }
    return {
      items,
      logQ: Float32Array.from(items, (i) => logQ[i]!),
      targetLogQ: Float32Array.from(targets, (i) => logQ[i]!),
    };
  };
}

function shuffle<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Validation NDCG@10 over all rated items, seen ones removed, ties against the model. */
function validationNdcg(
  tf: Tf,
  v: GraphVars,
  sequences: readonly Int32Array[],
  validation: Int32Array,
  candidates: Uint8Array,
  c: TrainConfig,
  /** Films outside the softmax: they score last, as they do when serving. */
  unranked: Int32Array | undefined,
): number {
  const users = [...validation.keys()].filter((u) => validation[u]! >= 0 && sequences[u]!.length > 0);
  let sum = 0;
  for (let start = 0; start < users.length; start += 128) {
    const chunk = users.slice(start, start + 128);
    const batch = makeBatch(
      chunk.map((u) => sequences[u]!),
      c.maxLen,
      true,
    );
    const scores = tf.tidy(() => {
      const hidden = forwardGraph(tf, v, batch, c.maxLen, { dropout: 0, seed: 0 });
      const last = tf.gather(
        hidden,
        tf.tensor1d(
          chunk.map((_, b) => b * c.maxLen + c.maxLen - 1),
          "int32",
        ),
      );
      return itemLogits(tf, v, last).dataSync() as Float32Array;
    });
    const n = candidates.length;
    chunk.forEach((u, b) => {
      const row = scores.subarray(b * n, (b + 1) * n);
      for (const j of unranked ?? []) row[j] = Number.NEGATIVE_INFINITY;
      const target = validation[u]!;
      const seen = new Set(sequences[u]);
      const rank = pessimisticRank(row, target, (j) => candidates[j] === 1 && (j === target || !seen.has(j)));
      sum += ndcg(rank, 10);
    });
  }
  return users.length ? sum / users.length : 0;
}

/** shadow ← decay·shadow + (1 − decay)·current, array by array. */
export function updateAverage(shadow: SasrecWeights, current: SasrecWeights, decay: number): void {
  const now = weightsToArrays(current);
  for (const [name, avg] of Object.entries(weightsToArrays(shadow))) {
    const x = now[name]!;
    for (let i = 0; i < avg.length; i++) avg[i] = decay * avg[i]! + (1 - decay) * x[i]!;
  }
}

/** The batch's mean loss and gradients from its shares' (each a mean over its target positions). */
function combineShares(
  tf: Tf,
  parts: readonly ShareGradients[],
): { loss: number; grads: Record<string, Tensor> } {
  const total = parts.reduce((n, p) => n + p.rows, 0);
  if (parts.length === 1) return { loss: parts[0]!.loss, grads: parts[0]!.grads };
  const grads: Record<string, Tensor> = {};
  for (const name of Object.keys(parts[0]!.grads)) {
    grads[name] = tf.tidy(() => tf.addN(parts.map((p) => tf.mul(p.grads[name]!, p.rows / total))));
  }
  for (const p of parts) tf.dispose(Object.values(p.grads));
  return { loss: parts.reduce((s, p) => s + (p.loss * p.rows) / total, 0), grads };
}

/** The helper thread, or none (logged) when it cannot start here. */
async function startHelper(
  nItems: number,
  c: TrainConfig,
  log: Log | undefined,
): Promise<GradientHelper | undefined> {
  try {
    const spec = { nItems, dim: c.dim, maxLen: c.maxLen, blocks: c.blocks, dropout: c.dropout };
    return await GradientHelper.start(spec);
  } catch (error) {
    log?.warn(
      { error: (error as Error).message },
      "sasrec: gradient helper did not start; training on one thread",
    );
    return undefined;
  }
}

/** The teacher's targets for every window: alternate windows on the helper, at the same time. */
async function teacherSoftTargets(
  data: TrainingData,
  windows: readonly Window[],
  k: number,
  helper: GradientHelper | undefined,
  dropHelper: (error: Error) => void,
): Promise<SoftTargets> {
  const teach = (some: readonly Window[]) => seqKnnTeacher(data.nItems, data.interactions, some, k);
  if (!helper) return teach(windows);
  const odd = windows.filter((_, i) => i % 2 === 1);
  const remote = helper.teacher(data.interactions, odd, k);
  const mine = teach(windows.filter((_, i) => i % 2 === 0));
  const theirs = await remote.catch((error: Error) => {
    dropHelper(error);
    return teach(odd);
  });
  return interleaveTargets(mine, theirs);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Trains the transformer on next-item prediction. With validation items, each epoch is
 * scored on them and the best epoch's weights are kept (early stopping); the test item is
 * never seen here.
 */
export async function trainSasrec(
  data: TrainingData,
  c: TrainConfig,
  hooks: FitHooks | undefined,
): Promise<TrainOutcome> {
  const started = performance.now();
  const { tf, backend } = await loadTf();
  const sequences = sequencesOf(data);
  const windows = historyWindows(sequences, c.maxLen, c.windowsPerUser);
  const sample = c.negatives > 0 ? negativeSampler(sequences, data.nItems, c) : undefined;
  let helper = c.threads > 1 && !sample ? await startHelper(data.nItems, c, hooks?.log) : undefined;
  // Nothing is lost when the helper fails: this thread does its work, and the rest of the fit.
  const dropHelper = (error: Error) => {
    hooks?.log?.warn({ error: error.message }, "sasrec: gradient helper failed; training on one thread");
    void helper?.close();
    helper = undefined;
  };
  let soft: SoftTargets | undefined;
  try {
    if (c.teacherShare > 0 && !sample)
      soft = await teacherSoftTargets(data, windows, c.teacherTop, helper, dropHelper);
  } catch (error) {
    void helper?.close();
    throw error;
  }
  const validation = data.validation;
  const candidates = new Uint8Array(data.nItems);
  for (const s of sequences) for (const i of s) candidates[i] = 1;
  if (validation) for (const i of validation) if (i >= 0) candidates[i] = 1;

  const outputs = sample ? undefined : outputFilms(sequences, data.nItems, c.outputMinCount);
  const column = outputs && outputColumns(outputs, data.nItems);
  const unranked = outputs && unrankedFilms(outputs, data.nItems);
  const vars = toVariables(tf, initialWeights(data.nItems, c.dim, c.maxLen, c.blocks, c.seed));
  const optimizer = tf.train.adam(c.learningRate, 0.9, 0.98);
  const embeddingOptimizer = tf.train.adam(c.embeddingLearningRate, 0.9, 0.98);
  const others = variableList(vars).filter((x) => x !== vars.items);
  const otherNames = weightNames(c.blocks).filter((n) => n !== "items");
  // Weights scale the target mass, which only the full softmax has.
  const userWeight = sample ? undefined : userPositionWeights(sequences, c.userWeightPower);
  const shareOf = (ids: number[], seed: number): StepShare => {
    let batch = makeBatch(
      ids.map((k) => windows[k]!.items),
      c.maxLen,
    );
    let target = soft && mixedTargets(soft, ids, batch.targets, c.teacherShare);
    let users = userWeight && rowUsers(ids.map((k) => windows[k]!));
    if (outputs && column) {
      const moved = targetsInColumns(target ?? hardTargets(batch.targets), batch.targets.length, column);
      const pick = (a: Int32Array) => Int32Array.from(moved.kept, (r) => a[r]!);
      batch = { ...batch, targetPositions: pick(batch.targetPositions), targets: pick(batch.targets) };
      target = moved.target;
      if (users) users = pick(users);
    }
    if (userWeight && users) target = weighRows(target ?? hardTargets(batch.targets), users, userWeight);
    const negatives = sample?.(batch.targets);
    return {
      batch,
      seed,
      ...(target ? { target } : {}),
      ...(negatives ? { negatives } : {}),
      ...(outputs ? { outputs } : {}),
    };
  };
  // The weights as arrays, read at most once a step: the helper and the average both need them.
  let current: SasrecWeights | undefined;
  const currentWeights = () => {
    current ??= readWeights(vars, c.dim, c.maxLen);
    return current;
  };
  /** The step's gradients, each share weighted by its target positions (the full batch's mean). */
  const stepGradients = async (shares: StepShare[]) => {
    let remote: Promise<RemoteGradients> | undefined;
    if (helper && shares.length === 2) {
      remote = helper.compute(shares[1]!, weightsToArrays(currentWeights()));
      current = undefined; // transferred to the helper
    }
    const local = (remote ? shares.slice(0, 1) : shares).map((sh) => shareGradients(tf, vars, sh, c));
    const parts: ShareGradients[] = [...local];
    if (remote) {
      try {
        const r = await remote;
        parts.push({
          ...r,
          grads: Object.fromEntries(
            Object.entries(r.grads).map(([n, a]) => [n, tf.tensor(a, local[0]!.grads[n]!.shape)]),
          ),
        });
      } catch (error) {
        dropHelper(error as Error);
        parts.push(shareGradients(tf, vars, shares[1]!, c));
      }
    }
    return combineShares(tf, parts);
  };
  const rand = seededRandom(c.seed);
  const threads = helper ? 2 : 1;
  const stage = `${validation ? "validation split" : "all data"} · ${backend} · ${threads} thread${threads > 1 ? "s" : ""}`;
  let best: { ndcg: number; epoch: number; weights: SasrecWeights } | undefined;
  let step = 0;
  let epoch = 0;
  let average: SasrecWeights | undefined;
  try {
    for (epoch = 1; epoch <= c.epochs; epoch++) {
      const order = shuffle([...windows.keys()], rand);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += c.batchSize) {
        const picked = order.slice(start, start + c.batchSize);
        const seed = c.seed * 1_000_003 + step * 101;
        // Two halves, always (so the numbers do not depend on the threads); the sampled
        // softmax draws its negatives per batch and keeps one share.
        const half = Math.ceil(picked.length / 2);
        const shares = (
          sample || picked.length < 2 ? [picked] : [picked.slice(0, half), picked.slice(half)]
        ).map((ids, h) => shareOf(ids, seed + h * 50)); // a forward pass draws under 50 masks
        const { loss, grads } = await stepGradients(shares);
        embeddingOptimizer.applyGradients([{ name: vars.items.name, tensor: grads.items! }]);
        optimizer.applyGradients(others.map((x, i) => ({ name: x.name, tensor: grads[otherNames[i]!]! })));
        current = undefined;
        lossSum += loss;
        tf.dispose(Object.values(grads));
        batches++;
        step++;
        if (average) updateAverage(average, currentWeights(), c.averageDecay);
        await yieldToEventLoop();
      }
      const values: Record<string, number> = { loss: lossSum / Math.max(1, batches) };
      if (c.averageDecay > 0 && !average) average = readWeights(vars, c.dim, c.maxLen);
      if (validation) {
        const raw = validationNdcg(tf, vars, sequences, validation, candidates, c, unranked);
        let score = raw;
        if (average) {
          const averaged = toVariables(tf, average);
          score = validationNdcg(tf, averaged, sequences, validation, candidates, c, unranked);
          for (const x of variableList(averaged)) x.dispose();
          values["validation.raw"] = raw;
        }
        values["validation.ndcg@10"] = score;
        if (!best || score > best.ndcg)
          best = {
            ndcg: score,
            epoch,
            weights: average ? structuredClone(average) : readWeights(vars, c.dim, c.maxLen),
          };
      }
      hooks?.onProgress?.({ stage, step: epoch, steps: c.epochs, values });
      if (best && epoch - best.epoch >= c.patience) break;
    }
    const epochs = best ? best.epoch : Math.min(epoch, c.epochs);
    const weights = best ? best.weights : (average ?? readWeights(vars, c.dim, c.maxLen));
    return {
      weights,
      backend,
      epochs,
      threads: helper ? 2 : 1,
      seconds: (performance.now() - started) / 1000,
      ...(best ? { validationNdcg: best.ndcg } : {}),
      ...(outputs ? { outputs } : {}),
    };
  } finally {
    void helper?.close();
    optimizer.dispose();
    embeddingOptimizer.dispose();
    for (const x of variableList(vars)) x.dispose();
  }
}
