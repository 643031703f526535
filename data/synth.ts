import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { MOVIELENS_GENRES } from "../core/movie.ts";
import { seededRandom } from "../models/random.ts";

/**
 * A deterministic generator of MovieLens-layout data (movies.csv, ratings.csv, tags.csv,
 * links.csv) at any size, with structure the models can learn:
 * - long-tailed popularity (Zipf-like weights over films);
 * - taste structure: films fall in niches of ~25 (a sub-genre, a director's films), each niche
 *   in a main genre; each user favours two to four niches, mostly of one genre, and most of
 *   their films come from them, rated higher;
 * - order: series of two to five parts, watched in order (sequels after their originals);
 * - bursts: runs of ratings in one second, as MovieLens users rate a batch when they join.
 * Ratings are written user by user as they are drawn: memory holds the films, never the file.
 */
export interface SynthOptions {
  ratings: number;
  films: number;
  users: number;
  seed: number;
  out: string;
  /** Told after each user's rows, for a progress bar. */
  onProgress?: (written: number, total: number) => void;
}

export interface SynthSummary {
  ratings: number;
  films: number;
  users: number;
  tags: number;
  series: number;
  seconds: number;
}

/** MovieLens's genres a generated film can have (IMAX is a format, not a taste). */
export const GENRES = MOVIELENS_GENRES.filter((g) => g !== "IMAX");

const WORDS = [
  "Midnight",
  "River",
  "Shadow",
  "Glass",
  "Iron",
  "Summer",
  "Silent",
  "Golden",
  "Broken",
  "Last",
  "Northern",
  "Paper",
  "Secret",
  "Electric",
  "Hollow",
  "Crimson",
  "Winter",
  "Velvet",
  "Distant",
  "Wild",
];
const NOUNS = [
  "Harbor",
  "Empire",
  "Garden",
  "Signal",
  "Frontier",
  "Orchard",
  "Witness",
  "Voyage",
  "Kingdom",
  "Letters",
  "Station",
  "Circus",
  "Machine",
  "Island",
  "Promise",
  "Engine",
  "Canyon",
  "Choir",
  "Mirror",
  "Season",
];

/** Probability a user's next film comes from their favourite niches (the rest: anything popular). */
const TASTE_SHARE = 0.8;
/** Share of films that start a series. */
const SERIES_SHARE = 0.04;
/** Probability a viewer of one part goes on to the next, right after. */
const SEQUEL_FOLLOW = 0.7;
/** Probability a rating starts a burst of same-second ratings. */
const BURST_SHARE = 0.1;

/** The films: genres, popularity weights, series links, all derived from the seed. */
export interface SynthFilms {
  n: number;
  /** Main genre index per film (0-based film index; movieId = index + 1): its niche's. */
  genre: Uint8Array;
  /** The niche per film. */
  niche: Int32Array;
  /** Niches by main genre, for users whose tastes stay in one genre. */
  nichesByGenre: number[][];
  /** Second genre + 1, or 0 for none. */
  genre2: Uint8Array;
  year: Uint16Array;
  /** The next part of the film's series (film index), or -1. */
  next: Int32Array;
  /** Part number within its series (1 for a standalone film or a first part). */
  part: Uint8Array;
  /** Cumulative popularity weights over all films, and per main genre (with the films). */
  cumulative: Float64Array;
  byNiche: { films: Int32Array; cumulative: Float64Array }[];
}

/** Index of the first cumulative weight above r·total: a weighted draw in O(log n). */
function draw(cumulative: Float64Array, r: number): number {
  const target = r * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function synthFilms(n: number, rand: () => number): SynthFilms {
  const genre = new Uint8Array(n);
  const niche = new Int32Array(n);
  const nNiches = Math.max(GENRES.length, Math.round(n / 25));
  // Genres are skewed: dramas and comedies are common, film-noir is rare.
  const nicheGenre = Uint8Array.from({ length: nNiches }, () =>
    Math.min(GENRES.length - 1, Math.floor(GENRES.length * rand() ** 1.6)),
  );
  const genre2 = new Uint8Array(n);
  const year = new Uint16Array(n);
  const next = new Int32Array(n).fill(-1);
  const part = new Uint8Array(n).fill(1);
  const weight = new Float64Array(n);
  // Popularity rank is shuffled against the id, so film 1 is not always the most popular.
  const rank = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  for (let i = 0; i < n; i++) {
    niche[i] = Math.floor(rand() * nNiches);
    genre[i] = nicheGenre[niche[i]!]!;
    genre2[i] = rand() < 0.5 ? 1 + Math.floor(rand() * GENRES.length) : 0;
    if (genre2[i] === genre[i]! + 1) genre2[i] = 0;
    year[i] = 1920 + Math.floor(104 * rand() ** 0.6);
    weight[i] = 1 / (rank[i]! + 5) ** 1.15;
  }
  // Series: a run of consecutive ids, same genres, later years, each part less popular.
  for (let i = 0; i < n; i++) {
    if (part[i] !== 1 || next[i] !== -1 || rand() >= SERIES_SHARE) continue;
    const parts = 2 + Math.floor(rand() * 4);
    if (i + parts > n) continue;
    let clash = false;
    for (let k = 1; k < parts; k++) if (part[i + k] !== 1 || next[i + k] !== -1) clash = true;
    if (clash) continue;
    for (let k = 1; k < parts; k++) {
      const j = i + k;
      genre[j] = genre[i]!;
      niche[j] = niche[i]!;
      genre2[j] = genre2[i]!;
      year[j] = Math.min(2023, year[i]! + 2 * k);
      part[j] = k + 1;
      weight[j] = weight[i]! * 0.6 ** k;
      next[j - 1] = j;
    }
    i += parts - 1;
  }
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += weight[i]!;
    cumulative[i] = sum;
  }
  const members: number[][] = Array.from({ length: nNiches }, () => []);
  for (let i = 0; i < n; i++) members[niche[i]!]!.push(i);
  const byNiche = members.map((list) => {
    const films = Int32Array.from(list);
    const c = new Float64Array(films.length);
    let s = 0;
    films.forEach((f, k) => {
      s += weight[f]!;
      c[k] = s;
    });
    return { films, cumulative: c };
  });
  const nichesByGenre: number[][] = GENRES.map(() => []);
  for (const [c, g] of nicheGenre.entries()) nichesByGenre[g]!.push(c);
  return { n, genre, niche, nichesByGenre, genre2, year, next, part, cumulative, byNiche };
}

function title(films: SynthFilms, i: number): string {
  // Series parts share the first part's name: "Iron Harbor 2 (1984)".
  let first = i;
  while (first > 0 && films.next[first - 1] === first) first--;
  const name = `${WORDS[first % WORDS.length]} ${NOUNS[Math.floor(first / WORDS.length) % NOUNS.length]} ${first + 1}`;
  const p = films.part[i]!;
  return `${name}${p > 1 ? ` Part ${p}` : ""} (${films.year[i]})`;
}

function genresOf(films: SynthFilms, i: number): string {
  const g2 = films.genre2[i]!;
  return g2 > 0 ? `${GENRES[films.genre[i]!]}|${GENRES[g2 - 1]}` : GENRES[films.genre[i]!]!;
}

/** Lines gathered into ~1 MB chunks, each written when the stream has room. */
class ChunkWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly stream: WriteStream) {}

  async line(s: string): Promise<void> {
    this.parts.push(s);
    this.size += s.length + 1;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = `${this.parts.join("\n")}\n`;
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk))
      await new Promise<void>((resolve) => this.stream.once("drain", () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(resolve);
    });
  }
}

/**
 * How many ratings each user gives: long-tailed (log-normal), at least min(20, N/users) as in
 * MovieLens, at most a quarter of the films, summing to exactly N (while the caps allow).
 */
export function ratingsPerUser(total: number, users: number, films: number, rand: () => number): Int32Array {
  const floor = Math.max(1, Math.min(20, Math.floor(total / users)));
  const cap = Math.max(floor, Math.floor(films / 4));
  const raw = Float64Array.from({ length: users }, () => {
    // Box–Muller: a standard normal from two uniforms.
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.exp(1.2 * z);
  });
  const spare = Math.max(0, total - floor * users);
  const sum = raw.reduce((a, b) => a + b, 0);
  const counts = Int32Array.from(raw, (r) => Math.min(cap, floor + Math.floor((spare * r) / sum)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  // The rounding and the caps leave a remainder: spread it over the users with room, a pass
  // at a time, until none is left or nobody has room.
  for (let moved = true; left !== 0 && moved; ) {
    moved = false;
    for (let k = 0; k < users && left !== 0; k++) {
      if (left > 0 && counts[k]! < cap) {
        counts[k]!++;
        left--;
        moved = true;
      } else if (left < 0 && counts[k]! > 1) {
        counts[k]!--;
        left++;
        moved = true;
      }
    }
  }
  return counts;
}

/** Writes the four files into `out` and says what it wrote. Same options, same bytes. */
export async function writeSynthetic(options: SynthOptions): Promise<SynthSummary> {
  const started = performance.now();
  const { films: nFilms, users: nUsers, seed, out } = options;
  if (nFilms < 10 || nUsers < 1 || options.ratings < nUsers)
    throw new Error("synth needs at least 10 films, 1 user and one rating per user");
  mkdirSync(out, { recursive: true });
  const rand = seededRandom(seed);
  const films = synthFilms(nFilms, rand);

  const movies = new ChunkWriter(createWriteStream(join(out, "movies.csv")));
  const links = new ChunkWriter(createWriteStream(join(out, "links.csv")));
  await movies.line("movieId,title,genres");
  await links.line("movieId,imdbId,tmdbId");
  let series = 0;
  for (let i = 0; i < nFilms; i++) {
    if (films.next[i]! >= 0 && films.part[i] === 1) series++;
    await movies.line(`${i + 1},${title(films, i)},${genresOf(films, i)}`);
    await links.line(`${i + 1},${String(1_000_000 + i).padStart(7, "0")},${900_000 + i}`);
  }
  await Promise.all([movies.close(), links.close()]);

  const counts = ratingsPerUser(options.ratings, nUsers, nFilms, rand);
  const ratings = new ChunkWriter(createWriteStream(join(out, "ratings.csv")));
  const tags = new ChunkWriter(createWriteStream(join(out, "tags.csv")));
  await ratings.line("userId,movieId,rating,timestamp");
  await tags.line("userId,movieId,tag,timestamp");
  let written = 0;
  let tagCount = 0;
  const start2023 = 1_672_531_200;
  const start1996 = 820_454_400;
  for (let u = 0; u < nUsers; u++) {
    const want = counts[u]!;
    // Two to four favourite niches, the first favoured most, the others mostly of its genre.
    const nNiches = films.byNiche.length;
    const tastes = [Math.floor(rand() * nNiches)];
    const home = films.nichesByGenre[films.genre[films.byNiche[tastes[0]!]!.films[0] ?? 0]!]!;
    while (tastes.length < 2 || (tastes.length < 4 && rand() < 0.5)) {
      const sameGenre = home.length > 1 && rand() < 0.7;
      tastes.push(sameGenre ? home[Math.floor(rand() * home.length)]! : Math.floor(rand() * nNiches));
    }
    const tasteGenres = new Set(tastes.map((c) => films.genre[films.byNiche[c]!.films[0] ?? 0]!));
    const seen = new Set<number>();
    const picked: number[] = [];
    const pickOne = (): number => {
      for (let attempt = 0; attempt < 30; attempt++) {
        let i: number;
        if (rand() < TASTE_SHARE) {
          const g = tastes[Math.floor(rand() ** 1.5 * tastes.length)]!;
          const pool = films.byNiche[g]!;
          i =
            pool.films.length > 0
              ? pool.films[draw(pool.cumulative, rand())]!
              : draw(films.cumulative, rand());
        } else i = draw(films.cumulative, rand());
        // A later part on its own is rare: people start a series at its start.
        if (films.part[i]! > 1 && rand() < 0.8) continue;
        if (!seen.has(i)) return i;
      }
      for (let i = Math.floor(rand() * nFilms), k = 0; k < nFilms; k++, i = (i + 1) % nFilms)
        if (!seen.has(i)) return i;
      return -1;
    };
    while (picked.length < want) {
      const i = pickOne();
      if (i < 0) break;
      seen.add(i);
      picked.push(i);
      // The sequels, in order, right after.
      for (
        let j = films.next[i]!;
        j >= 0 && picked.length < want && rand() < SEQUEL_FOLLOW;
        j = films.next[j]!
      ) {
        if (seen.has(j)) break;
        seen.add(j);
        picked.push(j);
      }
    }
    // Time: from a join date, gaps of minutes to weeks; bursts share one second.
    let t = start1996 + Math.floor(rand() * (start2023 - start1996) * 0.9);
    let burst = 0;
    const rows: { i: number; t: number; r: number }[] = [];
    for (const [k, i] of picked.entries()) {
      const sequel = k > 0 && films.next[picked[k - 1]!] === i;
      if (burst > 0 && !sequel) burst--;
      else {
        t += sequel ? 60 + Math.floor(rand() * 86_400) : 1 + Math.floor(-Math.log(1 - rand()) * 200_000);
        if (!sequel && rand() < BURST_SHARE) burst = 2 + Math.floor(rand() * 8);
      }
      const base = tastes.includes(films.niche[i]!) ? 4 : tasteGenres.has(films.genre[i]!) ? 3.5 : 3;
      const r = Math.min(5, Math.max(0.5, Math.round((base + (rand() - 0.5) * 2.5) * 2) / 2));
      rows.push({ i, t: Math.min(t, start2023 + 31_536_000), r });
    }
    // MovieLens sorts each user's rows by film id; the order lives in the timestamps.
    rows.sort((a, b) => a.i - b.i);
    for (const row of rows) {
      await ratings.line(`${u + 1},${row.i + 1},${row.r.toFixed(1)},${row.t}`);
      if (rand() < 0.02) {
        tagCount++;
        await tags.line(`${u + 1},${row.i + 1},${GENRES[films.genre[row.i]!]!.toLowerCase()},${row.t}`);
      }
    }
    written += rows.length;
    options.onProgress?.(written, options.ratings);
  }
  await Promise.all([ratings.close(), tags.close()]);
  return {
    ratings: written,
    films: nFilms,
    users: nUsers,
    tags: tagCount,
    series,
    seconds: (performance.now() - started) / 1000,
  };
}

/** "32M", "87k", "1_000_000" → a count. */
export function parseCount(value: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(value.replaceAll("_", ""));
  if (!m) throw new Error(`"${value}" is not a count (e.g. 1000000, 87k, 32M)`);
  const scale = { "": 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2] as "" | "k" | "K" | "m" | "M"];
  return Math.round(Number(m[1]) * scale);
}
