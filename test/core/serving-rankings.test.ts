import { describe, expect, test } from "vitest";
import { profileOf } from "../../core/profile/profile.ts";
import { rankingHistory } from "../../core/recommend/recommend.ts";
import { suggest } from "../../core/suggest.ts";
import {
  type BlendConfig,
  blendMembers,
  bucketOf,
  termsOf,
  themeCoherence,
} from "../../models/blend/blend.ts";
import type { History, Recommender } from "../../models/recommender.ts";
import { sharedApp } from "../helpers/app.ts";
import { prng } from "../models/fixtures.ts";

const app = await sharedApp();
const { catalogue, models } = app;
const ranker = models.ranker;
const config = ranker.toArtifact().config as BlendConfig;
const members = [...(blendMembers(ranker) ?? [])].map(([name, model]) => ({ name, model }));
const terms = termsOf(config.terms, members);
const LOG_SCALED = new Set(["popularity", "loved-popularity"]);

/**
 * The blend's score by its definition, the way it was first written: every member scored
 * afresh, log(1 + x) for the popularity members, each scaled so its best film is 1, products
 * as float32 vectors, then the bucket's weighted sum. The served blend caches, fuses and
 * reuses buffers; its scores must stay these.
 */
function definitionScore(history: History): Float32Array {
  const liked = history.items.filter((_, p) => (history.weights?.[p] ?? 1) > 0);
  const b = bucketOf(config.bounds, liked.length);
  const split = config.coherenceSplits[b];
  const coherent = config.coherentWeights[b];
  const w =
    typeof split === "number" && coherent && themeCoherence(members, liked) >= split
      ? coherent
      : config.weights[b]!;
  const normalised = members.map(({ name, model }) => {
    const s = Float32Array.from(model.score({ items: [...history.items], weights: history.weights ?? [] }));
    if (LOG_SCALED.has(name)) for (let i = 0; i < s.length; i++) s[i] = Math.log1p(s[i]!);
    let max = 0;
    for (const v of s) max = Math.max(max, v);
    if (max > 0) for (let i = 0; i < s.length; i++) s[i] = s[i]! * (1 / max);
    return s;
  });
  const out = new Float32Array(ranker.nItems);
  terms.forEach((t, k) => {
    if (!w[k]) return;
    const v = normalised[t.parts[0]!]!.slice();
    for (const p of t.parts.slice(1)) for (let i = 0; i < v.length; i++) v[i] = v[i]! * normalised[p]![i]!;
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + w[k]! * v[i]!;
  });
  return out;
}

const pool = catalogue.movies.filter((m) => catalogue.popularity(m.movieId) >= 5).map((m) => m.movieId);
const rand = prng(11);
const pick = () => pool[Math.floor(rand() * pool.length)]!;
const cases = Array.from({ length: 40 }, (_, n) => ({
  liked: Array.from({ length: 1 + (n % 6) }, pick),
  disliked: n % 3 === 0 ? [pick()] : [],
}));
const toItems = (ids: number[]) => ids.map((id) => catalogue.indexOf(id)!);

describe("the served blend on ml-latest-small scores and ranks as its definition does", () => {
  test("is the blend, with a history-free member and a product term", () => {
    expect(ranker.name).toBe("blend");
    expect(terms.some((t) => t.parts.length > 1)).toBe(true);
    expect(members.some((m) => LOG_SCALED.has(m.name))).toBe(true);
  });

  test("the same score for every film, whatever was scored before", () => {
    for (const c of cases) {
      const history = rankingHistory(toItems(c.liked), toItems(c.disliked));
      const expected = definitionScore(history);
      const got = ranker.score(history);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
      expect(worst).toBeLessThanOrEqual(1e-6);
    }
  });

  test("the chat path's top 10, scores and reasons are those of the definition", () => {
    const reference: Recommender = {
      name: "reference",
      nItems: ranker.nItems,
      score: definitionScore,
      explain: (h, i) => ranker.explain(h, i),
      similar: (i, k) => ranker.similar(i, k),
      toArtifact: () => ranker.toArtifact(),
    };
    for (const c of cases) {
      const profile = profileOf(c.liked, c.disliked);
      const got = suggest(catalogue, models, profile, { k: 10 });
      const want = suggest(catalogue, { ...models, ranker: reference }, profile, { k: 10 });
      expect(got.map((card) => card.movieId)).toEqual(want.map((card) => card.movieId));
      got.forEach((card, k) => {
        expect(card.score).toBeCloseTo(want[k]!.score, 6);
        expect(card.reasons).toEqual(want[k]!.reasons);
      });
    }
  });

  test("explaining a history after another was scored gives what it gave right after its own score", () => {
    const [a, b] = cases.map((c) => rankingHistory(toItems(c.liked), toItems(c.disliked)));
    const scoresA = ranker.score(a!);
    const top = [...scoresA.keys()].sort((x, y) => scoresA[y]! - scoresA[x]!).slice(0, 5);
    const first = top.map((i) => ranker.explain(a!, i));
    ranker.score(b!);
    expect(top.map((i) => ranker.explain(a!, i))).toEqual(first);
    expect(Array.from(ranker.score(a!))).toEqual(Array.from(scoresA));
  });
});
