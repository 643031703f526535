import type { Movie } from "../movie.ts";

export interface RerankOptions {
  /** Weight of genre diversity in maximal marginal relevance (0 = pure relevance). */
  lambda: number;
  /** Weight of the recency bonus (0 = none). */
  alpha: number;
}

export const DEFAULT_RERANK: RerankOptions = { lambda: 0.1, alpha: 0.15 };

/** Films lose half their recency bonus every this many years before the newest film. */
const RECENCY_HALF_LIFE_YEARS = 10;

export interface Candidate {
  movie: Movie;
  /** The model's relevance, any scale; rescaled to [0, 1] over the candidates. */
  relevance: number;
  /** Added after rescaling (a wanted genre, decade or person). */
  bonus?: number;
}

export interface Reranked {
  movie: Movie;
  /** The blended score the list was ordered by. */
  score: number;
  /** How much the recency bonus added. */
  recency: number;
}

/** 1 for a film of the newest year, halving every RECENCY_HALF_LIFE_YEARS before it. */
export function recencyOf(year: number | null, newestYear: number): number {
  if (year === null) return 0;
  return 0.5 ** (Math.max(0, newestYear - year) / RECENCY_HALF_LIFE_YEARS);
}

/** Genres as bits (one per genre met in this call), so overlap is an AND and a popcount. */
function genreMasks(movies: readonly Movie[]): number[] | undefined {
  const bit = new Map<string, number>();
  const masks = movies.map((m) => {
    let mask = 0;
    for (const g of m.genres) {
      let b = bit.get(g);
      if (b === undefined) {
        b = bit.size;
        bit.set(g, b);
      }
      if (b < 31) mask |= 1 << b;
    }
    return mask;
  });
  // More genres than bits (not MovieLens' 20): compare the lists instead.
  return bit.size <= 31 ? masks : undefined;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function genreSimilarity(a: Movie, b: Movie): number {
  if (a.genres.length === 0 || b.genres.length === 0) return 0;
  let shared = 0;
  for (const g of a.genres) if (b.genres.includes(g)) shared++;
  return shared / (a.genres.length + b.genres.length - shared);
}

/** Jaccard overlap of two genre masks (0 when either film has no genre). */
function maskSimilarity(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  const shared = bitCount(a & b);
  return shared / (bitCount(a) + bitCount(b) - shared);
}

/**
 * Orders candidates by maximal marginal relevance: each next pick maximises
 * (1 − λ)·(relevance + α·recency) − λ·(its highest genre overlap with the picks so far),
 * so a list of ten near-identical crime films makes room for a different one.
 */
export function rerank(
  candidates: readonly Candidate[],
  k: number,
  newestYear: number,
  options: RerankOptions = DEFAULT_RERANK,
): Reranked[] {
  if (candidates.length === 0) return [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const c of candidates) {
    lo = Math.min(lo, c.relevance);
    hi = Math.max(hi, c.relevance);
  }
  const span = hi - lo || 1;
  const masks = genreMasks(candidates.map((c) => c.movie));
  const pool = candidates.map((c, i) => {
    const recency = options.alpha * recencyOf(c.movie.year, newestYear);
    const base = (c.relevance - lo) / span + recency + (c.bonus ?? 0);
    return { movie: c.movie, mask: masks?.[i] ?? 0, base, recency, maxSim: 0 };
  });
  const picked: Reranked[] = [];
  while (picked.length < k && pool.length > 0) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      const value = (1 - options.lambda) * c.base - options.lambda * c.maxSim;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    const [chosen] = pool.splice(best, 1);
    picked.push({ movie: chosen!.movie, score: bestValue, recency: chosen!.recency });
    for (const c of pool) {
      const sim = masks ? maskSimilarity(c.mask, chosen!.mask) : genreSimilarity(c.movie, chosen!.movie);
      if (sim > c.maxSim) c.maxSim = sim;
    }
  }
  return picked;
}
