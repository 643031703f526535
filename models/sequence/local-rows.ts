import type { SequenceBatch } from "./batches.ts";
import type { Candidates } from "./candidates.ts";
import type { StepShare } from "./step.ts";
import type { TargetMass } from "./tf-ops.ts";

/**
 * A step's films as rows of a small table: the columns first (so column c is row c), then
 * the inputs not among them. The batches are re-indexed into it; the map from film to row
 * is reset after each step, so a step costs what it touches, not the catalogue.
 */
export class LocalRows {
  private readonly row: Int32Array;

  constructor(nItems: number) {
    this.row = new Int32Array(nItems).fill(-1);
  }

  /**
   * The step's shares for the sampled softmax: `batches` (its halves, in order) share the
   * columns `candidates`, whose labels run over the halves' target rows one after another;
   * `rowWeights` (the same order) weigh each position's loss, 1 when absent.
   */
  shares(
    batches: readonly SequenceBatch[],
    candidates: Candidates,
    gather: (films: Int32Array) => Float32Array,
    rowWeights?: Float32Array,
  ): { films: Int32Array; shares: Omit<StepShare, "seed">[] } {
    const films: number[] = [];
    const add = (film: number) => {
      if (this.row[film]! < 0) this.row[film] = films.push(film) - 1;
      return this.row[film]!;
    };
    for (const f of candidates.films) add(f);
    const local = batches.map((b) => ({
      ...b,
      inputs: Int32Array.from(b.inputs, add),
      targets: Int32Array.from(b.targets, add),
    }));
    for (const f of films) this.row[f] = -1;
    const ids = Int32Array.from(films);
    const items = gather(ids);
    const columns = Int32Array.from(candidates.films.keys());
    let offset = 0;
    const shares = local.map((batch) => {
      const n = batch.targets.length;
      const target: TargetMass = {
        rows: Int32Array.from(batch.targets.keys()),
        classes: candidates.labels.slice(offset, offset + n),
        mass: rowWeights ? rowWeights.slice(offset, offset + n) : new Float32Array(n).fill(1),
      };
      offset += n;
      return { batch, target, sampled: { items, columns, logQ: candidates.logQ } };
    });
    return { films: ids, shares };
  }
}
