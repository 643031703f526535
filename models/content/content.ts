import { createRequire } from "node:module";
import type { Movie } from "../../core/movie.ts";
import { buildItemFeatures } from "../../data/gold.ts";
import { evaluateRanking } from "../evaluate/leave-last-out.ts";
import { tuningSplit } from "../evaluate/tuning.ts";
import {
  type Contribution,
  contributionsOf,
  type FitHooks,
  type History,
  historyWeight,
  type ModelArtifact,
  type ModelKind,
  type Recommender,
  type Scored,
  type TrainingData,
  withRecency,
} from "../recommender.ts";
import { similarFromScores } from "../top-k.ts";

// Submodules only: the package root of `natural` loads every module it has (slow, and heavy).
const require = createRequire(import.meta.url);
const porter = require("natural/lib/natural/stemmers/porter_stemmer.js") as { stem(token: string): string };
const STOPWORDS = new Set((require("natural/lib/natural/util/stopwords.js") as { words: string[] }).words);

export interface ContentConfig extends Record<string, unknown> {
  /** Terms on fewer films than this say nothing about similarity and are dropped. */
  minDf: number;
  /**
   * How much each kind of term counts (the token's prefix: genre, decade, tag, kw, w for
   * overview words; any other kind counts 1). Each kind is its own unit TF-IDF block, so a
   * film's similarity is the weighted sum of its per-kind cosines: a shared TMDB keyword
   * ("courtroom", "kaiju") says more about a taste than a shared broad genre, and an overview
   * of 60 words must not drown the six keywords beside it. Chosen on the dev personas and
   * the ReDial dev cases (the blend then learns how much content counts at all).
   */
  kindWeights: Record<string, number>;
  /** Each film of a history counts `recencyDecay^age`; 0 picks the best of `decays` on validation. */
  recencyDecay: number;
  decays: number[];
}

/** What a film is about, as tokens: genres, decade, tags, TMDB keywords/cast/director, overview stems. */
export function contentTokens(movie: Movie, features: readonly string[]): string[] {
  const words = (movie.overview ?? "")
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/'s?$/, ""))
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w))
    .map((w) => `w:${porter.stem(w)}`);
  return [...features, ...words];
}

/**
 * TF-IDF vectors of what each film is about (unit length, sparse) and cosine similarity.
 * A history is a weighted sum of its films' vectors (weight: the like/dislike weight ×
 * recency); an item scores its cosine with that profile, so the score is a sum of one term
 * per history film: the true "because you liked X". Needs no ratings: it works for films
 * nobody has rated yet, and powers "similar to X" there.
 */
/** A history as one TF-IDF vector: its terms, their norm, and each film's weight in it. */
interface ContentProfile {
  terms: Map<number, number>;
  norm: number;
  weights: number[];
}

class Content implements Recommender {
  readonly name = "content";
  constructor(
    /** Item → (term, tf-idf) rows, terms ascending. */
    private readonly rows: { offsets: Int32Array; terms: Int32Array; values: Float32Array },
    /** Term → (item, tf-idf) postings. */
    private readonly postings: { offsets: Int32Array; items: Int32Array; values: Float32Array },
    private readonly config: ContentConfig,
  ) {}

  /**
   * The last profile built, by history object: a list's cards are explained against the very
   * history it was scored from, and rebuilding the profile for each of 50 cards cost more
   * than the explanations themselves.
   */
  private lastProfile: { history: History; profile: ContentProfile } | undefined;

  get nItems(): number {
    return this.rows.offsets.length - 1;
  }

  private profile(history: History): ContentProfile {
    if (this.lastProfile?.history !== history)
      this.lastProfile = { history, profile: this.buildProfile(history) };
    return this.lastProfile.profile;
  }

  private buildProfile(history: History): ContentProfile {
    const h = withRecency(history, this.config.recencyDecay);
    const weights = h.items.map((_, p) => historyWeight(h, p));
    const terms = new Map<number, number>();
    h.items.forEach((i, p) => {
      for (let k = this.rows.offsets[i]!; k < this.rows.offsets[i + 1]!; k++) {
        const t = this.rows.terms[k]!;
        terms.set(t, (terms.get(t) ?? 0) + weights[p]! * this.rows.values[k]!);
      }
    });
    let sq = 0;
    for (const v of terms.values()) sq += v * v;
    return { terms, norm: Math.sqrt(sq), weights };
  }

  score(history: History): Float32Array {
    const scores = new Float32Array(this.nItems);
    this.scoreInto(history, scores);
    return scores;
  }

  scoreInto(history: History, scores: Float32Array): void {
    scores.fill(0);
    const { terms, norm } = this.profile(history);
    if (norm === 0) return;
    for (const [t, v] of terms) {
      const w = v / norm;
      for (let k = this.postings.offsets[t]!; k < this.postings.offsets[t + 1]!; k++)
        scores[this.postings.items[k]!]! += w * this.postings.values[k]!;
    }
  }

  /** Two films' similarity: the dot product of their rows, Σ kind weight × that kind's cosine. */
  cosine(a: number, b: number): number {
    const { offsets, terms, values } = this.rows;
    let p = offsets[a]!;
    let q = offsets[b]!;
    let dot = 0;
    while (p < offsets[a + 1]! && q < offsets[b + 1]!) {
      const ta = terms[p]!;
      const tb = terms[q]!;
      if (ta === tb) dot += values[p++]! * values[q++]!;
      else if (ta < tb) p++;
      else q++;
    }
    return dot;
  }

  relatedness(a: number, b: number): number {
    const norms = Math.sqrt(this.cosine(a, a) * this.cosine(b, b));
    return norms > 0 ? this.cosine(a, b) / norms : 0;
  }

  explain(history: History, item: number): Contribution[] {
    const { norm, weights } = this.profile(history);
    if (norm === 0) return [];
    const byItem = new Map<number, number>();
    history.items.forEach((i, p) => {
      const w = (weights[p]! * this.cosine(i, item)) / norm;
      if (w !== 0) byItem.set(i, (byItem.get(i) ?? 0) + w);
    });
    return contributionsOf(byItem);
  }

  similar(item: number, k: number): Scored[] {
    return similarFromScores(this.score({ items: [item] }), item, k);
  }

  toArtifact(): ModelArtifact {
    const r = this.rows;
    const p = this.postings;
    return {
      model: this.name,
      config: this.config,
      arrays: {
        rowOffsets: r.offsets,
        rowTerms: r.terms,
        rowValues: r.values,
        postingOffsets: p.offsets,
        postingItems: p.items,
        postingValues: p.values,
      },
    };
  }
}

type SparseRows = { offsets: Int32Array; terms: Int32Array; values: Float32Array };

/** Unit-length TF-IDF rows (tf = 1 + ln count, idf = ln(N / df)) and their transposed postings. */
export function tfidf(docs: readonly (readonly string[])[], minDf: number) {
  const n = docs.length;
  const df = new Map<string, number>();
  const counted = docs.map((doc) => {
    const counts = new Map<string, number>();
    for (const t of doc) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    return counts;
  });
  const vocabulary = [...df].filter(([, d]) => d >= minDf && d < n).map(([t]) => t);
  vocabulary.sort();
  const termId = new Map(vocabulary.map((t, i) => [t, i]));
  const idf = vocabulary.map((t) => Math.log(n / df.get(t)!));
  const offsets = new Int32Array(n + 1);
  const terms: number[] = [];
  const values: number[] = [];
  counted.forEach((counts, i) => {
    const row = [...counts]
      .map(([t, c]) => [termId.get(t), c] as const)
      .filter((e): e is readonly [number, number] => e[0] !== undefined)
      .sort((a, b) => a[0] - b[0]);
    const w = row.map(([t, c]) => (1 + Math.log(c)) * idf[t]!);
    const norm = Math.sqrt(w.reduce((s, x) => s + x * x, 0)) || 1;
    row.forEach(([t], k) => {
      terms.push(t);
      values.push(w[k]! / norm);
    });
    offsets[i + 1] = terms.length;
  });
  const rows = { offsets, terms: Int32Array.from(terms), values: Float32Array.from(values) };
  return { vocabulary, rows, postings: postingsOf(rows, vocabulary.length) };
}

/** The term → (item, value) transpose of sparse rows. */
function postingsOf(rows: SparseRows, nTerms: number) {
  const { offsets, terms, values } = rows;
  const n = offsets.length - 1;
  const pOffsets = new Int32Array(nTerms + 1);
  for (const t of terms) pOffsets[t + 1]!++;
  for (let t = 0; t < nTerms; t++) pOffsets[t + 1]! += pOffsets[t]!;
  const fill = pOffsets.slice(0, nTerms);
  const pItems = new Int32Array(terms.length);
  const pValues = new Float32Array(terms.length);
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const at = fill[terms[k]!]!++;
      pItems[at] = i;
      pValues[at] = values[k]!;
    }
  }
  return { offsets: pOffsets, items: pItems, values: pValues };
}

/** A token's kind: the text before its first colon ("kw:courtroom" → "kw"). */
function kindOf(token: string): string {
  const at = token.indexOf(":");
  return at < 0 ? "" : token.slice(0, at);
}

/**
 * One unit TF-IDF block per kind of token, each scaled by √weight and laid side by side, so
 * the dot product of two rows is Σ weight × (that kind's cosine).
 */
export function weightedTfidf(
  docs: readonly (readonly string[])[],
  minDf: number,
  kindWeights: Readonly<Record<string, number>>,
) {
  const kinds = [...new Set(docs.flatMap((d) => d.map(kindOf)))].sort();
  const blocks = kinds
    .map((kind) => ({ kind, weight: kindWeights[kind] ?? 1 }))
    .filter((b) => b.weight > 0)
    .map((b) => ({
      ...b,
      ...tfidf(
        docs.map((d) => d.filter((t) => kindOf(t) === b.kind)),
        minDf,
      ),
    }));
  const n = docs.length;
  const offsets = new Int32Array(n + 1);
  const terms: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    let base = 0;
    for (const b of blocks) {
      const scale = Math.sqrt(b.weight);
      for (let k = b.rows.offsets[i]!; k < b.rows.offsets[i + 1]!; k++) {
        terms.push(base + b.rows.terms[k]!);
        values.push(scale * b.rows.values[k]!);
      }
      base += b.vocabulary.length;
    }
    offsets[i + 1] = terms.length;
  }
  const vocabulary = blocks.flatMap((b) => b.vocabulary);
  const rows = { offsets, terms: Int32Array.from(terms), values: Float32Array.from(values) };
  return { vocabulary, rows, postings: postingsOf(rows, vocabulary.length) };
}

export const content = {
  name: "content",
  defaults: {
    minDf: 2,
    // company / lang / country / collection: TMDB's production companies, original language,
    // countries and series. Companies lifted ReDial dev Recall@10 of content alone from 0.059
    // to 0.073 and the personas from 0.41 to 0.44 (a studio keeps a house style); the original
    // language, 0.44 → 0.46 (the martial-arts and noir tastes gained most). Countries and series
    // read lower at every weight tried (series: 490 films have one), so they weigh nothing.
    kindWeights: {
      genre: 0.5,
      decade: 0.25,
      tag: 0.5,
      kw: 2,
      w: 1,
      company: 0.25,
      lang: 0.25,
      country: 0,
      collection: 0,
    },
    recencyDecay: 0,
    decays: [1, 0.99, 0.97, 0.9],
  },
  fit(data: TrainingData, config?: Partial<ContentConfig>, hooks?: FitHooks): Recommender {
    const c = { ...this.defaults, ...config };
    const movies = data.movies;
    if (!movies || movies.length !== data.nItems)
      throw new Error("the content model needs the films' metadata (TrainingData.movies), one per item");
    const features = buildItemFeatures(movies);
    const { rows, postings } = weightedTfidf(
      movies.map((m, i) => contentTokens(m, features[i]!)),
      c.minDf,
      c.kindWeights,
    );
    const make = (recencyDecay: number) => new Content(rows, postings, { ...c, recencyDecay });
    if (c.recencyDecay > 0) return make(c.recencyDecay);
    // Content ignores who rated what, so the one vector table serves every candidate decay.
    const split = tuningSplit(data);
    let best = { decay: c.decays[0] ?? 1, ndcg: Number.NEGATIVE_INFINITY };
    c.decays.forEach((decay, step) => {
      const m = evaluateRanking(make(decay), split.train, split.targets, split.candidates);
      hooks?.onProgress?.({
        stage: "recency search",
        step: step + 1,
        steps: c.decays.length,
        values: { decay, "validation ndcg@10": m["ndcg@10"] },
      });
      if (m["ndcg@10"] > best.ndcg) best = { decay, ndcg: m["ndcg@10"] };
    });
    return make(best.decay);
  },
  load(artifact: ModelArtifact): Recommender {
    const a = artifact.arrays;
    return new Content(
      {
        offsets: a.rowOffsets as Int32Array,
        terms: a.rowTerms as Int32Array,
        values: a.rowValues as Float32Array,
      },
      {
        offsets: a.postingOffsets as Int32Array,
        items: a.postingItems as Int32Array,
        values: a.postingValues as Float32Array,
      },
      { ...this.defaults, ...(artifact.config as Partial<ContentConfig>) },
    );
  },
} satisfies ModelKind<ContentConfig>;
