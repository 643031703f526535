/** Median, p99 and max of latency samples in ms, rounded to µs: how every bench section reports. */
export function percentiles(samples: readonly number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: s.length, p50Ms: r(at(0.5)), p99Ms: r(at(0.99)), maxMs: r(s[s.length - 1] ?? 0) };
}

/** Each input's run time in ms, after the first `warmup` inputs were run once untimed (JIT, caches). */
export async function timeEach<T>(
  inputs: readonly T[],
  run: (input: T) => unknown,
  warmup = 30,
): Promise<number[]> {
  for (const input of inputs.slice(0, warmup)) await run(input);
  const samples: number[] = [];
  for (const input of inputs) {
    const t = performance.now();
    await run(input);
    samples.push(performance.now() - t);
  }
  return samples;
}
