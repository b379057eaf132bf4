/**
 * A streaming zlib (RFC 1950) / DEFLATE (RFC 1951) compressor for SSH: one
 * stream for the whole connection, with a sync flush after every packet.
 *
 * It emits one fixed-Huffman block per packet (LZ77 matches found with hash
 * chains over a 32 KiB window shared across packets) — or stored blocks when
 * that would be larger than the payload — then an empty stored block — zlib's Z_SYNC_FLUSH — so each packet's bytes end on a byte boundary
 * and decode completely on arrival. Any inflater decodes it (zlib, OpenSSH).
 *
 * Why not fflate's streaming `Deflate`: in fflate 0.8.3, `flush(true)` writes
 * the stored block at a wrong offset when a partial byte is pending, and after
 * a flush the next match search can reach two bytes before the stream start
 * ("invalid distance too far back" in zlib). Both corrupt the stream.
 */
import {
  canonicalCodes,
  DIST_BASE,
  DIST_EXTRA,
  fixedDistanceLengths,
  fixedLiteralLengths,
  LENGTH_BASE,
  LENGTH_EXTRA,
  MAX_MATCH,
  MIN_MATCH,
  WINDOW_SIZE,
} from './tables.js';

const FIXED_LIT_LENGTHS = fixedLiteralLengths();
const FIXED_LIT_CODES = canonicalCodes(FIXED_LIT_LENGTHS);
const FIXED_DIST_CODES = canonicalCodes(fixedDistanceLengths());

/** Length (3..258) to its length symbol minus 257. */
const LENGTH_SYMBOL = (() => {
  const t = new Uint8Array(MAX_MATCH + 1);
  for (let s = 0; s < LENGTH_BASE.length; s++) {
    const base = LENGTH_BASE[s] ?? 0;
    const end = Math.min(MAX_MATCH, base + (1 << (LENGTH_EXTRA[s] ?? 0)) - 1);
    for (let l = base; l <= end; l++) t[l] = s;
  }
  return t;
})();

/** Distance (1..32768) to its distance symbol. */
function distanceSymbol(dist: number): number {
  const n = dist - 1;
  if (n < 4) return n;
  const bits = 31 - Math.clz32(n);
  return 2 * bits + ((n >>> (bits - 1)) & 1);
}

/** Largest stored block. */
const MAX_STORED = 65535;

const HASH_BITS = 15;
const HASH_MASK = (1 << HASH_BITS) - 1;
const WINDOW_MASK = WINDOW_SIZE - 1;

/** Per level: [nice match length, max hash chain steps], after zlib's table. */
const LEVELS: readonly (readonly [number, number])[] = [
  [0, 0],
  [8, 4],
  [16, 8],
  [32, 32],
  [16, 16],
  [32, 32],
  [128, 128],
  [128, 256],
  [258, 1024],
  [258, 4096],
];

export class ZlibDeflater {
  private readonly nice: number;
  private readonly chain: number;
  private readonly level: number;
  /** Bytes [base, total) of the stream, by absolute position. */
  private window = new Uint8Array(2 * WINDOW_SIZE);
  private base = 0;
  private total = 0;
  /** Positions below this have been inserted into the hash chains. */
  private hashed = 0;
  /** Newest absolute position per hash, or -1. */
  private readonly head = new Int32Array(1 << HASH_BITS).fill(-1);
  /** Previous absolute position with the same hash, indexed by position mod 32 KiB. */
  private readonly prev = new Int32Array(WINDOW_SIZE).fill(-1);
  private started = false;
  private out = new Uint8Array(0);
  private o = 0;
  private bb = 0;
  private bc = 0;

  /** @param level - 1 (fastest) to 9 (smallest) */
  constructor(level: number) {
    const cfg = LEVELS[level];
    if (!Number.isInteger(level) || level < 1 || cfg === undefined) {
      throw new RangeError(`compression level must be an integer from 1 to 9, got ${level}`);
    }
    this.level = level;
    this.nice = cfg[0];
    this.chain = cfg[1];
  }

  /** Compresses one packet's payload; the result decodes completely on its own arrival. */
  compress(payload: Uint8Array): Uint8Array {
    const n = payload.length;
    // 9 bits per byte at most with the fixed code, plus headers and the flush.
    this.out = new Uint8Array(16 + Math.ceil((n * 9) / 8));
    this.o = 0;
    this.bb = 0;
    this.bc = 0;
    if (!this.started) {
      this.started = true;
      // CMF: deflate, 32 KiB window. FLG: FLEVEL as zlib sets it, then FCHECK.
      const cmf = 0x78;
      const flevel = this.level === 1 ? 0 : this.level < 6 ? 1 : this.level === 6 ? 2 : 3;
      let flg = flevel << 6;
      flg |= 31 - ((cmf * 256 + flg) % 31);
      this.out[this.o++] = cmf;
      this.out[this.o++] = flg;
    }
    if (n > 0) {
      this.append(payload);
      const blockStart = this.o; // byte-aligned: every packet ends with a sync flush
      this.putBits(2, 3); // BFINAL 0, BTYPE 01: fixed Huffman codes
      this.encode(this.total - n);
      this.putBits(0, 7); // end of block: fixed code 256 is seven 0 bits
      const storedSize = n + 5 * Math.ceil(n / MAX_STORED);
      if (this.o - blockStart + (this.bc > 0 ? 1 : 0) > storedSize) {
        // Incompressible: send it stored, as zlib does, so a payload grows by
        // a few bytes at most (fixed codes alone could add 12.5%).
        this.o = blockStart;
        this.bb = 0;
        this.bc = 0;
        this.stored(payload);
      }
    }
    // Sync flush: an empty stored block (BFINAL 0, BTYPE 00), aligned, LEN 0, NLEN 0xffff.
    this.putBits(0, 3);
    if (this.bc > 0) this.putBits(0, 8 - this.bc);
    this.out.set([0, 0, 0xff, 0xff], this.o);
    this.o += 4;
    const result = this.out.subarray(0, this.o);
    this.out = new Uint8Array(0);
    return result;
  }

  private append(payload: Uint8Array): void {
    const n = payload.length;
    if (this.total - this.base + n > this.window.length) {
      // Keep the last 32 KiB, the reach of a match.
      const keepFrom = this.total - Math.min(WINDOW_SIZE, this.total - this.base);
      this.window.copyWithin(0, keepFrom - this.base, this.total - this.base);
      this.base = keepFrom;
      const need = this.total - this.base + n;
      if (need > this.window.length) {
        const bigger = new Uint8Array(Math.max(need, 2 * this.window.length));
        bigger.set(this.window.subarray(0, this.total - this.base));
        this.window = bigger;
      }
    }
    this.window.set(payload, this.total - this.base);
    this.total += n;
  }

  private hashAt(pos: number): number {
    const w = this.window;
    const i = pos - this.base;
    return ((w[i]! << 10) ^ (w[i + 1]! << 5) ^ w[i + 2]!) & HASH_MASK;
  }

  /** Inserts every position up to `upTo` (exclusive) that has 3 bytes available. */
  private insertUpTo(upTo: number): void {
    const last = Math.min(upTo, this.total - MIN_MATCH + 1);
    for (let p = this.hashed; p < last; p++) {
      const h = this.hashAt(p);
      this.prev[p & WINDOW_MASK] = this.head[h]!;
      this.head[h] = p;
    }
    if (last > this.hashed) this.hashed = last;
  }

  private encode(start: number): void {
    const w = this.window;
    const base = this.base;
    const end = this.total;
    let p = start;
    while (p < end) {
      // Hash chains hold every earlier position, including the last two of the previous packet.
      this.insertUpTo(p);
      let bestLen = 0;
      let bestDist = 0;
      const maxLen = Math.min(MAX_MATCH, end - p);
      if (maxLen >= MIN_MATCH) {
        let cand = this.head[this.hashAt(p)]!;
        let steps = this.chain;
        const pi = p - base;
        while (cand >= 0 && p - cand <= WINDOW_SIZE && steps-- > 0) {
          const ci = cand - base;
          if (w[ci + bestLen] === w[pi + bestLen] && w[ci] === w[pi]) {
            let l = 0;
            while (l < maxLen && w[ci + l] === w[pi + l]) l++;
            if (l > bestLen) {
              bestLen = l;
              bestDist = p - cand;
              if (l >= this.nice || l === maxLen) break;
            }
          }
          const next = this.prev[cand & WINDOW_MASK]!;
          if (next >= cand) break;
          cand = next;
        }
      }
      if (bestLen >= MIN_MATCH) {
        const ls = LENGTH_SYMBOL[bestLen]!;
        const sym = 257 + ls;
        this.putBits(FIXED_LIT_CODES[sym]!, FIXED_LIT_LENGTHS[sym]!);
        const le = LENGTH_EXTRA[ls]!;
        if (le > 0) this.putBits(bestLen - LENGTH_BASE[ls]!, le);
        const ds = distanceSymbol(bestDist);
        this.putBits(FIXED_DIST_CODES[ds]!, 5);
        const de = DIST_EXTRA[ds]!;
        if (de > 0) this.putBits(bestDist - DIST_BASE[ds]!, de);
        p += bestLen;
      } else {
        const lit = w[p - base]!;
        this.putBits(FIXED_LIT_CODES[lit]!, FIXED_LIT_LENGTHS[lit]!);
        p++;
      }
    }
    // Positions of this packet still to hash (those with 3 bytes available) wait for the next call.
    this.insertUpTo(end);
  }

  /** Writes `data` as stored blocks (BFINAL 0, BTYPE 00), starting byte-aligned. */
  private stored(data: Uint8Array): void {
    for (let at = 0; at < data.length; at += MAX_STORED) {
      const len = Math.min(MAX_STORED, data.length - at);
      this.out[this.o++] = 0; // 3 header bits, then padding to the byte boundary
      this.out[this.o++] = len & 0xff;
      this.out[this.o++] = len >>> 8;
      this.out[this.o++] = ~len & 0xff;
      this.out[this.o++] = (~len >>> 8) & 0xff;
      this.out.set(data.subarray(at, at + len), this.o);
      this.o += len;
    }
  }

  private putBits(value: number, n: number): void {
    this.bb |= value << this.bc;
    this.bc += n;
    while (this.bc >= 8) {
      this.out[this.o++] = this.bb & 0xff;
      this.bb >>>= 8;
      this.bc -= 8;
    }
  }
}
