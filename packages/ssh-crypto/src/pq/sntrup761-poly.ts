/**
 * sntrup761 parameters and the arithmetic of R = Z[x]/(x^p - x - 1) under
 * the products and inversions: reductions mod q and mod 3, a modular
 * inverse, and the JavaScript convolution. Typed arrays throughout; the
 * loops have fixed bounds and no branch or index that depends on coefficient
 * values (see sntrup761-recip.ts for what constant time can and cannot mean
 * in JS).
 */

export const P = 761;
export const Q = 4591;
export const W = 286;
/** (q - 1) / 2: Rq coefficients are kept in [-Q12, Q12]. */
export const Q12 = (Q - 1) / 2;

// Module-level aliases: a global lookup per call is slow in sandboxed realms
// (vm contexts, as test runners use), and TurboFan inlines these either way.
const imul = Math.imul;
const min = Math.min;
const max = Math.max;

// 1/q enlarged by 2^-40 (relative): for |x| < 2^31, x * Q_INV_UP then
// truncates to trunc(x / q) exactly, never one short when q divides x.
export const Q_INV_UP = (1 / Q) * (1 + 2 ** -40);

/**
 * x mod q in (-q, q), with the sign of x, for an integer |x| < 2^31: zero
 * exactly when q divides x. One multiply, a truncation and a multiply-subtract.
 */
export function fqLazy(x: number): number {
  return x - imul(Q, (x * Q_INV_UP) | 0);
}

/** x mod q in [-Q12, Q12] for an integer |x| < 2^31, without branches. */
export function fq(x: number): number {
  const r = fqLazy(x);
  // r < -Q12: add q; r > Q12: subtract q (masks from the sign bit).
  return r + (Q & ((r + Q12) >> 31)) - (Q & ((Q12 - r) >> 31));
}

/**
 * x mod 3 in {-1, 0, 1} for an integer |x| < 16384: x - 3 round(x / 3), with
 * round(x / 3) = (21846 x + 2^15) >> 16 (21846 / 2^16 is 1/3 within 1.1e-5,
 * so the rounding is exact in that range).
 */
export function f3(x: number): number {
  return x - 3 * ((imul(x, 21846) + 32768) >> 16);
}

/** a^(q-2) = 1/a mod q for a in (-q, q) (0 for 0), result in (-q, q); the exponent is public. */
export function fqRecip(a: number): number {
  let result = 1;
  let base = a;
  for (let e = Q - 2; e > 0; e >>= 1) {
    if (e & 1) result = fqLazy(imul(result, base));
    base = fqLazy(imul(base, base));
  }
  return result;
}

// Two coefficients of a product share one double: with A_i = a_i + 2^22 a_(i+1),
// sum_i A_i b_(k-i) = c_k + 2^22 (c_(k+1) - a_0 b_(k+1)). Every |c_k| ≤ 761 · 2295
// < 2^21, so the lanes stay apart and the sums (< 2^43) stay exact.
const LANE = 2 ** 22;
const LANE_INV = 2 ** -22;
// x + ROUND - ROUND rounds a double of magnitude below 2^51 to the nearest integer.
const ROUND = 2 ** 52 + 2 ** 51;

/**
 * The convolution c_k = sum_i a_i b_(k-i), k = 0 .. 2p - 2, for |a_i| ≤ (q-1)/2
 * and |b_j| ≤ 1, in JavaScript: two output coefficients per multiply-add
 * (see LANE) and four accumulators to hide the add latency. The fallback
 * where WebAssembly is unavailable (./sntrup761-wasm.ts).
 */
export function convolveJs(a: Int16Array | Int8Array, b: Int8Array): Int32Array {
  const packed = new Float64Array(P);
  for (let i = 0; i < P - 1; i++) packed[i] = (a[i] as number) + LANE * (a[i + 1] as number);
  packed[P - 1] = a[P - 1] as number;
  const bf = Float64Array.from(b);
  const a0 = a[0] as number;
  const ab = new Int32Array(2 * P - 1);
  for (let k = 0; k < 2 * P - 1; k += 2) {
    const hi = min(k, P - 1);
    let i = max(k - P + 1, 0);
    let acc0 = 0;
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    for (; i + 3 <= hi; i += 4) {
      acc0 += (packed[i] as number) * (bf[k - i] as number);
      acc1 += (packed[i + 1] as number) * (bf[k - i - 1] as number);
      acc2 += (packed[i + 2] as number) * (bf[k - i - 2] as number);
      acc3 += (packed[i + 3] as number) * (bf[k - i - 3] as number);
    }
    for (; i <= hi; i++) acc0 += (packed[i] as number) * (bf[k - i] as number);
    const acc = acc0 + acc1 + (acc2 + acc3);
    const low = acc - LANE * (acc * LANE_INV + ROUND - ROUND);
    ab[k] = low;
    if (k + 1 < 2 * P - 1) ab[k + 1] = (acc - low) * LANE_INV + (k + 1 < P ? a0 * (b[k + 1] as number) : 0);
  }
  return ab;
}

/** Reduces a convolution (2p - 1 coefficients) mod x^p - x - 1 in place: x^p = x + 1. */
export function foldProduct(ab: Int32Array): void {
  for (let k = 2 * P - 2; k >= P; k--) {
    const top = ab[k] as number;
    ab[k - P] = (ab[k - P] as number) + top;
    ab[k - P + 1] = (ab[k - P + 1] as number) + top;
  }
}
