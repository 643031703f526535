/**
 * The item embeddings under the sampled softmax, kept in plain arrays and updated row by
 * row: a step touches the few thousand films of its batch and its candidates, so the Adam
 * update (lazy: rows without a gradient keep their value and moments, as TF's LazyAdam)
 * and the weight average cost what the step touches rather than the catalogue. With 87k
 * films a dense update, read-back and average took longer than the step's own graph.
 */
export class SparseItems {
  readonly values: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private beta1Power = 1;
  private beta2Power = 1;
  /** The average of each row, and the step it is current to (−1 before averaging starts). */
  private shadow: Float32Array | undefined;
  private readonly averagedAt: Int32Array;
  private step = 0;

  constructor(
    initial: Float32Array,
    readonly dim: number,
    private readonly adam: { learningRate: number; beta1: number; beta2: number; epsilon: number },
    private readonly decay: number,
  ) {
    this.values = Float32Array.from(initial);
    this.m = new Float32Array(initial.length);
    this.v = new Float32Array(initial.length);
    this.averagedAt = new Int32Array(initial.length / dim).fill(-1);
  }

  /** The rows `films`, one after another. */
  gather(films: Int32Array): Float32Array {
    const d = this.dim;
    const out = new Float32Array(films.length * d);
    films.forEach((f, k) => {
      out.set(this.values.subarray(f * d, (f + 1) * d), k * d);
    });
    return out;
  }

  /**
   * One Adam step on the rows `films` with their gradients `grad` ([films, dim], films
   * distinct), the bias correction by the global step as tfjs's Adam does; then, when
   * averaging, those rows' averages catch up and take the step.
   */
  apply(films: Int32Array, grad: Float32Array): void {
    const { learningRate, beta1, beta2, epsilon } = this.adam;
    const d = this.dim;
    this.step++;
    this.beta1Power *= beta1;
    this.beta2Power *= beta2;
    const c1 = 1 - this.beta1Power;
    const c2 = 1 - this.beta2Power;
    films.forEach((f, k) => {
      this.catchUp(f, this.step - 1);
      const o = f * d;
      const go = k * d;
      for (let i = 0; i < d; i++) {
        const g = grad[go + i]!;
        const m = beta1 * this.m[o + i]! + (1 - beta1) * g;
        const v = beta2 * this.v[o + i]! + (1 - beta2) * g * g;
        this.m[o + i] = m;
        this.v[o + i] = v;
        this.values[o + i]! -= (learningRate * (m / c1)) / (Math.sqrt(v / c2) + epsilon);
      }
      if (this.shadow) this.catchUp(f, this.step);
    });
  }

  /** From now on keep an exponential moving average of every row, starting at its value. */
  startAverage(): void {
    this.shadow = Float32Array.from(this.values);
    this.averagedAt.fill(this.step);
  }

  /** The average of every row as of now (a copy), or undefined before `startAverage`. */
  average(): Float32Array | undefined {
    if (!this.shadow) return undefined;
    for (let f = 0; f < this.averagedAt.length; f++) this.catchUp(f, this.step);
    return Float32Array.from(this.shadow);
  }

  /**
   * Row f's average brought to step `to`, its value having stayed put since it was last
   * averaged: `gap` steps of shadow ← decay·shadow + (1 − decay)·value are one step with
   * decay^gap. So the lazy average equals the dense one, step for step.
   */
  private catchUp(f: number, to: number): void {
    const shadow = this.shadow;
    if (!shadow) return;
    const gap = to - this.averagedAt[f]!;
    if (gap <= 0) return;
    const keep = this.decay ** gap;
    const d = this.dim;
    for (let i = f * d; i < (f + 1) * d; i++) shadow[i] = keep * shadow[i]! + (1 - keep) * this.values[i]!;
    this.averagedAt[f] = to;
  }
}
