/**
 * What the two divstep inversions of sntrup761 share (./sntrup761-recip.ts
 * has the algorithm and what constant time means here): the swap decision,
 * delta's update, and the public loop bounds.
 */
import { fqLazy, fqRecip, P } from './sntrup761-poly.js';

const imul = Math.imul;
const min = Math.min;

/** 2p - 1: the number of divsteps. */
export const STEPS = 2 * P - 1;

/** The swap condition: all ones when delta > 0 and x ≠ 0 (|x| < 2^31), else 0. */
export function swapMask(delta: number, x: number): number {
  // -delta and x | -x are negative exactly when delta > 0 and x ≠ 0.
  return (-delta >> 31) & ((x | -x) >> 31);
}

/** delta after a step: -delta + 1 if swapped, delta + 1 otherwise. */
export function nextDelta(delta: number, swap: number): number {
  return (delta ^ (swap & (delta ^ -delta))) + 1;
}

/**
 * The last index of f and g that can be nonzero before step n: their nominal
 * degrees sum to 2p - 1 - n (for an invertible input).
 */
export function fgLast(n: number): number {
  return min(2 * P - 1 - n, P);
}

/** The last index of v and r that can be nonzero after step n: degree ≤ n + 1. */
export function vrLast(n: number): number {
  return min(n + 1, P);
}

/**
 * The start of an Rq divstep on constant terms f[0] and g0: swaps them when
 * m = 1 (m is 0 or 1, x + m (y - x) being the swap), stores f's in f[0], and
 * returns c = g0 / f0 mod q in (-q, q), so that g - c f has a zero constant
 * term (f0 ≠ 0: it starts at 1 and only ever takes a nonzero g0).
 */
export function swapConstants(f: Float64Array, g0: number, m: number): number {
  const f0 = f[0] as number;
  const d = m * (g0 - f0);
  f[0] = f0 + d;
  return fqLazy(imul(g0 - d, fqRecip(f0 + d)));
}
