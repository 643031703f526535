import { Catalogue } from "../../core/catalogue.ts";
import type { Movie } from "../../core/movie.ts";
import { TitleEngine } from "../../core/titles/find-titles.ts";
import { tokenize } from "../../core/titles/normalize.ts";
import { warmWordFrequencies } from "../../core/titles/word-frequency.ts";
import { seededRandom } from "../../models/random.ts";
import { percentiles } from "./bench-stats.ts";

/** At least this many titles in the synthetic catalogue (≈ MovieLens 32M's 87,585 films). */
export const SYNTHETIC_TITLES = 90_000;

function timeEach<T>(inputs: readonly T[], run: (input: T) => unknown, warmup = 50): number[] {
  for (const input of inputs.slice(0, warmup)) run(input);
  return inputs.map((input) => {
    const t = performance.now();
    run(input);
    return performance.now() - t;
  });
}

/**
 * The real catalogue plus made-up films whose titles are drawn from the real titles' own
 * words (by frequency) and lengths, with years and Zipf-like rating counts: a catalogue of
 * MovieLens-32M size that reads like MovieLens. The same every run (seeded).
 */
export function syntheticCatalogue(real: Catalogue, size = SYNTHETIC_TITLES, seed = 32): Catalogue {
  const rand = seededRandom(seed);
  const words: string[] = [];
  const lengths: number[] = [];
  for (const movie of real.movies) {
    const raw = tokenize(movie.title).map((t) => t.raw);
    lengths.push(raw.length);
    words.push(...raw);
  }
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const movies: Movie[] = [...real.movies];
  const counts: number[] = Array.from(real.ratingCounts);
  const seen = new Set(real.movies.map((m) => m.title.toLowerCase()));
  let nextId = Math.max(0, ...real.movies.map((m) => m.movieId)) + 1;
  while (movies.length < size) {
    const n = Math.max(1, pick(lengths));
    const title = Array.from({ length: n }, () => pick(words)).join(" ");
    if (seen.has(title.toLowerCase())) continue;
    seen.add(title.toLowerCase());
    movies.push({
      movieId: nextId++,
      title,
      year: 1920 + Math.floor(rand() * 104),
      altTitles: [],
      genres: [],
    });
    counts.push(Math.floor(1 / (rand() + 0.002)) - 1);
  }
  return new Catalogue(movies, Float32Array.from(counts));
}

/** Typed prefixes as autocomplete sees them: the first 3–8 letters of real titles, some with a typo. */
function prefixes(catalogue: Catalogue, n: number): string[] {
  const rand = seededRandom(7);
  return Array.from({ length: n }, () => {
    const title = catalogue.at(Math.floor(rand() * catalogue.size)).title;
    const p = title.slice(0, 3 + Math.floor(rand() * 6));
    if (p.length < 5 || rand() < 0.7) return p;
    const i = 1 + Math.floor(rand() * (p.length - 2));
    return p.slice(0, i) + p[i + 1] + p[i] + p.slice(i + 2);
  });
}

/** Inputs timed per catalogue: enough for a stable p99 without making `bench` slow. */
const SAMPLE = 800;

function measure(catalogue: Catalogue, allMessages: readonly string[]) {
  const messages = allMessages.slice(0, SAMPLE);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const engine = new TitleEngine(catalogue);
  const buildMs = performance.now() - started;
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  return {
    titles: catalogue.size,
    titleForms: engine.index.size,
    buildMs: Math.round(buildMs),
    heapMB: Math.round(heapMB),
    findPerMessage: percentiles(timeEach(messages, (m) => engine.find(m))),
    completePerPrefix: percentiles(timeEach(prefixes(catalogue, SAMPLE), (p) => engine.complete(p, 25))),
    engine,
  };
}

/**
 * Title matching at the served catalogue's size and at MovieLens-32M's: latency per message
 * (p50/p99), autocomplete latency, index build time and heap growth. The lexicon and word
 * frequencies the engine shares across catalogues are loaded before timing builds.
 */
export function benchTitles(catalogue: Catalogue, messages: readonly string[]) {
  new TitleEngine(new Catalogue([], new Float32Array(0))).find("warm up the lexicon");
  warmWordFrequencies();
  const real = measure(catalogue, messages);
  const { engine: _real, ...served } = real;
  const synthetic = syntheticCatalogue(catalogue);
  const { engine: _synthetic, ...large } = measure(synthetic, messages);
  return { served, synthetic: large };
}
