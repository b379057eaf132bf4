/**
 * sntrup761's Rq inversion in JavaScript: the fallback where WebAssembly is
 * unavailable (./sntrup761-wasm.ts runs the same loops with SIMD), and
 * the reference the WebAssembly kernels are tested against. Each step is
 * its own function for V8's sake (see ./sntrup761-recip.ts).
 */
import { fgLast, nextDelta, STEPS, swapConstants, swapMask, vrLast } from './sntrup761-divstep.js';
import { fq, fqRecip, P, Q, Q_INV_UP } from './sntrup761-poly.js';

const imul = Math.imul;
const min = Math.min;
const trunc = Math.trunc;

/** x mod q in (-q, q), for an integer |x| < 2^31 held in a double (see fqLazy). */
function reduce(x: number): number {
  return x - Q * trunc(x * Q_INV_UP);
}

/**
 * One Rq divstep (the last, odd one; the others run two at a time in
 * rqDivstep2). Coefficients are integers in (-q, q) held in doubles, exact
 * throughout. g - (g0 / f0) f costs one multiply per coefficient; the swap
 * is x + m (y - x) with m = 0 or 1.
 * @returns the new delta
 */
function rqDivstep(
  f: Float64Array,
  g: Float64Array,
  v: Float64Array,
  r: Float64Array,
  delta: number,
  n: number,
): number {
  const g0 = g[0] as number;
  const swap = swapMask(delta, g0);
  const m = swap & 1;
  const c = swapConstants(f, g0, m);

  const last = fgLast(n);
  for (let i = 1; i <= last; i++) {
    const fi = f[i] as number;
    const gi = g[i] as number;
    const d = m * (gi - fi);
    const fAfter = fi + d;
    f[i] = fAfter;
    g[i - 1] = reduce(gi - d - c * fAfter);
  }
  g[last] = 0;

  // v *= x: v_(i-1) is read (as prevV) before v_i is written.
  const vrEnd = vrLast(n);
  let prevV = 0;
  for (let i = 0; i <= vrEnd; i++) {
    const vi = v[i] as number;
    const ri = r[i] as number;
    const d = m * (ri - prevV);
    const vAfter = prevV + d;
    v[i] = vAfter;
    r[i] = reduce(ri - d - c * vAfter);
    prevV = vi;
  }
  return nextDelta(delta, swap);
}

/**
 * Rq divsteps n and n + 1 in one pass over each array: half the loads,
 * stores and loop overhead of two passes, which is what bounds this loop.
 * Step n + 1's decision needs only the first two coefficients of f and g
 * after step n, so both steps' scalars are known before the pass.
 * @returns the delta after both steps
 */
function rqDivstep2(
  f: Float64Array,
  g: Float64Array,
  v: Float64Array,
  r: Float64Array,
  delta: number,
  n: number,
): number {
  // Step n's scalars, and the first two coefficients after it.
  const g0 = g[0] as number;
  const swap1 = swapMask(delta, g0);
  const m1 = swap1 & 1;
  const c1 = swapConstants(f, g0, m1);
  const delta1 = nextDelta(delta, swap1);
  const f1 = f[1] as number;
  const g1 = g[1] as number;
  const d1 = m1 * (g1 - f1);
  let prevF = f1 + d1; // f after step n, coefficient i - 1 in the loop below
  const gAfter0 = reduce(g1 - d1 - c1 * prevF);
  // Step n + 1's scalars (f[0] holds f0 after step n).
  const swap2 = swapMask(delta1, gAfter0);
  const m2 = swap2 & 1;
  const c2 = swapConstants(f, gAfter0, m2);

  // f, g: at i, step n makes coefficient i of f and i - 1 of g; step n + 1
  // then makes coefficient i - 1 of f and i - 2 of g from those.
  const last1 = fgLast(n);
  const last2 = fgLast(n + 1);
  const end = min(last1, last2 + 1);
  for (let i = 2; i <= end; i++) {
    const fi = f[i] as number;
    const gi = g[i] as number;
    const d = m1 * (gi - fi);
    const fAfter = fi + d;
    const gAfter = reduce(gi - d - c1 * fAfter);
    // Step n + 1 at j = i - 1: f_j = prevF, g_j = gAfter.
    const e = m2 * (gAfter - prevF);
    const f2 = prevF + e;
    f[i - 1] = f2;
    g[i - 2] = reduce(gAfter - e - c2 * f2);
    prevF = fAfter;
  }
  if (last2 === last1) {
    // j = last1, where g after step n is 0 (it was divided by x).
    const e = m2 * -prevF;
    const f2 = prevF + e;
    f[last1] = f2;
    g[last1 - 1] = reduce(-e - c2 * f2);
  }
  g[last2] = 0;

  // v, r: at i, step n makes coefficient i of v (from old v_(i-1)) and of r;
  // step n + 1 then makes coefficient i of both from those and step n's v_(i-1).
  const vrEnd = vrLast(n + 1);
  let oldPrevV = 0;
  let prevV = 0;
  for (let i = 0; i <= vrEnd; i++) {
    const vi = v[i] as number;
    const ri = r[i] as number;
    const d = m1 * (ri - oldPrevV);
    const vAfter = oldPrevV + d;
    const rAfter = reduce(ri - d - c1 * vAfter);
    const e = m2 * (rAfter - prevV);
    const v2 = prevV + e;
    v[i] = v2;
    r[i] = reduce(rAfter - e - c2 * v2);
    oldPrevV = vi;
    prevV = vAfter;
  }
  return nextDelta(delta1, swap2);
}

/** v / f0 reversed, in [-(q-1)/2, (q-1)/2]: the inverse once the divsteps are done. */
export function rqResult(f: Float64Array, v: Float64Array): Int16Array {
  const scale = fqRecip(f[0] as number);
  const out = new Int16Array(P);
  for (let i = 0; i < P; i++) out[i] = fq(imul(scale, v[P - 1 - i] as number));
  return out;
}

/**
 * Sets f = x^p - x - 1 reversed, g = s reversed, v = 0, r = 1/3 (so the
 * result is 1/(3s)).
 */
export function rqStart(
  f: Float64Array,
  g: Float64Array,
  v: Float64Array,
  r: Float64Array,
  s: Int8Array,
): void {
  f.fill(0);
  g.fill(0);
  v.fill(0);
  r.fill(0);
  f[0] = 1;
  f[P - 1] = -1;
  f[P] = -1;
  for (let i = 0; i < P; i++) g[P - 1 - i] = s[i] as number;
  r[0] = fqRecip(3);
}

/**
 * 1/(3 s) in Rq, all in JavaScript.
 * @param s - p coefficients in {-1, 0, 1}, not all zero
 * @returns coefficients in [-(q-1)/2, (q-1)/2]
 */
export function rqRecip3Js(s: Int8Array): Int16Array {
  const f = new Float64Array(P + 1);
  const g = new Float64Array(P + 1);
  const v = new Float64Array(P + 1);
  const r = new Float64Array(P + 1);
  rqStart(f, g, v, r, s);
  let delta = 1;
  // 2p - 1 = 1521 steps: 760 double steps, then one.
  let n = 0;
  for (; n + 1 < STEPS; n += 2) delta = rqDivstep2(f, g, v, r, delta, n);
  rqDivstep(f, g, v, r, delta, n);
  return rqResult(f, v);
}
