import type { Catalogue } from "../catalogue.ts";
import { reasonsFor, summarizeTaste } from "../explain/explain.ts";
import { knownMovieIds, type Profile } from "../profile/profile.ts";
import { type Card, card } from "../reply/reply.ts";
import { fitsDislikes, wantedIn } from "./filters.ts";
import type { ServingModels } from "./recommend.ts";
import { DEFAULT_RERANK, type RerankOptions, rerank } from "./rerank.ts";

export interface Member {
  name: string;
  profile: Profile;
  /** Films a reason may name for this member (those they made public); absent: any of theirs. */
  nameable?: ReadonlySet<number>;
}

/**
 * Average without misery: a film is only considered if it sits in this top share of every
 * member's own ranking, then ranked by the members' average score. When too few films pass,
 * the bar drops a step at a time, so a very mixed group still gets a list.
 */
const MISERY_BARS = [0.9, 0.75, 0.5, 0];
const POOL_PER_MEMBER = 200;

/**
 * A movie night: one list for several people, fair to each, with a reason per member.
 * Members who have named no film yet are the caller's to leave out (and to mention).
 */
export function groupSuggest(
  catalogue: Catalogue,
  models: ServingModels,
  members: readonly Member[],
  options: { k: number; exclude?: Iterable<number>; rerank?: RerankOptions },
): Card[] {
  const excluded = new Set<number>();
  for (const m of members) for (const id of knownMovieIds(m.profile)) excluded.add(id);
  for (const id of options.exclude ?? []) excluded.add(id);
  const acceptable: number[] = [];
  for (let i = 0; i < catalogue.size; i++) {
    const movie = catalogue.at(i);
    if (!excluded.has(movie.movieId) && members.every((m) => fitsDislikes(movie, m.profile.prefs ?? [])))
      acceptable.push(i);
  }
  const likedItems = members.map((m) =>
    m.profile.liked.map((e) => catalogue.indexOf(e.movieId)).filter((i): i is number => i !== undefined),
  );
  // Per member: each acceptable film's score scaled to [0, 1] and its percentile in their ranking.
  const perMember = likedItems.map((items) => {
    const scores = models.ranker.score({ items });
    const order = [...acceptable].sort((a, b) => scores[b]! - scores[a]! || a - b);
    const percentile = new Map<number, number>();
    order.forEach((item, rank) => {
      percentile.set(item, 1 - rank / order.length);
    });
    const top = scores[order[0] ?? 0] ?? 0;
    return { scores, percentile, top: top > 0 ? top : 1, order };
  });
  const pool = new Set<number>();
  for (const m of perMember) for (const i of m.order.slice(0, POOL_PER_MEMBER)) pool.add(i);

  let passing: number[] = [];
  for (const bar of MISERY_BARS) {
    passing = [...pool].filter((i) => perMember.every((m) => (m.percentile.get(i) ?? 0) >= bar));
    if (passing.length >= options.k) break;
  }
  const average = (i: number) =>
    perMember.reduce((sum, m) => sum + Math.max(0, m.scores[i]!) / m.top, 0) / perMember.length;
  const picks = rerank(
    passing.map((i) => ({ movie: catalogue.at(i), relevance: average(i) })),
    options.k,
    catalogue.newestYear,
    options.rerank ?? DEFAULT_RERANK,
  );
  const tastes = members.map((m) =>
    summarizeTaste(
      catalogue,
      m.profile.liked.map((e) => e.movieId).filter((id) => m.nameable?.has(id) ?? true),
    ),
  );
  return picks.map((p) => {
    const item = catalogue.indexOf(p.movie.movieId)!;
    const reasons = members.map((m, k) => {
      const because = models.ranker
        .explain({ items: likedItems[k]! }, item)
        .filter((c) => c.weight > 0)
        .map((c) => ({ movieId: catalogue.at(c.item).movieId, weight: c.weight }))
        // A film told in a DM stays there: the card is seen by everyone in the channel.
        .filter((c) => m.nameable?.has(c.movieId) ?? true);
      const ranked = {
        movieId: p.movie.movieId,
        score: p.score,
        source: "model" as const,
        because,
        recency: 0,
        wanted: wantedIn(p.movie, m.profile.prefs ?? []),
      };
      const [first] = reasonsFor(catalogue, ranked, tastes[k]!);
      const share = Math.max(1, Math.ceil((1 - (perMember[k]!.percentile.get(item) ?? 0)) * 100));
      return `${m.name}: ${first ?? `in your top ${share}%`}`;
    });
    return card(p.movie, p.score, reasons);
  });
}
