/**
 * The two inversions of sntrup761 key generation, 1/g in R3 and 1/(3f) in
 * Rq, by the constant-round "divstep" extended GCD (Bernstein–Yang) of
 * F = x^p - x - 1 and the input, both reversed: 2p - 1 iterations, each of
 * which conditionally swaps (f, v) with (g, r), then cancels g's constant
 * term with a multiple of f, multiplies v by x and divides g by x.
 *
 * Where the speed comes from. R3 is bit-sliced: a coefficient is two bits
 * (nonzero, negative) in two parallel 32-bit words, so twelve logic
 * operations add 32 coefficients mod 3. Rq cancels with g - (g0 / f0) f, one
 * multiply per coefficient, reduces lazily into (-q, q), and runs its inner
 * loops in WebAssembly SIMD where available (./sntrup761-wasm.ts), else
 * in JavaScript two steps per pass (./sntrup761-rq-js.ts). And each loop
 * only visits coefficients that can be nonzero, bounds that depend on the
 * iteration count alone (./sntrup761-divstep.ts): after n iterations v and
 * r have degree ≤ n + 1, and f and g (when the input is invertible, the only
 * case whose result is used) have nominal degrees summing to 2p - 1 - n, so
 * neither exceeds that sum.
 *
 * Constant time, as far as JavaScript allows. What this code does: the
 * iteration count and every loop bound are public (fixed, or functions of
 * the iteration number); the swap and the cancelling multiple are applied
 * through all-ones/zero masks built with shifts (or as multiples of a 0/1
 * factor), never by branching on coefficient values or delta; no array is
 * indexed by a secret. Values keep one type whatever the data (int32 bit
 * planes in R3; in Rq, integers below 2^31 held in doubles, for which
 * multiply, add and truncate take constant time on current CPUs), so V8
 * never deoptimises on them. What it cannot promise: JavaScript engines give
 * no timing guarantees. JIT tiering and garbage collection change timing
 * (not as a function of the secrets, but noisily), an engine may compile a
 * mask computation to a branch, and the float-to-int truncation in the mod-q
 * reduction has an out-of-range slow path that these bounds never reach
 * (the WebAssembly loops have neither: no type speculation, and truncation
 * is one instruction).
 * Key generation also retries g until it is invertible mod 3, as the
 * specification does; the number of tries is independent of the key kept.
 */
import { fgLast, nextDelta, STEPS, swapMask, vrLast } from './sntrup761-divstep.js';
import { P } from './sntrup761-poly.js';
import { rqRecip3Js } from './sntrup761-rq-js.js';
import { rqRecip3Wasm } from './sntrup761-wasm.js';

// Each divstep is its own function, called 2p - 1 times per inversion: V8
// optimises it as a whole after a few calls. One long function would run on
// on-stack-replacement code that deoptimises on every exit from the loop.

// ---------------------------------------------------------------- R3, bit-sliced

/** 32-bit words per bit-sliced plane: p + 1 = 762 coefficients. */
const WORDS = Math.ceil((P + 1) / 32);
// Plane offsets in one Int32Array: (nonzero, negative) for f, g, v, r.
const FN = 0;
const FS = WORDS;
const GN = 2 * WORDS;
const GS = 3 * WORDS;
const VN = 4 * WORDS;
const VS = 5 * WORDS;
const RN = 6 * WORDS;
const RS = 7 * WORDS;

/** Sets coefficient i of the plane pair at (nonzero, negative) to c in {-1, 0, 1}. */
function setCoefficient(st: Int32Array, nonzero: number, negative: number, i: number, c: number): void {
  const w = i >> 5;
  const bit = 1 << (i & 31);
  // c & 1 is 1 for ±1; (c >> 1) & 1 is 1 for -1 only.
  st[nonzero + w] = (st[nonzero + w] as number) | (-(c & 1) & bit);
  st[negative + w] = (st[negative + w] as number) | (-((c >> 1) & 1) & bit);
}

/**
 * One R3 divstep on the planes in `st`. Coefficients are (nonzero, negative)
 * bit pairs; y + c x mod 3 takes twelve logic operations per 32 coefficients.
 * @returns the new delta
 */
function r3Divstep(st: Int32Array, delta: number, n: number): number {
  const f0n = (st[FN] as number) & 1;
  const f0s = (st[FS] as number) & 1;
  const g0n = (st[GN] as number) & 1;
  const g0s = (st[GS] as number) & 1;
  const swap = swapMask(delta, g0n);
  // The multiple of f to add to g is c = -f0 g0 (f0 = ±1 is its own inverse):
  // nonzero when both are, negative when their signs agree. Symmetric in f0
  // and g0, so the swap does not change it.
  const cN = -(f0n & g0n);
  const cS = cN & -(1 ^ f0s ^ g0s);

  // f, g: swap, g += c f, g /= x (a one-bit shift down across words).
  const fgTop = fgLast(n) >> 5;
  let prevN = 0;
  let prevS = 0;
  for (let k = 0; k <= fgTop; k++) {
    let an = st[FN + k] as number;
    let as = st[FS + k] as number;
    let bn = st[GN + k] as number;
    let bs = st[GS + k] as number;
    let t = swap & (an ^ bn);
    an ^= t;
    bn ^= t;
    t = swap & (as ^ bs);
    as ^= t;
    bs ^= t;
    st[FN + k] = an;
    st[FS + k] = as;
    // (xn, xs) = c f; then (sn, ss) = g + c f.
    const xn = an & cN;
    const xs = (as ^ (an & cS)) & cN;
    const d = bs ^ xs;
    const both = bn & xn;
    const sn = (bn ^ xn) | (both & ~d);
    const ss = (d & ~both) | (both & ~(d | bs));
    if (k > 0) {
      st[GN + k - 1] = (prevN >>> 1) | (sn << 31);
      st[GS + k - 1] = (prevS >>> 1) | (ss << 31);
    }
    prevN = sn;
    prevS = ss;
  }
  st[GN + fgTop] = prevN >>> 1;
  st[GS + fgTop] = prevS >>> 1;

  // v, r: v *= x (a one-bit shift up), swap, r += c v.
  const vrTop = vrLast(n) >> 5;
  let carryN = 0;
  let carryS = 0;
  for (let k = 0; k <= vrTop; k++) {
    const oldN = st[VN + k] as number;
    const oldS = st[VS + k] as number;
    let an = (oldN << 1) | carryN;
    let as = (oldS << 1) | carryS;
    carryN = oldN >>> 31;
    carryS = oldS >>> 31;
    let bn = st[RN + k] as number;
    let bs = st[RS + k] as number;
    let t = swap & (an ^ bn);
    an ^= t;
    bn ^= t;
    t = swap & (as ^ bs);
    as ^= t;
    bs ^= t;
    st[VN + k] = an;
    st[VS + k] = as;
    const xn = an & cN;
    const xs = (as ^ (an & cS)) & cN;
    const d = bs ^ xs;
    const both = bn & xn;
    st[RN + k] = (bn ^ xn) | (both & ~d);
    st[RS + k] = (d & ~both) | (both & ~(d | bs));
  }
  return nextDelta(delta, swap);
}

/** v / f0 reversed: the inverse, once the divsteps are done (f0 = ±1). */
function r3Result(st: Int32Array): Int8Array {
  const scale = 1 - 2 * ((st[FS] as number) & 1);
  const out = new Int8Array(P);
  for (let i = 0; i < P; i++) {
    const j = P - 1 - i;
    const nz = ((st[VN + (j >> 5)] as number) >>> (j & 31)) & 1;
    const neg = ((st[VS + (j >> 5)] as number) >>> (j & 31)) & 1;
    out[i] = scale * (nz - 2 * neg);
  }
  return out;
}

/**
 * 1/s in R3, or undefined when s is not invertible mod 3.
 * @param s - p coefficients in {-1, 0, 1}
 */
export function r3Recip(s: Int8Array): Int8Array | undefined {
  const st = new Int32Array(8 * WORDS);
  // f = x^p - x - 1 reversed, g = s reversed, r = 1.
  setCoefficient(st, FN, FS, 0, 1);
  setCoefficient(st, FN, FS, P - 1, -1);
  setCoefficient(st, FN, FS, P, -1);
  for (let i = 0; i < P; i++) setCoefficient(st, GN, GS, P - 1 - i, s[i] as number);
  st[RN] = 1;
  let delta = 1;
  for (let n = 0; n < STEPS; n++) delta = r3Divstep(st, delta, n);
  // s is invertible exactly when the gcd has degree 0, i.e. delta ends at 0.
  return delta === 0 ? r3Result(st) : undefined;
}

// ---------------------------------------------------------------- Rq

/**
 * 1/(3 s) in Rq: always exists, Rq being a field and s ≠ 0. The inner loops
 * run in WebAssembly (./sntrup761.wat, two coefficients per SIMD
 * operation, about 4x the JavaScript loops) where it is available, else in
 * JavaScript (./sntrup761-rq-js.ts); both compute the same values.
 * @param s - p coefficients in {-1, 0, 1}, not all zero
 * @returns coefficients in [-(q-1)/2, (q-1)/2]
 */
export function rqRecip3(s: Int8Array): Int16Array {
  return rqRecip3Wasm(s) ?? rqRecip3Js(s);
}
