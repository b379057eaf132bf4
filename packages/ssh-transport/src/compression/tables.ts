/**
 * Constant tables of the DEFLATE format (RFC 1951 §3.2.5-3.2.6), shared by
 * the compressor and the decompressor.
 */

/** Base match length of length symbols 257..285. */
export const LENGTH_BASE: readonly number[] = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
/** Extra bits of length symbols 257..285. */
export const LENGTH_EXTRA: readonly number[] = [
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/** Base distance of distance symbols 0..29. */
export const DIST_BASE: readonly number[] = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
/** Extra bits of distance symbols 0..29. */
export const DIST_EXTRA: readonly number[] = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** Order in which the code-length code lengths are transmitted. */
export const CODE_LENGTH_ORDER: readonly number[] = [
  16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/** Largest back-reference distance: the 32 KiB window. */
export const WINDOW_SIZE = 32768;
/** Longest match. */
export const MAX_MATCH = 258;
/** Shortest match. */
export const MIN_MATCH = 3;
/** The end-of-block symbol. */
export const END_OF_BLOCK = 256;

/** Code lengths of the fixed literal/length code (§3.2.6). */
export function fixedLiteralLengths(): Uint8Array {
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  return l;
}

/** Code lengths of the fixed distance code: 32 codes of 5 bits (30 and 31 never occur). */
export function fixedDistanceLengths(): Uint8Array {
  return new Uint8Array(32).fill(5);
}

/** Reverses the low `len` bits of `code`: Huffman codes are sent most significant bit first. */
export function reverseBits(code: number, len: number): number {
  let r = 0;
  for (let i = 0; i < len; i++) {
    r = (r << 1) | (code & 1);
    code >>>= 1;
  }
  return r;
}

/**
 * Canonical Huffman codes (§3.2.2) of `lengths`, bit-reversed so they can be
 * written least significant bit first. Symbols of length 0 get code 0.
 */
export function canonicalCodes(lengths: Uint8Array): Uint16Array {
  const count = new Uint16Array(16);
  for (const len of lengths) count[len] = (count[len] ?? 0) + 1;
  count[0] = 0;
  const next = new Uint16Array(16);
  let code = 0;
  for (let bits = 1; bits < 16; bits++) {
    code = (code + (count[bits - 1] ?? 0)) << 1;
    next[bits] = code;
  }
  const codes = new Uint16Array(lengths.length);
  for (let sym = 0; sym < lengths.length; sym++) {
    const len = lengths[sym] ?? 0;
    if (len === 0) continue;
    const c = next[len] ?? 0;
    next[len] = c + 1;
    codes[sym] = reverseBits(c, len);
  }
  return codes;
}
