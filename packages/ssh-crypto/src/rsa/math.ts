/**
 * Number theory on `bigint` for RSA and finite-field Diffie-Hellman: modular
 * exponentiation, inverses, random integers and Miller–Rabin (FIPS 186-5 B.3.1).
 */
import { bytesToBigInt } from '@sshkit/ssh-wire';
import type { RandomSource } from '../random.js';

/** Number of bits in the binary representation of a non-negative `n` (0 for 0). */
export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Number of bytes needed for `n` (0 for 0). */
export function byteLength(n: bigint): number {
  return Math.ceil(bitLength(n) / 8);
}

/** `a mod m` in [0, m). */
export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

// Window width of the fixed-window exponentiation: 2^(w-1) odd powers are
// precomputed; 5 minimises multiplications for 1024–8192-bit exponents.
const WINDOW = 5;

/**
 * `base^exponent mod modulus` by left-to-right sliding windows.
 * @throws RangeError if the modulus is not positive or the exponent negative
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus <= 0n) throw new RangeError('modPow: modulus must be positive');
  if (exponent < 0n) throw new RangeError('modPow: exponent must be non-negative');
  if (modulus === 1n) return 0n;
  const b = mod(base, modulus);
  if (exponent < 64n) {
    let result = 1n;
    let sq = b;
    let e = exponent;
    while (e > 0n) {
      if (e & 1n) result = (result * sq) % modulus;
      sq = (sq * sq) % modulus;
      e >>= 1n;
    }
    return result;
  }
  // Odd powers b^1, b^3, ..., b^(2^WINDOW - 1).
  const table: bigint[] = [b];
  const b2 = (b * b) % modulus;
  for (let i = 1; i < 1 << (WINDOW - 1); i++) table.push(((table[i - 1] as bigint) * b2) % modulus);
  const bits = exponent.toString(2);
  let result = 1n;
  let i = 0;
  while (i < bits.length) {
    if (bits[i] === '0') {
      result = (result * result) % modulus;
      i++;
      continue;
    }
    // Longest window starting here that ends in a 1 bit.
    let j = Math.min(i + WINDOW, bits.length);
    while (bits[j - 1] === '0') j--;
    const value = Number.parseInt(bits.slice(i, j), 2);
    for (let k = i; k < j; k++) result = (result * result) % modulus;
    result = (result * (table[(value - 1) >> 1] as bigint)) % modulus;
    i = j;
  }
  return result;
}

/** Greatest common divisor of non-negative integers. */
export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Inverse of `a` modulo `m` by the extended Euclidean algorithm.
 * @throws RangeError if `a` is not invertible modulo `m`
 */
export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('modInverse: value is not invertible');
  return mod(oldS, m);
}

/** A uniformly random integer of at most `bits` bits. */
export function randomBits(bits: number, random: RandomSource): bigint {
  const bytes = random(Math.ceil(bits / 8));
  const excess = bytes.length * 8 - bits;
  if (excess > 0) bytes[0] = (bytes[0] as number) & (0xff >> excess);
  return bytesToBigInt(bytes);
}

/** A uniformly random integer in [low, high] by rejection sampling. */
export function randomInRange(low: bigint, high: bigint, random: RandomSource): bigint {
  if (high < low) throw new RangeError('randomInRange: empty range');
  const span = high - low;
  const bits = bitLength(span);
  for (;;) {
    const candidate = randomBits(bits, random);
    if (candidate <= span) return low + candidate;
  }
}

/** Odd primes below 2000, for trial division before Miller–Rabin. */
export const SMALL_PRIMES: readonly bigint[] = /* @__PURE__ */ (() => {
  const limit = 2000;
  const sieve = new Uint8Array(limit);
  const out: bigint[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (sieve[i]) continue;
    out.push(BigInt(i));
    for (let j = i * i; j < limit; j += 2 * i) sieve[j] = 1;
  }
  return out;
})();

/** True when `n` has a prime factor below 2000 (and is not that prime). */
export function hasSmallFactor(n: bigint): boolean {
  if (n % 2n === 0n) return n !== 2n;
  for (const p of SMALL_PRIMES) {
    if (n === p) return false;
    if (n % p === 0n) return true;
  }
  return false;
}

/**
 * Miller–Rabin probable-prime test with `rounds` random bases (FIPS 186-5
 * B.3.1); a composite passes with probability at most 4^-rounds.
 * @param n - the candidate
 * @param rounds - number of random bases
 * @param random - source of the bases
 */
export function isProbablePrime(n: bigint, rounds: number, random: RandomSource): boolean {
  if (n < 2n) return false;
  if (n < 4n) return true;
  if (hasSmallFactor(n)) return false;
  if (n < 2000n * 2000n) return true;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  outer: for (let round = 0; round < rounds; round++) {
    const a = randomInRange(2n, n - 2n, random);
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
      if (x === 1n) return false;
    }
    return false;
  }
  return true;
}
