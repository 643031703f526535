import type { Catalogue } from "../catalogue.ts";
import type { TitleEntry } from "./title-index.ts";

/** One film a span may name, with how well the written words fit it. */
export interface Reading {
  item: number;
  /** Typos, with words run together or apart counting a quarter each. */
  edits: number;
  entry: TitleEntry;
}

export interface VersionHints {
  /** A year written by the title: "It (2017)", "the 1990 It". */
  year?: number;
  /** "the original X", "the old X" → the earliest version; "the new X", "the remake" → the latest. */
  era?: "old" | "new";
  /** Films already named or shown in this conversation, most recent last. */
  recent?: readonly number[];
  /** Items linked to a person the message names ("with de niro"): their versions are meant. */
  people?: ReadonlySet<number>;
}

export interface RankedVersions {
  items: number[];
  /** The first item's share of the weight: how sure the pick is. */
  confidence: number;
  /** The year or the conversation settled it. */
  settled: boolean;
  /** Two or more readings are close enough that the person should be asked. */
  ambiguous: boolean;
}

/** A runner-up with at least this share of the leader's weight makes the pick a question. */
const CLOSE = 0.35;
/** Readings this far behind the leader are not worth listing. */
const NEGLIGIBLE = 0.01;

/**
 * Orders the films a span may name. Weight is the film's popularity prior, lowered for each
 * typo, for a weaker written form (main title only) and for a missing article ("Heat"
 * fits "Heat" better than "The Heat"), raised by a matching year, by "original"/"new" and
 * by the film having come up in this conversation.
 */
export function rankVersions(
  catalogue: Catalogue,
  prior: Float64Array,
  readings: readonly Reading[],
  hints: VersionHints,
): RankedVersions {
  const best = new Map<number, number>();
  const fits = new Map<number, number>();
  for (const r of readings) {
    const fit = Math.exp(-4 * r.edits - 1.5 * r.entry.penalty - (r.entry.articleDropped ? 1 : 0));
    const w = prior[r.item]! * fit;
    if (w > (best.get(r.item) ?? 0)) best.set(r.item, w);
    if (fit > (fits.get(r.item) ?? 0)) fits.set(r.item, fit);
  }
  const years = [...best.keys()].map((i) => catalogue.at(i).year ?? Number.NaN);
  let settled = false;
  if (hints.year !== undefined) {
    const exact = [...best.keys()].filter((i) => catalogue.at(i).year === hints.year);
    const near = [...best.keys()].filter((i) => Math.abs((catalogue.at(i).year ?? 0) - hints.year!) === 1);
    for (const i of exact) best.set(i, best.get(i)! * 1e4);
    for (const i of near) best.set(i, best.get(i)! * 100);
    settled = exact.length + near.length > 0;
  }
  if (hints.people && best.size > 1) {
    // A person picks between versions the words fit equally ("Cape Fear" 1962 or 1991), not
    // a film the words fit worse ("The Hunger Games" is not Mockingjay for its star).
    const topFit = Math.max(...fits.values());
    let boosted = false;
    for (const i of best.keys()) {
      if (hints.people.has(i) && fits.get(i)! >= topFit * 0.5) {
        best.set(i, best.get(i)! * 1e3);
        boosted = true;
      }
    }
    settled ||= boosted;
  }
  if (hints.era && best.size > 1) {
    const known = years.filter((y) => !Number.isNaN(y));
    const target = hints.era === "old" ? Math.min(...known) : Math.max(...known);
    for (const i of best.keys()) if (catalogue.at(i).year === target) best.set(i, best.get(i)! * 50);
  }
  const recent = hints.recent ?? [];
  if (recent.length > 0 && best.size > 1) {
    let boosted = false;
    for (const i of best.keys()) {
      const at = recent.lastIndexOf(catalogue.at(i).movieId);
      if (at >= 0) {
        best.set(i, best.get(i)! * 30 * (1 - (0.5 * (recent.length - 1 - at)) / recent.length));
        boosted = true;
      }
    }
    settled ||= boosted;
  }
  const ranked = [...best.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const top = ranked[0]?.[1] ?? 0;
  const total = ranked.reduce((s, [, w]) => s + w, 0);
  const kept = ranked.filter(([, w]) => w >= top * NEGLIGIBLE);
  const second = kept[1]?.[1] ?? 0;
  return {
    items: kept.map(([i]) => i),
    confidence: total === 0 ? 0 : top / total,
    settled,
    ambiguous: !settled && kept.length > 1 && second >= top * CLOSE,
  };
}
