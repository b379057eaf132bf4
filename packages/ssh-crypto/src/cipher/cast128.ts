// CAST-128 (RFC 2144) with a 128-bit key (16 rounds), as SSH's cast128-cbc
// uses it (RFC 4253 §6.3). The S-boxes are RFC 2144 Appendix A
// (./cast128-sboxes.ts), decoded once into Uint32Arrays on first use.
import { CAST_SBOX_HEX } from './cast128-sboxes.js';

let boxes: Uint32Array | undefined;

/** S1..S8 back to back: S_n[i] is at (n - 1) * 256 + i. */
function sboxes(): Uint32Array {
  if (boxes !== undefined) return boxes;
  const all = new Uint32Array(8 * 256);
  CAST_SBOX_HEX.forEach((hex, box) => {
    for (let i = 0; i < 256; i++) all[box * 256 + i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  });
  boxes = all;
  return all;
}

const S5 = 4 * 256;
const S6 = 5 * 256;
const S7 = 6 * 256;
const S8 = 7 * 256;

/** RFC 2144 §2.4: the 32 subkeys K1..K32 (K1..K16 masking, K17..K32 rotation). */
function keySchedule(key: Uint8Array, s: Uint32Array): Uint32Array {
  const x = Uint8Array.from(key);
  const z = new Uint8Array(16);
  const out = new Uint32Array(32);
  const word = (b: Uint8Array, i: number) =>
    (((b[i] as number) << 24) |
      ((b[i + 1] as number) << 16) |
      ((b[i + 2] as number) << 8) |
      (b[i + 3] as number)) >>>
    0;
  const put = (b: Uint8Array, i: number, w: number) => {
    b[i] = w >>> 24;
    b[i + 1] = w >>> 16;
    b[i + 2] = w >>> 8;
    b[i + 3] = w;
  };
  // The S5..S8 lookups of one line: byte indices a, b, c, d and the fifth (box, byte).
  const mix = (
    src: Uint8Array,
    a: number,
    b: number,
    c: number,
    d: number,
    box: number,
    e: number,
    from: Uint8Array,
  ) =>
    (s[S5 + (src[a] as number)] as number) ^
    (s[S6 + (src[b] as number)] as number) ^
    (s[S7 + (src[c] as number)] as number) ^
    (s[S8 + (src[d] as number)] as number) ^
    (s[box + (from[e] as number)] as number);
  const zFromX = () => {
    put(z, 0, word(x, 0) ^ mix(x, 0xd, 0xf, 0xc, 0xe, S7, 0x8, x));
    put(z, 4, word(x, 8) ^ mix(z, 0x0, 0x2, 0x1, 0x3, S8, 0xa, x));
    put(z, 8, word(x, 12) ^ mix(z, 0x7, 0x6, 0x5, 0x4, S5, 0x9, x));
    put(z, 12, word(x, 4) ^ mix(z, 0xa, 0x9, 0xb, 0x8, S6, 0xb, x));
  };
  const xFromZ = () => {
    put(x, 0, word(z, 8) ^ mix(z, 0x5, 0x7, 0x4, 0x6, S7, 0x0, z));
    put(x, 4, word(z, 0) ^ mix(x, 0x0, 0x2, 0x1, 0x3, S8, 0x2, z));
    put(x, 8, word(z, 4) ^ mix(x, 0x7, 0x6, 0x5, 0x4, S5, 0x1, z));
    put(x, 12, word(z, 12) ^ mix(x, 0xa, 0x9, 0xb, 0x8, S6, 0x3, z));
  };
  for (let half = 0; half < 2; half++) {
    const k = half * 16;
    zFromX();
    out[k] = mix(z, 0x8, 0x9, 0x7, 0x6, S5, 0x2, z);
    out[k + 1] = mix(z, 0xa, 0xb, 0x5, 0x4, S6, 0x6, z);
    out[k + 2] = mix(z, 0xc, 0xd, 0x3, 0x2, S7, 0x9, z);
    out[k + 3] = mix(z, 0xe, 0xf, 0x1, 0x0, S8, 0xc, z);
    xFromZ();
    out[k + 4] = mix(x, 0x3, 0x2, 0xc, 0xd, S5, 0x8, x);
    out[k + 5] = mix(x, 0x1, 0x0, 0xe, 0xf, S6, 0xd, x);
    out[k + 6] = mix(x, 0x7, 0x6, 0x8, 0x9, S7, 0x3, x);
    out[k + 7] = mix(x, 0x5, 0x4, 0xa, 0xb, S8, 0x7, x);
    zFromX();
    out[k + 8] = mix(z, 0x3, 0x2, 0xc, 0xd, S5, 0x9, z);
    out[k + 9] = mix(z, 0x1, 0x0, 0xe, 0xf, S6, 0xc, z);
    out[k + 10] = mix(z, 0x7, 0x6, 0x8, 0x9, S7, 0x2, z);
    out[k + 11] = mix(z, 0x5, 0x4, 0xa, 0xb, S8, 0x6, z);
    xFromZ();
    out[k + 12] = mix(x, 0x8, 0x9, 0x7, 0x6, S5, 0x3, x);
    out[k + 13] = mix(x, 0xa, 0xb, 0x5, 0x4, S6, 0x7, x);
    out[k + 14] = mix(x, 0xc, 0xd, 0x3, 0x2, S7, 0x8, x);
    out[k + 15] = mix(x, 0xe, 0xf, 0x1, 0x0, S8, 0xd, x);
  }
  x.fill(0);
  z.fill(0);
  return out;
}

/**
 * CAST-128 with a 16-byte key, on 64-bit blocks held as two big-endian 32-bit
 * halves (the shape `Blowfish` in ../kdf/blowfish.ts also has).
 */
export class Cast128 {
  private readonly km: Uint32Array;
  private readonly kr: Uint8Array;
  private readonly s: Uint32Array;

  /**
   * @param key - 16 bytes
   * @throws RangeError on another length
   */
  constructor(key: Uint8Array) {
    if (key.length !== 16) throw new RangeError('CAST-128 key: expected 16 bytes');
    this.s = sboxes();
    const k = keySchedule(key, this.s);
    this.km = k.slice(0, 16);
    this.kr = Uint8Array.from(k.subarray(16), (v) => v & 31);
    k.fill(0);
  }

  /** f of round `i` (0-based): type 1, 2, 3 in turn (RFC 2144 §2.2). */
  private f(i: number, d: number): number {
    const s = this.s;
    const km = this.km[i] as number;
    const kr = this.kr[i] as number;
    const type = i % 3;
    let t = type === 0 ? (km + d) | 0 : type === 1 ? km ^ d : (km - d) | 0;
    t = (t << kr) | (t >>> ((32 - kr) & 31));
    const a = s[t >>> 24] as number;
    const b = s[256 + ((t >>> 16) & 0xff)] as number;
    const c = s[512 + ((t >>> 8) & 0xff)] as number;
    const e = s[768 + (t & 0xff)] as number;
    if (type === 0) return (((a ^ b) - c) | 0) + e;
    if (type === 1) return (((a - b) | 0) + c) ^ e;
    return (((a + b) | 0) ^ c) - e;
  }

  /** Encrypts `block[offset]`, `block[offset + 1]` (left, right halves) in place. */
  encryptBlock(block: Uint32Array, offset = 0): void {
    let l = block[offset] as number;
    let r = block[offset + 1] as number;
    for (let i = 0; i < 16; i++) {
      const next = l ^ this.f(i, r);
      l = r;
      r = next;
    }
    block[offset] = r >>> 0;
    block[offset + 1] = l >>> 0;
  }

  /** Decrypts `block[offset]`, `block[offset + 1]` (left, right halves) in place. */
  decryptBlock(block: Uint32Array, offset = 0): void {
    let l = block[offset] as number;
    let r = block[offset + 1] as number;
    for (let i = 15; i >= 0; i--) {
      const next = l ^ this.f(i, r);
      l = r;
      r = next;
    }
    block[offset] = r >>> 0;
    block[offset + 1] = l >>> 0;
  }
}
