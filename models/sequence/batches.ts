/** A stretch of one user's history: `items` predicts `items` shifted by one. */
export interface Window {
  user: number;
  /** Where `items` starts in the user's history. */
  start: number;
  /** Up to maxLen + 1 consecutive items, oldest first. */
  items: Int32Array;
}

/**
 * Cuts each history into windows of maxLen + 1 items, newest first, so each transition is
 * learned once per epoch; `perUser` caps how many (the newest ones) a long history gives.
 */
export function historyWindows(sequences: readonly Int32Array[], maxLen: number, perUser: number): Window[] {
  const out: Window[] = [];
  sequences.forEach((seq, user) => {
    let taken = 0;
    for (let end = seq.length; end >= 2 && taken < perUser; end -= maxLen, taken++) {
      const start = Math.max(0, end - maxLen - 1);
      out.push({ user, start, items: seq.subarray(start, end) });
    }
  });
  return out;
}

/** Model inputs for a batch of right-aligned sequences, padded on the left. */
export interface SequenceBatch {
  size: number;
  /** [size * maxLen] item per position (0 at padding, which is masked). */
  inputs: Int32Array;
  /** [size * maxLen] 1 at real positions, 0 at padding. */
  present: Float32Array;
  /** [size, maxLen, maxLen] additive attention mask: 0 where a position may look, -1e9 elsewhere. */
  attention: Float32Array;
  /** Flat positions that have a next item to predict, and that item. */
  targetPositions: Int32Array;
  targets: Int32Array;
}

const BLOCKED = -1e9;

/**
 * With `predictNext`, every window item is an input and nothing is a target (inference on
 * whole histories); otherwise the last item of each window is only a target.
 */
export function makeBatch(
  windows: readonly Int32Array[],
  maxLen: number,
  predictNext = false,
): SequenceBatch {
  const size = windows.length;
  const inputs = new Int32Array(size * maxLen);
  const present = new Float32Array(size * maxLen);
  const attention = new Float32Array(size * maxLen * maxLen).fill(BLOCKED);
  const targetPositions: number[] = [];
  const targets: number[] = [];
  windows.forEach((w, b) => {
    const seq = predictNext ? w.subarray(-maxLen) : w.subarray(0, w.length - 1).subarray(-maxLen);
    const first = maxLen - seq.length;
    for (let t = 0; t < seq.length; t++) {
      const pos = b * maxLen + first + t;
      inputs[pos] = seq[t]!;
      present[pos] = 1;
      if (!predictNext) {
        targetPositions.push(pos);
        targets.push(w[w.length - seq.length + t]!);
      }
    }
    for (let i = 0; i < maxLen; i++) {
      const row = (b * maxLen + i) * maxLen;
      // Padding queries look at themselves only, so their softmax is well defined; their
      // outputs are never read.
      if (i < first) attention[row + i] = 0;
      else for (let j = first; j <= i; j++) attention[row + j] = 0;
    }
  });
  return {
    size,
    inputs,
    present,
    attention,
    targetPositions: Int32Array.from(targetPositions),
    targets: Int32Array.from(targets),
  };
}
