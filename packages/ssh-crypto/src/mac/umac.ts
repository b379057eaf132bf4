/**
 * UMAC (RFC 4418) with AES-128, as OpenSSH's umac-64@openssh.com and
 * umac-128@openssh.com use it.
 *
 * Tag = UHASH(K, M) xor PDF(K, nonce). UHASH runs `tagLength / 4`
 * iterations of three layers:
 *
 * - L1, NH over 1024-byte chunks: sum of (m_i + k_i mod 2^32) * (m_{i+4} + k_{i+4} mod 2^32)
 *   mod 2^64, message words little-endian, plus the chunk's bit length;
 * - L2, POLY64 over the L1 outputs mod 2^64 - 59 (and POLY128 mod 2^128 - 159
 *   past 2^17 bytes of L1 output, i.e. messages over 16 MiB), skipped for
 *   messages of at most 1024 bytes;
 * - L3, an inner product mod 2^36 - 5 down to 32 bits.
 *
 * All key material comes from the RFC's KDF (AES on `index || counter`), done
 * once per key. L1 runs in hand-written WebAssembly (./umac-nh.ts) when it
 * loads, else in JavaScript on 16-bit halves in doubles (a 1024-byte chunk
 * sums 128 products, every partial sum stays below 2^41, so the arithmetic is
 * exact); POLY64 runs on 16-bit limbs; the AES block of the pad is cached
 * across the two nonces that share it (UMAC-64). Per message the only
 * allocations are noble's small AES result object when the pad block changes
 * and, past 16 MiB, the bigint POLY128 path. The POLY64 reduction has
 * value-dependent branches (rare carries); the tag comparison is
 * constant-time.
 *
 * SSH use (OpenSSH mac.c): the nonce is the packet's sequence number as a
 * uint64, big-endian, and the message is the packet alone, with no sequence
 * number in front of it (unlike HMAC).
 */
import { ecb, unsafe } from '@noble/ciphers/aes.js';
import { constantTimeEqual } from '../bytes.js';
import { CryptoError } from '../errors.js';
import type { MacSpec, MacState } from './types.js';
import { umacL1Wasm } from './umac-nh.js';

const CHUNK = 1024;
const TWO16 = 65536;
const TWO32 = 4294967296;
/** 2^36 - 5, the L3 prime. */
const P36 = 68719476731;
/** POLY64 threshold: 2^64 - 2^32, i.e. high word 0xffffffff. */
const P64_OFFSET = 59;
const P128 = (1n << 128n) - 159n;
const M128 = (1n << 128n) - (1n << 96n);
const MASK128 = 0x01ffffff01ffffff01ffffff01ffffffn;

function be32(b: Uint8Array, i: number): number {
  return (
    (((b[i] as number) << 24) |
      ((b[i + 1] as number) << 16) |
      ((b[i + 2] as number) << 8) |
      (b[i + 3] as number)) >>>
    0
  );
}

/** RFC 4418 §3.2.1 KDF: AES_K(uint64 index || uint64 i) for i = 1, 2, ..., truncated to `length`. */
function kdf(key: Uint8Array, index: number, length: number): Uint8Array {
  const blocks = Math.ceil(length / 16);
  const input = new Uint8Array(blocks * 16);
  for (let i = 0; i < blocks; i++) {
    input[i * 16 + 7] = index;
    const v = new DataView(input.buffer, i * 16 + 8, 8);
    v.setUint32(4, i + 1);
  }
  return ecb(key, { disablePadding: true }).encrypt(input).subarray(0, length);
}

/** Per-iteration keys, prepared for arithmetic. */
interface IterationKeys {
  /** L2 POLY64 key as 16-bit limbs, least significant first. */
  readonly k64: Float64Array;
  /** L2 POLY128 key. */
  readonly k128: bigint;
  /** L3 first key: eight 64-bit words mod 2^36 - 5. */
  readonly l3: Float64Array;
  /** L3 second key, a 32-bit word. */
  readonly l3x: number;
}

/**
 * A keyed UMAC (RFC 4418) producing 4-, 8-, 12- or 16-byte tags.
 *
 * @example
 * ```ts
 * const umac = new Umac(new TextEncoder().encode('abcdefghijklmnop'), 8);
 * const tag = new Uint8Array(8);
 * umac.tag(new TextEncoder().encode('bcdefghi'), new Uint8Array(0), tag); // 6e155fad26900be1
 * ```
 */
export class Umac {
  /** Tag bytes. */
  readonly tagLength: number;
  private readonly iters: number;
  /** L1 key words (big-endian from the KDF), 256 + 4 * (iters - 1) of them. */
  private readonly nhKey: Uint32Array;
  /** The same words little-endian, as the WebAssembly NH reads them. */
  private readonly nhKeyLE: Uint8Array;
  private readonly keys: readonly IterationKeys[];
  /** AES round keys of the pad cipher K' = KDF(K, 0, 16), as noble expands them. */
  private readonly pdfKey: Uint32Array;
  /** NH results of the chunks, per iteration: [hi, lo] pairs. */
  private l1: Uint32Array = new Uint32Array(0);
  private readonly tail = new Uint8Array(32);
  private readonly nh = new Float64Array(2);
  private readonly poly = new Float64Array(2);
  private readonly hashed: Uint8Array;
  private readonly nonceBlock = new Uint8Array(16);
  private readonly cachedNonce = new Uint8Array(16);
  private readonly pad = new Uint8Array(16);
  private readonly cachedPad = new Uint8Array(16);
  private hasCached = false;
  /** Whether L1 may run in WebAssembly (tests turn it off to check the JavaScript NH). */
  private readonly useWasm: boolean;

  /**
   * Derives every subkey from the 16-byte key (RFC 4418 §3, §4).
   * @param key - 16-byte AES-128 key
   * @param tagLength - 4, 8, 12 or 16
   * @param options - `wasm: false` forces the JavaScript NH (default: WebAssembly when available)
   * @throws RangeError on another key or tag length
   */
  constructor(key: Uint8Array, tagLength: number, options?: { readonly wasm?: boolean }) {
    this.useWasm = options?.wasm ?? true;
    if (key.length !== 16) throw new RangeError('UMAC key: expected 16 bytes');
    if (tagLength !== 4 && tagLength !== 8 && tagLength !== 12 && tagLength !== 16) {
      throw new RangeError('UMAC tag length: 4, 8, 12 or 16');
    }
    this.tagLength = tagLength;
    const iters = tagLength / 4;
    this.iters = iters;
    const l1 = kdf(key, 1, CHUNK + (iters - 1) * 16);
    this.nhKey = new Uint32Array(l1.length / 4);
    this.nhKeyLE = new Uint8Array(l1.length);
    const le = new DataView(this.nhKeyLE.buffer);
    for (let i = 0; i < this.nhKey.length; i++) {
      this.nhKey[i] = be32(l1, i * 4);
      le.setUint32(i * 4, this.nhKey[i] as number, true);
    }
    const l2 = kdf(key, 2, iters * 24);
    const l3a = kdf(key, 3, iters * 64);
    const l3b = kdf(key, 4, iters * 4);
    const keys: IterationKeys[] = [];
    for (let it = 0; it < iters; it++) {
      const hi = be32(l2, it * 24) & 0x01ffffff;
      const lo = be32(l2, it * 24 + 4) & 0x01ffffff;
      const k64 = Float64Array.of(lo & 0xffff, lo >>> 16, hi & 0xffff, hi >>> 16);
      let k128 = 0n;
      for (let i = 8; i < 24; i++) k128 = (k128 << 8n) | BigInt(l2[it * 24 + i] as number);
      const l3 = new Float64Array(8);
      for (let i = 0; i < 8; i++) {
        const at = it * 64 + i * 8;
        const word = (BigInt(be32(l3a, at)) << 32n) | BigInt(be32(l3a, at + 4));
        l3[i] = Number(word % BigInt(P36));
      }
      keys.push({ k64, k128: k128 & MASK128, l3, l3x: be32(l3b, it * 4) });
    }
    this.keys = keys;
    this.pdfKey = unsafe.expandKeyLE(kdf(key, 0, 16));
    this.hashed = new Uint8Array(tagLength);
    l1.fill(0);
    l2.fill(0);
    l3a.fill(0);
  }

  /**
   * Computes the tag of `message` under `nonce` into `out[0, tagLength)`.
   * @param nonce - 1 to 16 bytes (SSH: the uint64 sequence number, big-endian)
   * @param message - any length
   * @param out - at least `tagLength` bytes
   */
  tag(nonce: Uint8Array, message: Uint8Array, out: Uint8Array): void {
    this.uhash(message);
    this.pdf(nonce);
    const hashed = this.hashed;
    const pad = this.pad;
    for (let i = 0; i < this.tagLength; i++) out[i] = (hashed[i] as number) ^ (pad[i] as number);
  }

  /** RFC 4418 §3.2 PDF: the pad for `nonce`, into this.pad[0, tagLength). */
  private pdf(nonce: Uint8Array): void {
    const n = nonce.length;
    if (n < 1 || n > 16) throw new RangeError('UMAC nonce: 1 to 16 bytes');
    const taglen = this.tagLength;
    const block = this.nonceBlock;
    block.fill(0);
    block.set(nonce);
    // UMAC-32 and UMAC-64 take one of 4 or 2 slices of one AES block, picked by the nonce's low bits.
    const slices = taglen === 4 ? 4 : taglen === 8 ? 2 : 1;
    const index = (block[n - 1] as number) & (slices - 1);
    block[n - 1] = (block[n - 1] as number) & ~(slices - 1);
    const cache = this.cachedNonce;
    let same = this.hasCached;
    for (let i = 0; i < 16 && same; i++) same = block[i] === cache[i];
    const pad = this.pad;
    if (!same) {
      const w = unsafe.encrypt(this.pdfKey, le32(block, 0), le32(block, 4), le32(block, 8), le32(block, 12));
      putLe32(this.cachedPad, 0, w.s0);
      putLe32(this.cachedPad, 4, w.s1);
      putLe32(this.cachedPad, 8, w.s2);
      putLe32(this.cachedPad, 12, w.s3);
      cache.set(block);
      this.hasCached = true;
    }
    pad.set(this.cachedPad.subarray(index * taglen, index * taglen + taglen));
  }

  /** UHASH (RFC 4418 §4) of `message` into this.hashed. */
  private uhash(message: Uint8Array): void {
    const len = message.length;
    const chunks = Math.max(1, Math.ceil(len / CHUNK));
    const iters = this.iters;
    if (this.l1.length < chunks * 2 * iters) this.l1 = new Uint32Array(chunks * 2 * iters);
    const l1 = this.l1;
    const nh = this.nh;
    // L1: NH of every chunk, all iterations (WebAssembly when available).
    const done = this.useWasm && umacL1Wasm(this.nhKeyLE, message, iters, l1);
    for (let c = 0; c < chunks && !done; c++) {
      const start = c * CHUNK;
      const end = Math.min(start + CHUNK, len);
      const bits = (end - start) * 8;
      for (let it = 0; it < iters; it++) {
        this.nhChunk(message, start, end, it * 4, nh);
        // + bit length, mod 2^64
        let lo = (nh[1] as number) + bits;
        let hi = nh[0] as number;
        if (lo >= TWO32) {
          lo -= TWO32;
          hi = (hi + 1) % TWO32;
        }
        l1[(it * chunks + c) * 2] = hi;
        l1[(it * chunks + c) * 2 + 1] = lo;
      }
    }
    const out = this.hashed;
    for (let it = 0; it < iters; it++) {
      const keys = this.keys[it] as IterationKeys;
      const base = it * chunks * 2;
      // L2 (or 0^64 || A for a single chunk), leaving a 128-bit value as 8 16-bit pieces.
      let l3: number;
      if (len <= CHUNK) {
        l3 = l3Hash(keys.l3, 0, 0, l1[base] as number, l1[base + 1] as number);
      } else if (chunks <= 16384) {
        const st = this.poly;
        st[0] = 0;
        st[1] = 1;
        poly64(st, keys.k64, l1, base, chunks);
        l3 = l3Hash(keys.l3, 0, 0, st[0] as number, st[1] as number);
      } else {
        const v = poly128Path(keys, l1, base, chunks);
        l3 = l3Hash(
          keys.l3,
          Number((v >> 96n) & 0xffffffffn),
          Number((v >> 64n) & 0xffffffffn),
          Number((v >> 32n) & 0xffffffffn),
          Number(v & 0xffffffffn),
        );
      }
      const y = (l3 ^ keys.l3x) >>> 0;
      out[it * 4] = y >>> 24;
      out[it * 4 + 1] = y >>> 16;
      out[it * 4 + 2] = y >>> 8;
      out[it * 4 + 3] = y;
    }
  }

  /**
   * NH of message[start, end) (zero-padded to a multiple of 32 bytes, at
   * least 32) under key words from `keyOffset`, into out = [hi, lo].
   */
  private nhChunk(m: Uint8Array, start: number, end: number, keyOffset: number, out: Float64Array): void {
    const acc = this.acc;
    acc.fill(0);
    const full = start + ((end - start) & ~31);
    nhAccumulate(m, start, full, this.nhKey, keyOffset, acc);
    if (end > full || end === start) {
      // The last partial 32 bytes (or 32 zero bytes for an empty message), zero-padded.
      const tail = this.tail;
      tail.fill(0);
      tail.set(m.subarray(full, end));
      nhAccumulate(tail, 0, 32, this.nhKey, keyOffset + (full - start) / 4, acc);
    }
    // hi * 2^32 + mid * 2^16 + lo, mod 2^64, as two 32-bit words.
    const hi = acc[0] as number;
    const mid = acc[1] as number;
    const lo = acc[2] as number;
    const midLow = mid % TWO16;
    const low = lo + midLow * TWO16;
    const lowWord = low % TWO32;
    const carry = (low - lowWord) / TWO32;
    out[0] = (hi + (mid - midLow) / TWO16 + carry) % TWO32;
    out[1] = lowWord;
  }

  private readonly acc = new Float64Array(3);
}

/**
 * Adds the NH products of m[from, to) (a multiple of 32 bytes) to acc =
 * [sum of high*high, sum of cross terms, sum of low*low] in 16-bit halves.
 */
function nhAccumulate(
  m: Uint8Array,
  from: number,
  to: number,
  k: Uint32Array,
  keyOffset: number,
  acc: Float64Array,
): void {
  let hi = acc[0] as number;
  let mid = acc[1] as number;
  let lo = acc[2] as number;
  let ki = keyOffset;
  for (let i = from; i < to; i += 32, ki += 8) {
    for (let j = 0; j < 16; j += 4) {
      const p = i + j;
      const q = p + 16;
      const a =
        (((m[p] as number) |
          ((m[p + 1] as number) << 8) |
          ((m[p + 2] as number) << 16) |
          ((m[p + 3] as number) << 24)) +
          (k[ki + (j >>> 2)] as number)) >>>
        0;
      const b =
        (((m[q] as number) |
          ((m[q + 1] as number) << 8) |
          ((m[q + 2] as number) << 16) |
          ((m[q + 3] as number) << 24)) +
          (k[ki + (j >>> 2) + 4] as number)) >>>
        0;
      const ah = a >>> 16;
      const al = a & 0xffff;
      const bh = b >>> 16;
      const bl = b & 0xffff;
      hi += ah * bh;
      mid += ah * bl + al * bh;
      lo += al * bl;
    }
  }
  acc[0] = hi;
  acc[1] = mid;
  acc[2] = lo;
}

/**
 * POLY64 (RFC 4418 §4.3.1) over l1 words [base, base + 2n), continuing from st = [hi, lo].
 * Exported for tests only (not part of the package API).
 */
export function poly64(st: Float64Array, k: Float64Array, words: Uint32Array, base: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const mh = words[base + i * 2] as number;
    const ml = words[base + i * 2 + 1] as number;
    if (mh === 0xffffffff) {
      // m >= 2^64 - 2^32: feed the marker p - 1, then m - offset (borrowing from the high word).
      mulAddP64(st, k, 0xffffffff, 0xffffffc4);
      if (ml >= P64_OFFSET) mulAddP64(st, k, mh, ml - P64_OFFSET);
      else mulAddP64(st, k, mh - 1, ml - P64_OFFSET + TWO32);
    } else mulAddP64(st, k, mh, ml);
  }
}

function le32(b: Uint8Array, i: number): number {
  return (
    ((b[i] as number) |
      ((b[i + 1] as number) << 8) |
      ((b[i + 2] as number) << 16) |
      ((b[i + 3] as number) << 24)) >>>
    0
  );
}

function putLe32(b: Uint8Array, i: number, w: number): void {
  b[i] = w;
  b[i + 1] = w >>> 8;
  b[i + 2] = w >>> 16;
  b[i + 3] = w >>> 24;
}

/** st = (k * st + m) mod 2^64 - 59, with st = [hi, lo] and k as four 16-bit limbs. */
function mulAddP64(st: Float64Array, k: Float64Array, mh: number, ml: number): void {
  const yh = st[0] as number;
  const yl = st[1] as number;
  const y0 = yl % TWO16;
  const y1 = (yl - y0) / TWO16;
  const y2 = yh % TWO16;
  const y3 = (yh - y2) / TWO16;
  const k0 = k[0] as number;
  const k1 = k[1] as number;
  const k2 = k[2] as number;
  const k3 = k[3] as number;
  // Columns of the 128-bit product (each below 2^36), plus m.
  let c = y0 * k0 + (ml % TWO16);
  const r0 = c % TWO16;
  c = (c - r0) / TWO16 + y0 * k1 + y1 * k0 + Math.floor(ml / TWO16);
  const r1 = c % TWO16;
  c = (c - r1) / TWO16 + y0 * k2 + y1 * k1 + y2 * k0 + (mh % TWO16);
  const r2 = c % TWO16;
  c = (c - r2) / TWO16 + y0 * k3 + y1 * k2 + y2 * k1 + y3 * k0 + Math.floor(mh / TWO16);
  const r3 = c % TWO16;
  c = (c - r3) / TWO16 + y1 * k3 + y2 * k2 + y3 * k1;
  const r4 = c % TWO16;
  c = (c - r4) / TWO16 + y2 * k3 + y3 * k2;
  const r5 = c % TWO16;
  c = (c - r5) / TWO16 + y3 * k3;
  const r6 = c % TWO16;
  const r7 = (c - r6) / TWO16;
  // 2^64 ≡ 59: fold the high half in, twice (the second fold carries at most a few bits).
  let u = r0 + 59 * r4;
  const u0 = u % TWO16;
  u = (u - u0) / TWO16 + r1 + 59 * r5;
  const u1 = u % TWO16;
  u = (u - u1) / TWO16 + r2 + 59 * r6;
  const u2 = u % TWO16;
  u = (u - u2) / TWO16 + r3 + 59 * r7;
  const u3 = u % TWO16;
  const over = (u - u3) / TWO16;
  let lo = u1 * TWO16 + u0 + 59 * over;
  let hi = u3 * TWO16 + u2;
  if (lo >= TWO32) {
    lo -= TWO32;
    hi += 1;
    if (hi >= TWO32) {
      // Wrapped past 2^64: add 59 once more (cannot wrap again).
      hi -= TWO32;
      lo += 59;
    }
  }
  // Final reduction below p = 2^64 - 59.
  if (hi === 0xffffffff && lo >= 0xffffffc5) {
    lo -= 0xffffffc5;
    hi = 0;
  }
  st[0] = hi;
  st[1] = lo;
}

/**
 * L2 for messages over 16 MiB (RFC 4418 §4.3): POLY64 over the first 2^14
 * L1 words, then POLY128 over that result and the rest (with 0x80 appended
 * and zero-padded to 16 bytes). Rare, so plain bigint.
 */
function poly128Path(keys: IterationKeys, l1: Uint32Array, base: number, chunks: number): bigint {
  const first = 16384;
  const st = Float64Array.of(0, 1);
  poly64(st, keys.k64, l1, base, first);
  const rest: number[] = [];
  for (let i = first; i < chunks; i++) rest.push(l1[base + i * 2] as number, l1[base + i * 2 + 1] as number);
  rest.push(0x80000000, 0);
  if (rest.length % 4 !== 0) rest.push(0, 0);
  let y = 1n;
  const step = (m: bigint) => {
    if (m >= M128) {
      y = (keys.k128 * y + P128 - 1n) % P128;
      y = (keys.k128 * y + (m - 159n)) % P128;
    } else y = (keys.k128 * y + m) % P128;
  };
  step((BigInt(st[0] as number) << 32n) | BigInt(st[1] as number));
  for (let i = 0; i < rest.length; i += 4) {
    let m = 0n;
    for (let j = 0; j < 4; j++) m = (m << 32n) | BigInt(rest[i + j] as number);
    step(m);
  }
  return y;
}

/** One L3 term: y + (16-bit piece) * key, mod 2^36 - 5 (below 2^53, so exact). */
function l3Term(y: number, piece: number, key: number): number {
  return (y + piece * key) % P36;
}

/** L3-HASH (RFC 4418 §4.4) of the 128-bit value w0 || w1 || w2 || w3, before the final xor. */
function l3Hash(k: Float64Array, w0: number, w1: number, w2: number, w3: number): number {
  let y = l3Term(0, w0 >>> 16, k[0] as number);
  y = l3Term(y, w0 & 0xffff, k[1] as number);
  y = l3Term(y, w1 >>> 16, k[2] as number);
  y = l3Term(y, w1 & 0xffff, k[3] as number);
  y = l3Term(y, w2 >>> 16, k[4] as number);
  y = l3Term(y, w2 & 0xffff, k[5] as number);
  y = l3Term(y, w3 >>> 16, k[6] as number);
  y = l3Term(y, w3 & 0xffff, k[7] as number);
  return y % TWO32;
}

/** Options of one UMAC registry entry. */
export interface UmacOptions {
  readonly name: string;
  /** 8 (umac-64) or 16 (umac-128). */
  readonly tagLength: 8 | 16;
  readonly etm: boolean;
}

/**
 * Builds a umac-64/umac-128 (`@openssh.com`, optionally `-etm`) entry. The
 * 16-byte MAC key is the AES key; the nonce is uint64(seq), big-endian; the
 * sequence number is NOT prepended to the MACed data (OpenSSH mac.c).
 * @param options - name, tag length, etm
 * @returns the entry
 */
export function umacMac(options: UmacOptions): MacSpec {
  const { name, tagLength, etm } = options;
  return Object.freeze({
    name,
    keyLength: 16,
    length: tagLength,
    etm,
    legacy: false,
    create(key: Uint8Array): MacState {
      if (!(key instanceof Uint8Array) || key.length !== 16) {
        throw new CryptoError('invalid-key', `${name} key: expected 16 bytes`);
      }
      const umac = new Umac(key, tagLength);
      const nonce = new Uint8Array(8);
      const expected = new Uint8Array(tagLength);
      const run = (seq: number, data: Uint8Array): void => {
        const s = seq >>> 0;
        nonce[4] = s >>> 24;
        nonce[5] = s >>> 16;
        nonce[6] = s >>> 8;
        nonce[7] = s;
        umac.tag(nonce, data, expected);
      };
      return {
        length: tagLength,
        compute(seq, data, out) {
          if (out.length < tagLength) throw new RangeError(`${name}: output needs ${tagLength} bytes`);
          run(seq, data);
          out.set(expected);
        },
        verify(seq, data, mac) {
          run(seq, data);
          if (!constantTimeEqual(expected, mac)) throw new CryptoError('bad-mac', `${name}: MAC mismatch`);
        },
      };
    },
  } as const);
}
