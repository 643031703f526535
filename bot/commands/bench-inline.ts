import { inlineReply } from "../../adapters/telegram/inline.ts";
import { type InlineDeps, inlineAnswer } from "../../core/inline.ts";
import { emptyProfile, type Profile, profileOf } from "../../core/profile/profile.ts";
import { seededRandom } from "../../models/random.ts";
import { percentiles } from "./bench-stats.ts";

/** What people type after `@bot`: whole titles, titles half typed, typos, nothing, and words that name no film. */
export interface InlineBenchQuery {
  kind: "title" | "prefix" | "typo" | "empty" | "nothing";
  query: string;
  profile?: Profile;
}

/** A swap of two neighbouring letters inside the word, as a fast typist makes. */
function typo(text: string, rand: () => number): string {
  if (text.length < 5) return text;
  const i = 1 + Math.floor(rand() * (text.length - 3));
  return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}

/** The same queries every run (seeded), films picked by how often they are rated, as people search. */
export function inlineBenchQueries(deps: InlineDeps, n = 400): InlineBenchQuery[] {
  const { catalogue } = deps;
  const rand = seededRandom(11);
  const byPopularity = catalogue.movies
    .map((m) => m.movieId)
    .sort((a, b) => catalogue.popularity(b) - catalogue.popularity(a))
    .slice(0, 2_000);
  const film = () => catalogue.byId(byPopularity[Math.floor(rand() ** 2 * byPopularity.length)]!)!;
  const queries: InlineBenchQuery[] = [];
  for (let i = 0; i < n; i++) {
    const title = film().title.toLowerCase();
    const slot = i % 8;
    if (slot < 3) queries.push({ kind: "title", query: title });
    else if (slot < 5) queries.push({ kind: "prefix", query: title.slice(0, 3 + Math.floor(rand() * 6)) });
    else if (slot < 6) queries.push({ kind: "typo", query: typo(title, rand) });
    else if (slot < 7) {
      const likes = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => film().movieId);
      queries.push({ kind: "empty", query: "", profile: rand() < 0.5 ? profileOf(likes) : emptyProfile() });
    } else queries.push({ kind: "nothing", query: `zq${Math.floor(rand() * 1e6).toString(36)}x vbnwq` });
  }
  return queries;
}

/**
 * An inline answer's own cost, as the bot pays it per keystroke: the core's answer (title
 * engine, similar films or the person's picks) plus the Telegram results and their JSON. No
 * network: Telegram's round trip comes on top. p50 / p99 per query, each the median over
 * `repeats` passes over the same queries (one pass's p99 is a handful of samples).
 */
export function benchInline(deps: InlineDeps, options: { repeats?: number; n?: number } = {}) {
  const repeats = options.repeats ?? 5;
  const queries = inlineBenchQueries(deps, options.n);
  /** Times one answer: [core + render, core alone] in ms. */
  const answerOne = (q: InlineBenchQuery): [number, number] => {
    const t = performance.now();
    const answer = inlineAnswer(deps, q.query, q.profile);
    const core = performance.now() - t;
    const { results, options: other } = inlineReply(answer, "matinee_bot");
    JSON.stringify({ inline_query_id: "1", results, ...other });
    return [performance.now() - t, core];
  };
  for (const q of queries.slice(0, 50)) answerOne(q);
  const passes = Array.from({ length: repeats }, () => {
    const byKind = new Map<string, number[]>();
    const cores: number[] = [];
    const all = queries.map((q) => {
      const [ms, core] = answerOne(q);
      cores.push(core);
      byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ms]);
      return ms;
    });
    return {
      all: percentiles(all),
      core: percentiles(cores),
      byKind: new Map([...byKind].map(([k, v]) => [k, percentiles(v)])),
    };
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const summary = (pick: (p: (typeof passes)[number]) => ReturnType<typeof percentiles> | undefined) => {
    const got = passes.map(pick).filter((p): p is ReturnType<typeof percentiles> => p !== undefined);
    return {
      n: got[0]?.n ?? 0,
      p50Ms: median(got.map((p) => p.p50Ms)),
      p99Ms: median(got.map((p) => p.p99Ms)),
      maxMs: Math.max(...got.map((p) => p.maxMs)),
    };
  };
  const kinds = [...new Set(queries.map((q) => q.kind))];
  return {
    repeats,
    ...summary((p) => p.all),
    coreOnly: summary((p) => p.core),
    byKind: Object.fromEntries(kinds.map((k) => [k, summary((p) => p.byKind.get(k))])),
  };
}
