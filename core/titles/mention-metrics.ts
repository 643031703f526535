/** One line with the films a person really named (gold) and the films the matcher found. */
export interface ScoredLine {
  gold: readonly number[];
  found: readonly number[];
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
