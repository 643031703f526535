import type { Sentiment } from "./sentiment.ts";

/** One line with the films a person really named (gold) and the films the matcher found. */
export interface ScoredLine {
  gold: readonly number[];
  found: readonly number[];
  /** The feeling the person has for each gold film, where the file says (hand-made lines). */
  goldSentiments?: Readonly<Record<string, Sentiment>>;
  /** The feeling read for each found film. */
  foundSentiments?: Readonly<Record<string, Sentiment>>;
}

export interface MentionMetrics {
  lines: number;
  gold: number;
  found: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Micro precision, recall and F1 of movie ids: every id of every line counts once. */
export function mentionMetrics(lines: readonly ScoredLine[]): MentionMetrics {
  let gold = 0;
  let found = 0;
  let truePositives = 0;
  for (const line of lines) {
    const g = new Set(line.gold);
    const f = new Set(line.found);
    gold += g.size;
    found += f.size;
    for (const id of f) if (g.has(id)) truePositives++;
  }
  const precision = found === 0 ? 0 : truePositives / found;
  const recall = gold === 0 ? 0 : truePositives / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { lines: lines.length, gold, found, truePositives, precision, recall, f1 };
}

export interface FeelingMetrics {
  /** Found gold films whose feeling was compared (the pairs in P∩G that carry a gold label). */
  judged: number;
  agree: number;
  accuracy: number;
  /** Lines that name no film. */
  filmFreeLines: number;
  /** Of those, the lines on which any film was found. */
  falseAlarms: number;
}

/**
 * The hand-made lines' second and third scores (DEV_SETS.md): over the films found right,
 * the share whose like/dislike/neutral equals the gold label; and over the lines that name
 * no film, how many had one found anyway.
 */
export function feelingMetrics(lines: readonly ScoredLine[]): FeelingMetrics {
  let judged = 0;
  let agree = 0;
  let filmFreeLines = 0;
  let falseAlarms = 0;
  for (const line of lines) {
    if (line.gold.length === 0) {
      filmFreeLines++;
      if (line.found.length > 0) falseAlarms++;
    }
    const found = new Set(line.found);
    for (const id of new Set(line.gold)) {
      const want = line.goldSentiments?.[String(id)];
      if (!found.has(id) || want === undefined) continue;
      judged++;
      if (line.foundSentiments?.[String(id)] === want) agree++;
    }
  }
  return { judged, agree, accuracy: judged === 0 ? 0 : agree / judged, filmFreeLines, falseAlarms };
}
