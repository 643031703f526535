import type { Tensor } from "@tensorflow/tfjs";
import type { Log } from "../../core/log.ts";
import { userCount } from "../../data/gold.ts";
import { ndcg, pessimisticRank } from "../evaluate/metrics.ts";
import { seededRandom } from "../random.ts";
import type { FitHooks, TrainingData } from "../recommender.ts";
import { type BackendName, loadTf, type Tf } from "../tfjs/backend.ts";
import { historyWindows, makeBatch, type Window } from "./batches.ts";
import { candidateSampler } from "./candidates.ts";
import { GradientHelper, type RemoteGradients } from "./gradient-helper.ts";
import { forwardGraph, type GraphVars, itemLogits, readWeights, toVariables, variableList } from "./graph.ts";
import { LocalRows } from "./local-rows.ts";
import { filmCounts, outputColumns, outputFilms, targetsInColumns, unrankedFilms } from "./output-set.ts";
import { SparseItems } from "./sparse-items.ts";
import { type ShareGradients, type StepShare, shareGradients } from "./step.ts";
import { interleaveTargets, mixedTargets, type SoftTargets, seqKnnTeacher } from "./teacher.ts";
import { hardTargets } from "./tf-ops.ts";
import { positionsPerUser, rowUsers, userPositionWeights, weighRows } from "./user-weights.ts";
import { initialWeights, type SasrecWeights, weightNames, weightsToArrays } from "./weights.ts";

export interface TrainConfig {
  dim: number;
  blocks: number;
  maxLen: number;
  /**
   * Most windows of maxLen+1 items per user and epoch, the newest: a history of thousands of
   * films would otherwise be hundreds of windows an epoch (ML-32M has users with over 20,000
   * ratings). The default, 200 (the newest 4,000 films), caps no one in ml-latest-small.
   */
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
   * softmax only; under the sampled softmax the target is the next film.
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
  /**
   * Shared negatives a batch draws under the sampled softmax (candidates.ts), which training
   * uses once the full softmax would rank more than `fullSoftmaxUpTo` films; 0 keeps the full
   * softmax at any size.
   */
  negatives: number;
  /**
   * Most films the full softmax ranks; with more, training uses the sampled softmax, whose
   * step costs the batch's films rather than the catalogue's. 0: always sampled.
   */
  fullSoftmaxUpTo: number;
  /**
   * Most users whose validation item is scored after each epoch (a seeded sample beyond it):
   * each one scores the whole catalogue, which at ML-32M's size is minutes an epoch.
   */
  validationUsers: number;
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
  /** Which softmax trained: the full one, or sampled (`fullSoftmaxUpTo`). */
  softmax: "full" | "sampled";
  /** Training windows an epoch (after `windowsPerUser`). */
  windows: number;
}

/** Each user's items, oldest first. */
export function sequencesOf(data: TrainingData): Int32Array[] {
  const x = data.interactions;
  return Array.from({ length: userCount(x) }, (_, u) => x.items.subarray(x.offsets[u]!, x.offsets[u + 1]!));
}

function shuffle<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** The users validation scores: those with a validation item, at most `cap` of them (seeded). */
export function validationUsers(
  sequences: readonly Int32Array[],
  validation: Int32Array,
  cap: number,
  seed: number,
): number[] {
  const users = [...validation.keys()].filter((u) => validation[u]! >= 0 && sequences[u]!.length > 0);
  if (users.length <= cap) return users;
  return shuffle(users, seededRandom(seed + 2))
    .slice(0, cap)
    .sort((a, b) => a - b);
}

/** Validation NDCG@10 over all rated items, seen ones removed, ties against the model. */
function validationNdcg(
  tf: Tf,
  v: GraphVars,
  sequences: readonly Int32Array[],
  validation: Int32Array,
  users: readonly number[],
  candidates: Uint8Array,
  c: TrainConfig,
  /** Films outside the softmax: they score last, as they do when serving. */
  unranked: Int32Array | undefined,
): number {
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

/** shadow ← decay·shadow + (1 − decay)·current, array by array (but `except`). */
export function updateAverage(
  shadow: SasrecWeights,
  current: SasrecWeights,
  decay: number,
  except?: string,
): void {
  const now = weightsToArrays(current);
  for (const [name, avg] of Object.entries(weightsToArrays(shadow))) {
    if (name === except) continue;
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

/** Each film's count as a target (every window item but its first). */
function targetCounts(windows: readonly Window[], nItems: number): Int32Array {
  const counts = new Int32Array(nItems);
  for (const w of windows) for (let t = 1; t < w.items.length; t++) counts[w.items[t]!]! += 1;
  return counts;
}

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
  const ranked = outputFilms(sequences, data.nItems, c.outputMinCount);
  const sampledSoftmax = c.negatives > 0 && (ranked?.length ?? data.nItems) > c.fullSoftmaxUpTo;
  const sample = sampledSoftmax
    ? candidateSampler(targetCounts(windows, data.nItems), filmCounts(sequences, data.nItems), c)
    : undefined;
  let helper = c.threads > 1 ? await startHelper(data.nItems, c, hooks?.log) : undefined;
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
  const scored = validation && validationUsers(sequences, validation, c.validationUsers, c.seed);

  // Under the sampled softmax every film is ranked (a film never a target is a negative).
  const outputs = sample ? undefined : ranked;
  const column = outputs && outputColumns(outputs, data.nItems);
  const unranked = outputs && unrankedFilms(outputs, data.nItems);
  const initial = initialWeights(data.nItems, c.dim, c.maxLen, c.blocks, c.seed);
  const vars = toVariables(tf, initial);
  const optimizer = tf.train.adam(c.learningRate, 0.9, 0.98);
  const embeddingOptimizer = tf.train.adam(c.embeddingLearningRate, 0.9, 0.98);
  // The sampled softmax updates only the films a step touches, in plain arrays; vars.items
  // is brought up to date for validation and at the end.
  const table = sample
    ? new SparseItems(
        initial.items,
        c.dim,
        { learningRate: c.embeddingLearningRate, beta1: 0.9, beta2: 0.98, epsilon: 1e-7 },
        c.averageDecay,
      )
    : undefined;
  const rows = sample && new LocalRows(data.nItems);
  const syncItems = (items: Float32Array) =>
    tf.tidy(() => vars.items.assign(tf.tensor2d(items, vars.items.shape as [number, number])));
  const others = variableList(vars).filter((x) => x !== vars.items);
  const otherNames = weightNames(c.blocks).filter((n) => n !== "items");
  const userWeight = userPositionWeights(positionsPerUser(windows, sequences.length), c.userWeightPower);
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
    return { batch, seed, ...(target ? { target } : {}), ...(outputs ? { outputs } : {}) };
  };
  /** The step's shares under the sampled softmax: one set of columns for the whole batch. */
  const sampledShares = (halves: number[][], seed: number) => {
    const batches = halves.map((ids) =>
      makeBatch(
        ids.map((k) => windows[k]!.items),
        c.maxLen,
      ),
    );
    const targets = Int32Array.from(batches.flatMap((b) => [...b.targets]));
    const weights =
      userWeight && Float32Array.from(rowUsers(halves.flat().map((k) => windows[k]!)), (u) => userWeight[u]!);
    const built = rows!.shares(batches, sample!(targets), (f) => table!.gather(f), weights);
    return { films: built.films, shares: built.shares.map((sh, h) => ({ ...sh, seed: seed + h * 50 })) };
  };
  // The weights as arrays, read at most once a step: the helper and the average both need them.
  let current: SasrecWeights | undefined;
  const currentWeights = () => {
    current ??= readWeights(vars, c.dim, c.maxLen, table?.values);
    return current;
  };
  /** What the helper needs each step: under the sampled softmax its share brings its films. */
  const helperWeights = () => {
    const arrays = weightsToArrays(currentWeights());
    if (table) delete arrays.items; // table.values is live: never transferred
    return arrays;
  };
  /** The step's gradients, each share weighted by its target positions (the full batch's mean). */
  const stepGradients = async (shares: StepShare[]) => {
    let remote: Promise<RemoteGradients> | undefined;
    if (helper && shares.length === 2) {
      remote = helper.compute(shares[1]!, helperWeights());
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
  /** The averaged weights (with the item table's average under the sampled softmax). */
  const averaged = (average: SasrecWeights): SasrecWeights =>
    table ? { ...average, items: table.average() ?? Float32Array.from(table.values) } : average;
  const rand = seededRandom(c.seed);
  const threads = helper ? 2 : 1;
  const softmax = sample ? "sampled" : "full";
  const stage = `${validation ? "validation split" : "all data"} · ${backend} · ${threads} thread${threads > 1 ? "s" : ""}${sample ? " · sampled softmax" : ""}`;
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
        // Two halves, always (so the numbers do not depend on the threads); a forward pass
        // draws under 50 masks. The sampled softmax draws one set of columns for both.
        const half = Math.ceil(picked.length / 2);
        const halves = picked.length < 2 ? [picked] : [picked.slice(0, half), picked.slice(half)];
        const built = sample ? sampledShares(halves, seed) : undefined;
        const shares = built?.shares ?? halves.map((ids, h) => shareOf(ids, seed + h * 50));
        const { loss, grads } = await stepGradients(shares);
        if (table && built) table.apply(built.films, grads.items!.dataSync() as Float32Array);
        else embeddingOptimizer.applyGradients([{ name: vars.items.name, tensor: grads.items! }]);
        optimizer.applyGradients(others.map((x, i) => ({ name: x.name, tensor: grads[otherNames[i]!]! })));
        current = undefined;
        lossSum += loss;
        tf.dispose(Object.values(grads));
        batches++;
        step++;
        if (average) updateAverage(average, currentWeights(), c.averageDecay, table ? "items" : undefined);
        await yieldToEventLoop();
      }
      const values: Record<string, number> = { loss: lossSum / Math.max(1, batches) };
      if (c.averageDecay > 0 && !average) {
        average = readWeights(vars, c.dim, c.maxLen, table && new Float32Array(0));
        table?.startAverage();
      }
      if (table) syncItems(table.values);
      if (validation && scored) {
        const raw = validationNdcg(tf, vars, sequences, validation, scored, candidates, c, unranked);
        let score = raw;
        let snapshot: SasrecWeights | undefined;
        if (average) {
          snapshot = averaged(average);
          const vs = toVariables(tf, snapshot);
          score = validationNdcg(tf, vs, sequences, validation, scored, candidates, c, unranked);
          for (const x of variableList(vs)) x.dispose();
          values["validation.raw"] = raw;
        }
        values["validation.ndcg@10"] = score;
        if (!best || score > best.ndcg)
          best = {
            ndcg: score,
            epoch,
            weights: snapshot ? structuredClone(snapshot) : readWeights(vars, c.dim, c.maxLen),
          };
      }
      hooks?.onProgress?.({ stage, step: epoch, steps: c.epochs, values });
      if (best && epoch - best.epoch >= c.patience) break;
    }
    const epochs = best ? best.epoch : Math.min(epoch, c.epochs);
    const weights = best
      ? best.weights
      : average
        ? averaged(average)
        : readWeights(vars, c.dim, c.maxLen, table && Float32Array.from(table.values));
    return {
      weights,
      backend,
      epochs,
      threads: helper ? 2 : 1,
      seconds: (performance.now() - started) / 1000,
      ...(best ? { validationNdcg: best.ndcg } : {}),
      ...(outputs ? { outputs } : {}),
      softmax,
      windows: windows.length,
    };
  } finally {
    void helper?.close();
    optimizer.dispose();
    embeddingOptimizer.dispose();
    for (const x of variableList(vars)) x.dispose();
  }
}
