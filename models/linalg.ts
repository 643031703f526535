/**
 * Inverse of a symmetric positive definite n×n matrix (row-major, float64) by Cholesky:
 * A = L·Lᵀ, then A⁻¹ = L⁻ᵀ·L⁻¹. About n³ flops; in plain JS ~0.3 s at n = 610.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= l[rj + k]! * l[rj + k]!;
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${j} is ${d})`);
    const ljj = Math.sqrt(d);
    l[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= l[ri + k]! * l[rj + k]!;
      l[ri + j] = s / ljj;
    }
  }
  // M = L⁻¹ (lower triangular), by forward substitution, one row at a time.
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    m[ri + i] = 1 / l[ri + i]!;
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[ri + k]! * m[k * n + j]!;
      m[ri + j] = s / l[ri + i]!;
    }
  }
  return inverseFromLowerInverse(m, n);
}

/** A⁻¹ = Mᵀ·M for M = L⁻¹ (lower triangular): entry (i, j) sums over rows k ≥ max(i, j) of M. */
function inverseFromLowerInverse(m: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const mki = m[rk + i]!;
      if (mki === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) inv[ri + j]! += mki * m[rk + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) inv[j * n + i] = inv[i * n + j]!;
  return inv;
}

/** Σₖ₍<n₎ v[a+k]·v[b+k] with four running sums: one sum's add latency otherwise bounds the loop. */
function dot(v: Float64Array, a: number, b: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += v[a + k]! * v[b + k]!;
    s1 += v[a + k + 1]! * v[b + k + 1]!;
    s2 += v[a + k + 2]! * v[b + k + 2]!;
    s3 += v[a + k + 3]! * v[b + k + 3]!;
  }
  for (; k < n; k++) s0 += v[a + k]! * v[b + k]!;
  return s0 + s1 + s2 + s3;
}

/**
 * The same inverse with every inner loop running along a row: L⁻¹'s row i is built as
 * (eᵢ − Σₖ lᵢₖ·(row k of L⁻¹)) / lᵢᵢ, and A⁻¹ = L⁻ᵀL⁻¹ from rows of L⁻¹, where `invertSpd`
 * walks a column of L⁻¹ per entry. 3–4× faster at n in the thousands (EASE's primal form
 * on large data); `invertSpd` stays as it is for the dual form's figures on the small sets.
 */
export function invertSpdByRows(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j]! - dot(l, rj, rj, j);
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${j} is ${d})`);
    const ljj = Math.sqrt(d);
    l[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      l[ri + j] = (a[ri + j]! - dot(l, ri, rj, j)) / ljj;
    }
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k]!;
      if (lik === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) m[ri + j]! -= lik * m[rk + j]!;
    }
    const inv = 1 / l[ri + i]!;
    for (let j = 0; j < i; j++) m[ri + j]! *= inv;
    m[ri + i] = inv;
  }
  return inverseFromLowerInverse(m, n);
}
