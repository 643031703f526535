import { type Interactions, userCount, userItems } from "../../data/gold.ts";
import { newcomerCases, shuffled, usersOnly } from "../evaluate/newcomer.ts";
import { dropLast } from "../evaluate/split.ts";
import { type TuningSplit, tuningSplit } from "../evaluate/tuning.ts";
import { seededRandom } from "../random.ts";
import type {
  ChatCase,
  Contribution,
  FitHooks,
  History,
  ModelArtifact,
  ModelKind,
  Recommender,
  Scored,
  TrainingData,
} from "../recommender.ts";
import { contributionsOf, historyWeight } from "../recommender.ts";
import { sampledUsers } from "../scale.ts";
import { similarFromScores, topK } from "../top-k.ts";
import { type BlendCase, learnWeights, type Objective, prunedWeights } from "./learn.ts";

export interface BlendConfig extends Record<string, unknown> {
  /**
   * The blend's terms: member models by kind name, or products of members ("content*popularity").
   * A term naming a model that is not registered (e.g. sasrec absent) is skipped.
   */
  terms: string[];
  /** The member models the terms use (filled in by fit). */
  members: string[];
  /** Settings per member, passed to its fit. */
  memberConfigs: Record<string, Record<string, unknown>>;
  /**
   * History-length buckets: a history with fewer films than bounds[0] is a chat user (weights
   * learned on chat cases); the others split at the later bounds (weights learned on each
   * user's validation item).
   */
  bounds: number[];
  /**
   * How many of the first buckets are chat users, whose weights learn from chat cases: a
   * stranger naming one film, two or three, or a handful needs different evidence (one film
   * says little about taste, so popularity carries it; five say much).
   */
  chatBuckets: number;
  /**
   * The share of users held out of the members that the chat weights learn on: each names a
   * few of the films they loved (the newcomer protocol's case) and the rest are the targets.
   * 0 learns from the given chat cases only.
   */
  newcomerShare: number;
  /** How many films the simulated newcomers name: one case per user and count. */
  newcomerNamed: number[];
  /**
   * Members that train for minutes (sasrec): the blend serves the one it learned its weights
   * with (trained on all but each user's newest film) instead of training it a second time.
   */
  keepTuned: string[];
  /** Candidates per member and case when learning (the union, plus the targets). */
  candidatesPerMember: number;
  /**
   * Held-out items per user the long-history weights learn from: the tuning item and the
   * heldOut − 1 before it, none of which the members see. One item per user leaves a few
   * hundred cases per bucket, and weights learned on them moved a lot between neighbouring runs.
   */
  heldOut: number;
  /**
   * `heldOut` on large data: a sample of thousands of users gives thousands of cases per
   * bucket with one film each, and every case scores every member over the whole catalogue.
   */
  largeHeldOut: number;
  /**
   * What the long-history buckets' weights maximise on the held-out items: NDCG@50 also
   * credits a target moved from rank 60 to 15, a less sparse signal than NDCG@10 for ~600 cases.
   */
  longObjective: Objective;
  /**
   * After learning, terms are dropped while each bucket's objective stays within this share of
   * its learned value: a chat turn scores every term with a weight, and small weights on
   * near-duplicate members cost milliseconds for no measurable gain. 0 keeps every term.
   */
  pruneTolerance: number;
  /**
   * Terms added on large data (models/scale.ts): members that only pay off, or only fit, at
   * size (ials: its factors need many users; on ml-latest-small EASE already covers it).
   */
  largeTerms: string[];
  /** Learned: one weight per term and bucket. */
  weights: number[][];
  /**
   * Learned, per chat bucket of two or more films: a quantile (`coherenceQuantile`) of the
   * theme coherence of its chat cases (mean pairwise relatedness of the films named, by the content member). Tastes at or
   * above it take `coherentWeights`: three courtroom dramas ask for what the films are about,
   * three films a person happens to love ask for what people like them loved. Empty: no split.
   */
  coherenceSplits: number[];
  /**
   * Where each chat bucket splits: this quantile of its chat cases' coherence. Only the most
   * coherent cases say what a themed taste wants; at the median, half the "coherent" cases are
   * films a person happens to love together. Chosen on the dev personas and ReDial cases.
   */
  coherenceQuantile: number;
  /** Learned: the weights of each chat bucket's coherent half (unused where there is no split). */
  coherentWeights: number[][];
}

/** Popularity enters the blend as log(1 + count): a prior, not a landslide. */
const TRANSFORMS: Record<string, (x: number) => number> = {
  popularity: Math.log1p,
  "loved-popularity": Math.log1p,
};

/** The q-quantile of values (linear between neighbours). */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (at - lo) * (sorted[hi]! - sorted[lo]!);
}

export function bucketOf(bounds: readonly number[], length: number): number {
  let b = 0;
  while (b < bounds.length && length >= bounds[b]!) b++;
  return b;
}

/** out += w · v (a plain loop over typed arrays: a closure per term cost more than the sum). */
function addScaled(out: Float32Array, v: Float32Array | undefined, w: number): void {
  if (!v || w === 0) return;
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = out[i]! + w * v[i]!;
}

/** out += w · Πparts, each partial product rounded to float32 as a Float32Array would hold it. */
function addProduct(out: Float32Array, parts: readonly Float32Array[], w: number): void {
  const n = out.length;
  const first = parts[0]!;
  for (let i = 0; i < n; i++) {
    let v = first[i]!;
    for (let q = 1; q < parts.length; q++) v = Math.fround(v * parts[q]![i]!);
    out[i] = out[i]! + w * v;
  }
}

/** out *= v, element by element. */
function multiplyInto(out: Float32Array, v: Float32Array): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = out[i]! * v[i]!;
}

type Normalised = { scores: Float32Array; scale: number };

/**
 * Members that score every history alike (counts): their normalised vector is worked out once
 * per blend, not per chat turn (a log and two passes over 87k films, and 350 kB of garbage).
 */
const HISTORY_FREE = new Set(["popularity", "loved-popularity"]);

/** One member's scores for a history, transformed and scaled so the best item scores 1. */
function normalised(name: string, model: Recommender, history: History, into?: Float32Array): Normalised {
  let scores: Float32Array;
  if (into && model.scoreInto) {
    model.scoreInto(history, into);
    scores = into;
  } else scores = model.score(history);
  const f = TRANSFORMS[name];
  const n = scores.length;
  // Indexed loops, the transform and the max in one pass: an iterator over 87k films cost
  // more than the member's own scoring.
  let max = 0;
  for (let i = 0; i < n; i++) {
    if (f) scores[i] = f(scores[i]!);
    if (scores[i]! > max) max = scores[i]!;
  }
  const scale = max > 0 ? 1 / max : 1;
  if (scale !== 1) for (let i = 0; i < n; i++) scores[i]! *= scale;
  return { scores, scale };
}

type Member = { name: string; model: Recommender };

/**
 * How much the films share a theme: the mean pairwise relatedness by the first member that
 * knows what films are about (0 when none does, or for fewer than two films).
 */
export function themeCoherence(members: readonly Member[], items: readonly number[]): number {
  const judge = members.find((m) => m.model.relatedness)?.model;
  if (!judge?.relatedness || items.length < 2) return 0;
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < items.length; a++)
    for (let b = a + 1; b < items.length; b++) {
      sum += judge.relatedness(items[a]!, items[b]!);
      pairs++;
    }
  return sum / pairs;
}

/** Member m's normalised scores for a history, computed once per memo. */
const historyFree = new WeakMap<Recommender, Normalised>();

function memberScores(
  members: readonly Member[],
  m: number,
  history: History,
  memo: Map<number, Normalised>,
  /** A member's reusable buffer, for callers that keep one history's vectors at a time. */
  buffer?: (m: number) => Float32Array,
): Normalised {
  let v = memo.get(m);
  if (!v) {
    const { name, model } = members[m]!;
    if (HISTORY_FREE.has(name)) {
      v = historyFree.get(model);
      if (!v) {
        v = normalised(name, model, history);
        historyFree.set(model, v);
      }
    } else v = normalised(name, model, history, buffer?.(m));
    memo.set(m, v);
  }
  return v;
}

/**
 * A blend term: one member's normalised scores, or the product of several ("content*popularity":
 * what the film is about, weighted by how well known it is).
 */
interface Term {
  name: string;
  parts: number[];
}

export function termsOf(names: readonly string[], members: readonly Member[]): Term[] {
  const index = new Map(members.map((m, i) => [m.name, i]));
  return names.flatMap((name) => {
    const parts = name.split("*").map((p) => index.get(p));
    return parts.every((p) => p !== undefined) ? [{ name, parts: parts as number[] }] : [];
  });
}

/** Every term's scores for a history (each member scored once, or taken from `memo`). */
function termVectors(
  members: readonly Member[],
  terms: readonly Term[],
  history: History,
  used?: readonly boolean[],
  memo: Map<number, Normalised> = new Map(),
) {
  const of = (m: number) => memberScores(members, m, history, memo);
  return terms.map((t, k) => {
    if (used && !used[k]) return undefined;
    if (t.parts.length === 1) return of(t.parts[0]!).scores;
    const out = of(t.parts[0]!).scores.slice();
    for (const p of t.parts.slice(1)) multiplyInto(out, of(p).scores);
    return out;
  });
}

/**
 * A weighted sum of member models' normalised scores, the weights learned per history-length
 * bucket (a stranger who named two films needs other evidence than a member with 200 ratings).
 * Every member term that is a sum over history films stays one: `explain` returns the true
 * per-film shares of the blended score (popularity adds no such term).
 */
class Blend implements Recommender {
  readonly name = "blend";
  private readonly terms: Term[];
  constructor(
    readonly members: Member[],
    private readonly config: BlendConfig,
  ) {
    this.terms = termsOf(config.terms, members);
  }

  get nItems(): number {
    return this.members[0]!.model.nItems;
  }

  /**
   * The bucket goes by the films liked (positive weight): a chat user who names one film and
   * pans another is still someone who named one film they love, and their dislike must push
   * films down, not move them to weights learned for two-film tastes.
   */
  /**
   * The weights by history object: a list's cards are explained against the very history it
   * was scored from, and the theme coherence (pairwise over the named films) need not be
   * worked out again for each card.
   */
  private readonly weightsMemo = new WeakMap<History, number[]>();

  private weightsFor(history: History): number[] {
    let w = this.weightsMemo.get(history);
    if (!w) {
      w = this.chooseWeights(history);
      this.weightsMemo.set(history, w);
    }
    return w;
  }

  private chooseWeights(history: History): number[] {
    const liked = history.items.filter((_, p) => historyWeight(history, p) > 0);
    const b = bucketOf(this.config.bounds, liked.length);
    const split = this.config.coherenceSplits[b];
    const coherent = this.config.coherentWeights[b];
    if (typeof split === "number" && coherent && themeCoherence(this.members, liked) >= split)
      return coherent;
    return this.config.weights[b]!;
  }

  score(history: History): Float32Array {
    const out = new Float32Array(this.nItems);
    const w = this.weightsFor(history);
    const memo = this.memoFor(history);
    // Each term added straight into the sum, a product without a vector of its own (the same
    // float32 rounding of the product as termVectors' copy).
    this.terms.forEach((t, k) => {
      if (w[k] === 0) return;
      const parts = t.parts.map((p) => this.scoresOf(p, history, memo).scores);
      if (parts.length === 1) addScaled(out, parts[0], w[k]!);
      else addProduct(out, parts, w[k]!);
    });
    return out;
  }

  /**
   * Member scores of the last history scored: the chat scores a history once and then explains
   * each of its cards against the same object, and re-scoring every member per card (or once
   * more for the explanations) cost more than the ranking itself. One history at a time, so
   * each member scores into one buffer reused turn after turn: at 87k films a turn's member
   * vectors were 1.4 MB of garbage, and the full collections they set off over the title index's
   * heap were the slowest turns. Another history in between costs a re-score, never a wrong score.
   */
  private last: { history: History; byMember: Map<number, Normalised> } | undefined;
  private readonly buffers = new Map<number, Float32Array>();

  private memoFor(history: History): Map<number, Normalised> {
    if (this.last?.history !== history) this.last = { history, byMember: new Map() };
    return this.last.byMember;
  }

  private scoresOf(m: number, history: History, memo: Map<number, Normalised>): Normalised {
    return memberScores(this.members, m, history, memo, (k) => {
      let b = this.buffers.get(k);
      if (!b) {
        b = new Float32Array(this.nItems);
        this.buffers.set(k, b);
      }
      return b;
    });
  }

  explain(history: History, item: number): Contribution[] {
    const w = this.weightsFor(history);
    const byItem = new Map<number, number>();
    this.terms.forEach((t, k) => {
      if (!w[k]) return;
      // A product is still a sum over history films when only one of its parts has such terms.
      const explained = t.parts.map((p) => this.members[p]!.model.explain(history, item));
      const withTerms = explained.filter((e) => e.length > 0);
      if (withTerms.length !== 1) return;
      let factor = w[k]!;
      t.parts.forEach((p, q) => {
        const { scores, scale } = this.scoresOf(p, history, this.memoFor(history));
        factor *= explained[q]!.length > 0 ? scale : scores[item]!;
      });
      for (const c of withTerms[0]!) byItem.set(c.item, (byItem.get(c.item) ?? 0) + factor * c.weight);
    });
    return contributionsOf(byItem);
  }

  /** The chat path for one film: content and collaborative evidence together (few ratings suffice). */
  similar(item: number, k: number): Scored[] {
    return similarFromScores(this.score({ items: [item] }), item, k);
  }

  toArtifact(): ModelArtifact {
    const arrays: ModelArtifact["arrays"] = {};
    const memberConfigs: Record<string, Record<string, unknown>> = {};
    for (const { name, model } of this.members) {
      const a = model.toArtifact();
      memberConfigs[name] = a.config;
      for (const [key, value] of Object.entries(a.arrays)) arrays[`${name}/${key}`] = value;
    }
    return {
      model: this.name,
      config: { ...this.config, members: this.members.map((m) => m.name), memberConfigs },
      arrays,
    };
  }
}

/**
 * One bucket's chat cases from every source, each weighted so that every source counts alike
 * (1 / (its cases × sources)), however many cases each has: neither source's quirks decide alone.
 */
export function sourceWeighted<T extends { bc: BlendCase }>(sources: readonly T[][]): T[] {
  const present = sources.filter((s) => s.length > 0);
  return present.flatMap((cases) =>
    cases.map((e) => ({ ...e, bc: { ...e.bc, weight: 1 / (cases.length * present.length) } })),
  );
}

/** Each case's candidates (every term's best, plus the targets) and its terms' scores for them. */
export function buildCase(
  members: readonly Member[],
  terms: readonly Term[],
  history: History,
  targets: readonly number[],
  perMember: number,
): BlendCase | undefined {
  const seen = new Set(history.items);
  const wanted = targets.filter((t) => !seen.has(t));
  if (wanted.length === 0) return undefined;
  const vectors = termVectors(members, terms, history) as Float32Array[];
  const pool = new Set<number>();
  for (const v of vectors) for (const i of topK(v, perMember, (j) => !seen.has(j))) pool.add(i);
  for (const t of wanted) pool.add(t);
  const candidates = [...pool];
  const n = candidates.length;
  const features = new Float32Array(vectors.length * n);
  vectors.forEach((v, m) => {
    candidates.forEach((item, c) => {
      features[m * n + c] = v[item]!;
    });
  });
  const index = new Map(candidates.map((item, c) => [item, c]));
  return { features, n, targets: wanted.map((t) => index.get(t)!) };
}

/**
 * The members' training interactions and the held-out cases: each user's last `k` items of
 * train + target (the target and the k − 1 before it), each after the films that preceded it.
 */
export function heldOutCases(split: TuningSplit, k: number, sampled = false) {
  // With a sample of users (large data) only the sampled users give up their last films.
  const drop = (n: number, u: number) => (sampled && split.targets[u]! < 0 ? 0 : Math.min(n, k - 1));
  const train: Interactions = k > 1 ? dropLast(split.train, drop) : split.train;
  const cases: { user: number; history: number[]; target: number }[] = [];
  for (let u = 0; u < split.targets.length; u++) {
    const t = split.targets[u]!;
    if (t < 0) continue;
    const full = [...userItems(split.train, u), t];
    for (let p = Math.max(1, full.length - k); p < full.length; p++)
      cases.push({ user: u, history: full.slice(0, p), target: full[p]! });
  }
  return { train, cases };
}

/**
 * Newcomers made from the data itself (the newcomer protocol's case): a seeded share of users
 * is held out of the members; each names n of the films they loved, in random order, and the
 * rest of those films are the targets.
 */
export function simulatedNewcomers(
  x: Interactions,
  share: number,
  named: readonly number[],
  seed = 17,
  /** The users they are drawn from (a large data set's sample); unset: every user. */
  pool?: readonly number[],
): { users: Set<number>; cases: ChatCase[] } {
  const all = pool ? [...pool] : Array.from({ length: userCount(x) }, (_, u) => u);
  const users = new Set(shuffled(all, seededRandom(seed)).slice(0, Math.round(all.length * share)));
  const held = [...users].sort((a, b) => a - b);
  const cases = named.flatMap((n) =>
    newcomerCases(x, held, n, seed).map((c) => ({ likes: c.named, targets: c.targets })),
  );
  return { users, cases };
}

/** Every term whose members train in seconds: the first start's blend (sasrec trains for minutes). */
export const BOOTSTRAP_TERMS = [
  "ease",
  "ease-recency",
  "ease-chat",
  "ease-loved",
  "loved-popularity",
  "item-knn*content",
  "transitions",
  "seq-knn",
  "content",
  "item-knn",
  "popularity",
  "content*popularity",
];

/** The blend's default terms without the named models (e.g. `--skip sasrec` for a quick run). */
export function termsWithout(terms: readonly string[], skip: readonly string[]): string[] {
  return terms.filter((t) => !t.split("*").some((n) => skip.includes(n)));
}

export function blendKind(kinds: () => Record<string, ModelKind>) {
  /** The registered models the terms need, each once; terms needing an absent model are dropped. */
  const memberKinds = (terms: readonly string[]) => {
    const usable = terms.filter((t) => t.split("*").every((n) => kinds()[n] !== undefined && n !== "blend"));
    const names = [...new Set(usable.flatMap((t) => t.split("*")))];
    return { terms: usable, list: names.map((n) => ({ name: n, kind: kinds()[n]! })) };
  };

  async function fitMembers(
    list: { name: string; kind: ModelKind }[],
    data: TrainingData,
    configs: Record<string, Record<string, unknown>>,
    stage: string,
    hooks?: FitHooks,
  ) {
    const out: { name: string; model: Recommender }[] = [];
    for (const [step, { name, kind }] of list.entries()) {
      hooks?.onProgress?.({ stage: `${stage}: ${name}`, step: step + 1, steps: list.length });
      const memberHooks: FitHooks = {
        ...hooks,
        onProgress: (p) => hooks?.onProgress?.({ ...p, stage: `${stage}: ${name} ${p.stage}` }),
      };
      out.push({ name, model: await kind.fit(data, configs[name] ?? {}, memberHooks) });
    }
    return out;
  }

  return {
    name: "blend",
    defaults: {
      terms: [...BOOTSTRAP_TERMS, "sasrec"],
      members: [],
      memberConfigs: {},
      keepTuned: ["sasrec"],
      largeTerms: ["ials"],
      bounds: [2, 4, 15, 100],
      chatBuckets: 3,
      newcomerShare: 0.1,
      newcomerNamed: [1, 2, 3, 4, 5, 7, 10],
      candidatesPerMember: 200,
      longObjective: "ndcg@50",
      heldOut: 3,
      largeHeldOut: 1,
      weights: [],
      coherenceSplits: [],
      coherenceQuantile: 0.5,
      coherentWeights: [],
      pruneTolerance: 0.01,
    } as BlendConfig,
    async fit(data: TrainingData, config?: Partial<BlendConfig>, hooks?: FitHooks): Promise<Recommender> {
      const c: BlendConfig = { ...this.defaults, ...config };
      // On large data the weights learn on a seeded sample of users (held-out films and
      // newcomers from it), so learning costs the same at 200k users as at 8k.
      const sample = sampledUsers(data.interactions, data.scale);
      const large = sample !== undefined;
      const wanted = large ? [...c.terms, ...c.largeTerms.filter((t) => !c.terms.includes(t))] : c.terms;
      const { terms: termNames, list } = memberKinds(wanted);
      if (list.length === 0)
        throw new Error(`blend: none of the terms ${c.terms.join(", ")} is a known model`);
      // Members learn from the training part; their weights are learned on held-out items:
      // each user's last items (long histories) and held-out newcomers (chat users).
      const split = tuningSplit(data);
      const { validation: _v, fitted: _f, ...rest } = data;
      const newcomers = simulatedNewcomers(data.interactions, c.newcomerShare, c.newcomerNamed, 17, sample);
      const heldOut = heldOutCases(split, large ? c.largeHeldOut : c.heldOut, large);
      const members = Array.from({ length: userCount(heldOut.train) }, (_, u) => u).filter(
        (u) => !newcomers.users.has(u),
      );
      const given = data.chatCases ?? [];
      const heldOutData: TrainingData = {
        ...rest,
        interactions: newcomers.users.size > 0 ? usersOnly(heldOut.train, members) : heldOut.train,
        chatCases: [...given, ...newcomers.cases],
      };
      const tuned = await fitMembers(list, heldOutData, c.memberConfigs, "members", hooks);
      const terms = termsOf(termNames, tuned);

      const buckets = c.bounds.length + 1;
      const perBucket: BlendCase[][] = Array.from({ length: buckets }, () => []);
      // Each case scores every member over the catalogue: at ML-32M the longest stage after
      // the members themselves, so it reports its progress too.
      const report = (stage: string, step: number, steps: number) => {
        if (step % 1000 === 0 || step === steps) hooks?.onProgress?.({ stage, step, steps });
      };
      let built = 0;
      for (const { user, history, target } of heldOut.cases) {
        report("cases: held-out films", ++built, heldOut.cases.length);
        const b = bucketOf(c.bounds, history.length);
        if (b < c.chatBuckets || newcomers.users.has(user)) continue; // chat users learn below
        const bc = buildCase(tuned, terms, { items: history }, [target], c.candidatesPerMember);
        if (bc) perBucket[b]!.push(bc);
      }
      // The given chat cases (dialogues, personas) and the simulated newcomers, by source.
      const bySource = new Map<string, ChatCase[]>();
      for (const cc of given) {
        const key = cc.source ?? "dialogues";
        const list = bySource.get(key) ?? [];
        list.push(cc);
        bySource.set(key, list);
      }
      const chatSources = [...bySource.values(), newcomers.cases].map((source) => {
        const byBucket: { bc: BlendCase; coherence: number }[][] = Array.from(
          { length: c.chatBuckets },
          () => [],
        );
        let done = 0;
        for (const cc of source) {
          report("cases: chat", ++done, source.length);
          const b = bucketOf(c.bounds, cc.likes.length);
          if (b >= c.chatBuckets) continue;
          const bc = buildCase(tuned, terms, { items: [...cc.likes] }, cc.targets, c.candidatesPerMember);
          if (bc) byBucket[b]!.push({ bc, coherence: themeCoherence(tuned, cc.likes) });
        }
        return byBucket;
      });
      const coherenceSplits: number[] = [];
      const coherentCases: BlendCase[][] = [];
      for (let b = 0; b < c.chatBuckets; b++) {
        const inBucket = chatSources.map((s) => s[b]!);
        const weighted = sourceWeighted(inBucket);
        const all = weighted.map((e) => e.coherence);
        const split = b > 0 && all.some((v) => v > 0) ? quantile(all, c.coherenceQuantile) : undefined;
        if (split === undefined) {
          perBucket[b]!.push(...weighted.map((e) => e.bc));
          continue;
        }
        // Each case keeps the weight its source gives it in the whole bucket: the themed half
        // learns mostly from the sources whose tastes are themed (personas), the other half from
        // those whose are not (a MovieLens user's favourites), instead of each half pretending
        // every source is equally present in it.
        coherenceSplits[b] = split;
        perBucket[b]!.push(...weighted.filter((e) => e.coherence < split).map((e) => e.bc));
        coherentCases[b] = weighted.filter((e) => e.coherence >= split).map((e) => e.bc);
      }
      const weights: number[][] = [];
      const coherentWeights: number[][] = [];
      let fallback: number[] | undefined;
      const learnBucket = (b: number, cases: BlendCase[], label: string) => {
        const chat = b < c.chatBuckets;
        const objective: Objective = chat ? "recall@10+50" : c.longObjective;
        hooks?.onProgress?.({ stage: `weights: ${label}`, step: buckets - b, steps: buckets });
        // A bucket with too few cases to learn from takes the neighbouring bucket's weights.
        const full = cases.length >= 20 ? learnWeights(cases, terms.length, objective) : undefined;
        const learned =
          full && c.pruneTolerance > 0 ? prunedWeights(cases, full, objective, c.pruneTolerance) : full;
        if (learned) {
          hooks?.onProgress?.({
            stage: `weights: ${label}`,
            step: buckets - b,
            steps: buckets,
            values: { [chat ? "chat recall@10+50" : `held-out ${objective}`]: learned.value },
          });
        }
        return learned?.weights;
      };
      for (let b = buckets - 1; b >= 0; b--) {
        const w = learnBucket(b, perBucket[b]!, `bucket ${b}`) ?? fallback ?? terms.map(() => 1);
        weights[b] = w;
        const coherent = coherentCases[b];
        if (coherent) coherentWeights[b] = learnBucket(b, coherent, `bucket ${b}, coherent tastes`) ?? w;
        fallback = w;
      }
      const learnedConfig: BlendConfig = {
        ...c,
        terms: termNames,
        members: tuned.map((m) => m.name),
        weights,
        coherenceSplits,
        coherentWeights,
      };
      // With validation items, one held out per user and no newcomers held out, the tuned
      // members already learned from all of `data`.
      if (data.validation && c.heldOut === 1 && newcomers.users.size === 0)
        return new Blend(tuned, learnedConfig);
      // At size the members serve as tuned: they missed the sample's newcomers and a few films
      // of each sampled user (under 1% of ML-32M's ratings), and training them all a second
      // time would double the hour.
      if (large) return new Blend(tuned, learnedConfig);
      const settled = Object.fromEntries(tuned.map((m) => [m.name, m.model.toArtifact().config]));
      // A member the caller already trained on these interactions with the same settings is reused.
      const same = (name: string) => {
        const f = data.fitted?.get(name);
        return f !== undefined && JSON.stringify(f.toArtifact().config) === JSON.stringify(settled[name]);
      };
      const kept = (name: string) => c.keepTuned.includes(name) && !same(name);
      const refit = await fitMembers(
        list.filter((m) => !same(m.name) && !kept(m.name)),
        rest,
        settled,
        "refit",
        hooks,
      );
      const final = list.map(
        ({ name }) =>
          refit.find((m) => m.name === name) ??
          (kept(name) ? tuned.find((m) => m.name === name)! : { name, model: data.fitted!.get(name)! }),
      );
      return new Blend(final, learnedConfig);
    },
    load(artifact: ModelArtifact): Recommender {
      const saved = artifact.config as Partial<BlendConfig>;
      // A blend saved before chat users had buckets of their own had one (and no newcomers).
      const config = {
        ...this.defaults,
        chatBuckets: 1,
        newcomerShare: 0,
        ...saved,
      };
      const members = config.members.map((name) => {
        const kind = kinds()[name];
        if (!kind) throw new Error(`blend member "${name}" is not a known model`);
        const prefix = `${name}/`;
        const arrays = Object.fromEntries(
          Object.entries(artifact.arrays)
            .filter(([k]) => k.startsWith(prefix))
            .map(([k, v]) => [k.slice(prefix.length), v]),
        );
        return { name, model: kind.load({ model: name, config: config.memberConfigs[name] ?? {}, arrays }) };
      });
      return new Blend(members, config);
    },
  } satisfies ModelKind<BlendConfig>;
}

/** A blend's members by name (e.g. for per-member reports), or undefined for any other model. */
export function blendMembers(model: Recommender): Map<string, Recommender> | undefined {
  return model instanceof Blend ? new Map(model.members.map((m) => [m.name, m.model])) : undefined;
}
