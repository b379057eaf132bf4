/**
 * Binary digits of pi, computed on first use instead of embedding tables.
 *
 * Both Blowfish (its P-array and S-boxes are "the fractional part of pi in
 * hexadecimal", Schneier 1993) and the RFC 3526 MODP primes (`2^n - 2^(n-64)
 * - 1 + 2^64 * ([2^(n-130) pi] + k)`) are built from pi. Machin's formula
 * `pi = 16 atan(1/5) - 4 atan(1/239)` in fixed point gives the 33,344 bits
 * Blowfish needs in a few milliseconds; the tests pin known words and the
 * safe-prime property of every group, which a wrong digit would break.
 */

// Extra low bits carried through the series so truncation error (one unit per
// term, ~10^4 terms) never reaches the bits we return.
const GUARD_BITS = 64;

let cached: { bits: number; value: bigint } | undefined;

/** `sum (-1)^k / ((2k+1) x^(2k+1))`, scaled by 2^bits, truncated per term. */
function arctanInverse(x: bigint, bits: number): bigint {
  const x2 = x * x;
  let power = (1n << BigInt(bits)) / x;
  let sum = power;
  let denominator = 3n;
  for (let sign = -1n; power !== 0n; sign = -sign, denominator += 2n) {
    power /= x2;
    sum += (sign * power) / denominator;
  }
  return sum;
}

/**
 * `floor(pi * 2^fractionBits)`: pi with `fractionBits` bits after the binary
 * point (so the top two bits are the integer part 3).
 * @param fractionBits - bits wanted after the binary point
 */
export function piFixedPoint(fractionBits: number): bigint {
  if (!cached || cached.bits < fractionBits) {
    const bits = fractionBits + GUARD_BITS;
    const value = 16n * arctanInverse(5n, bits) - 4n * arctanInverse(239n, bits);
    cached = { bits, value };
  }
  return cached.value >> BigInt(cached.bits - fractionBits);
}

/**
 * The first `count` 32-bit words of the fractional part of pi
 * (0x243f6a88, 0x85a308d3, ...).
 * @param count - number of words
 */
export function piFractionWords(count: number): Uint32Array {
  const bits = count * 32;
  const fraction = piFixedPoint(bits) & ((1n << BigInt(bits)) - 1n);
  const hex = fraction.toString(16).padStart(count * 8, '0');
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = Number.parseInt(hex.slice(8 * i, 8 * i + 8), 16);
  return out;
}
