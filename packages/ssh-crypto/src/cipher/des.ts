// DES (FIPS 46-3) and DES-EDE3 (NIST SP 800-67), table-driven: the S-boxes
// and the P permutation are merged into eight 64-entry SP tables, and the
// initial and final permutations run as eight 256-entry byte tables, all
// built once from the standard's tables on first use. A block is two 32-bit
// halves; nothing is allocated per block.
//
// Used by `3des-cbc` (RFC 4253 §6.3: three-key EDE in outer CBC mode) and by
// the key-file ciphers `des-cbc` / `des-ede3-cbc` / `3des-cbc`.

/* FIPS 46-3 tables, bit numbers 1-based from the most significant bit. */
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40,
  32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5,
  63, 55, 47, 39, 31, 23, 15, 7,
];
const FP = [
  40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31, 38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13,
  53, 21, 61, 29, 36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27, 34, 2, 42, 10, 50, 18, 58, 26,
  33, 1, 41, 9, 49, 17, 57, 25,
];
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22,
  11, 4, 25,
];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47,
  55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
/** S1..S8, each as 4 rows of 16 (row = outer bits, column = inner bits). */
const S = [
  '14 4 13 1 2 15 11 8 3 10 6 12 5 9 0 7 0 15 7 4 14 2 13 1 10 6 12 11 9 5 3 8 4 1 14 8 13 6 2 11 15 12 9 7 3 10 5 0 15 12 8 2 4 9 1 7 5 11 3 14 10 0 6 13',
  '15 1 8 14 6 11 3 4 9 7 2 13 12 0 5 10 3 13 4 7 15 2 8 14 12 0 1 10 6 9 11 5 0 14 7 11 10 4 13 1 5 8 12 6 9 3 2 15 13 8 10 1 3 15 4 2 11 6 7 12 0 5 14 9',
  '10 0 9 14 6 3 15 5 1 13 12 7 11 4 2 8 13 7 0 9 3 4 6 10 2 8 5 14 12 11 15 1 13 6 4 9 8 15 3 0 11 1 2 12 5 10 14 7 1 10 13 0 6 9 8 7 4 15 14 3 11 5 2 12',
  '7 13 14 3 0 6 9 10 1 2 8 5 11 12 4 15 13 8 11 5 6 15 0 3 4 7 2 12 1 10 14 9 10 6 9 0 12 11 7 13 15 1 3 14 5 2 8 4 3 15 0 6 10 1 13 8 9 4 5 11 12 7 2 14',
  '2 12 4 1 7 10 11 6 8 5 3 15 13 0 14 9 14 11 2 12 4 7 13 1 5 0 15 10 3 9 8 6 4 2 1 11 10 13 7 8 15 9 12 5 6 3 0 14 11 8 12 7 1 14 2 13 6 15 0 9 10 4 5 3',
  '12 1 10 15 9 2 6 8 0 13 3 4 14 7 5 11 10 15 4 2 7 12 9 5 6 1 13 14 0 11 3 8 9 14 15 5 2 8 12 3 7 0 4 10 1 13 11 6 4 3 2 12 9 5 15 10 11 14 1 7 6 0 8 13',
  '4 11 2 14 15 0 8 13 3 12 9 7 5 10 6 1 13 0 11 7 4 9 1 10 14 3 5 12 2 15 8 6 1 4 11 13 12 3 7 14 10 15 6 8 0 5 9 2 6 11 13 8 1 4 10 7 9 5 0 15 14 2 3 12',
  '13 2 8 4 6 15 11 1 10 9 3 14 5 0 12 7 1 15 13 8 10 3 7 4 12 5 6 11 0 14 9 2 7 11 4 1 9 12 14 2 0 6 10 13 15 3 5 8 2 1 14 7 4 10 8 13 15 12 9 0 3 5 6 11',
];

interface Tables {
  /** SP[box * 64 + six bits]: the S-box output already moved through P. */
  readonly sp: Uint32Array;
  /** IP as byte tables: [(byte position * 256 + value) * 2 + half]. */
  readonly ip: Uint32Array;
  /** FP likewise. */
  readonly fp: Uint32Array;
}

let tables: Tables | undefined;

/** Applies a 1-based bit selection `table` to the 64-bit value (hi, lo). */
function select64(hi: number, lo: number, table: readonly number[], out: Uint32Array): void {
  let a = 0;
  let b = 0;
  for (let j = 0; j < table.length; j++) {
    const src = table[j] as number;
    const bit = src <= 32 ? (hi >>> (32 - src)) & 1 : (lo >>> (64 - src)) & 1;
    if (j < 32) a |= bit << (31 - j);
    else b |= bit << (63 - j);
  }
  out[0] = a >>> 0;
  out[1] = b >>> 0;
}

function byteTables(perm: readonly number[]): Uint32Array {
  const t = new Uint32Array(8 * 256 * 2);
  const pair = new Uint32Array(2);
  for (let pos = 0; pos < 8; pos++) {
    for (let v = 0; v < 256; v++) {
      const hi = pos < 4 ? (v << (24 - 8 * pos)) >>> 0 : 0;
      const lo = pos >= 4 ? (v << (24 - 8 * (pos - 4))) >>> 0 : 0;
      select64(hi, lo, perm, pair);
      t[(pos * 256 + v) * 2] = pair[0] as number;
      t[(pos * 256 + v) * 2 + 1] = pair[1] as number;
    }
  }
  return t;
}

function getTables(): Tables {
  if (tables !== undefined) return tables;
  const sp = new Uint32Array(8 * 64);
  for (let box = 0; box < 8; box++) {
    const rows = (S[box] as string).split(' ').map(Number);
    for (let x = 0; x < 64; x++) {
      const row = ((x >>> 4) & 2) | (x & 1);
      const col = (x >>> 1) & 0xf;
      const v = (rows[row * 16 + col] as number) << (28 - 4 * box);
      let out = 0;
      for (let j = 0; j < 32; j++) out |= ((v >>> (32 - (P[j] as number))) & 1) << (31 - j);
      sp[box * 64 + x] = out >>> 0;
    }
  }
  tables = { sp, ip: byteTables(IP), fp: byteTables(FP) };
  return tables;
}

/**
 * Expands one 8-byte DES key into 16 round keys of eight 6-bit groups
 * (parity bits ignored, as FIPS 46-3 says).
 */
function roundKeys(key: Uint8Array, offset: number): Uint8Array {
  const bits = new Uint8Array(64);
  for (let i = 0; i < 64; i++) bits[i] = ((key[offset + (i >>> 3)] as number) >>> (7 - (i & 7))) & 1;
  const cd = PC1.map((b) => bits[b - 1] as number);
  const c = cd.slice(0, 28);
  const d = cd.slice(28);
  const out = new Uint8Array(16 * 8);
  for (let round = 0; round < 16; round++) {
    for (let s = 0; s < (SHIFTS[round] as number); s++) {
      c.push(c.shift() as number);
      d.push(d.shift() as number);
    }
    const joined = c.concat(d);
    for (let g = 0; g < 8; g++) {
      let v = 0;
      for (let k = 0; k < 6; k++) v = (v << 1) | (joined[(PC2[g * 6 + k] as number) - 1] as number);
      out[round * 8 + g] = v;
    }
  }
  return out;
}

/**
 * DES or DES-EDE3 on 64-bit blocks held as two big-endian 32-bit halves,
 * the shape `Blowfish` in ../kdf/blowfish.ts also has.
 */
export class DesEde {
  private readonly keys: readonly Uint8Array[];
  private readonly t: Tables;

  /**
   * @param key - 8 bytes (single DES) or 24 bytes (three-key EDE: K1 || K2 || K3)
   * @throws RangeError on another length
   */
  constructor(key: Uint8Array) {
    if (key.length !== 8 && key.length !== 24) throw new RangeError('DES key: expected 8 or 24 bytes');
    this.t = getTables();
    const keys: Uint8Array[] = [];
    for (let off = 0; off < key.length; off += 8) keys.push(roundKeys(key, off));
    this.keys = keys;
  }

  /** 16 Feistel rounds on (l, r) with `k`, forwards or backwards; leaves the swapped halves in block. */
  private rounds(block: Uint32Array, offset: number, k: Uint8Array, decrypt: boolean): void {
    const sp = this.t.sp;
    let l = block[offset] as number;
    let r = block[offset + 1] as number;
    for (let i = 0; i < 16; i++) {
      const o = (decrypt ? 15 - i : i) * 8;
      const f =
        (sp[(((r & 1) << 5) | (r >>> 27)) ^ (k[o] as number)] as number) |
        (sp[64 + (((r >>> 23) & 0x3f) ^ (k[o + 1] as number))] as number) |
        (sp[128 + (((r >>> 19) & 0x3f) ^ (k[o + 2] as number))] as number) |
        (sp[192 + (((r >>> 15) & 0x3f) ^ (k[o + 3] as number))] as number) |
        (sp[256 + (((r >>> 11) & 0x3f) ^ (k[o + 4] as number))] as number) |
        (sp[320 + (((r >>> 7) & 0x3f) ^ (k[o + 5] as number))] as number) |
        (sp[384 + (((r >>> 3) & 0x3f) ^ (k[o + 6] as number))] as number) |
        (sp[448 + ((((r & 0x1f) << 1) | (r >>> 31)) ^ (k[o + 7] as number))] as number);
      const next = l ^ f;
      l = r;
      r = next;
    }
    // Preoutput is R16 || L16.
    block[offset] = r >>> 0;
    block[offset + 1] = l >>> 0;
  }

  private permute(table: Uint32Array, block: Uint32Array, offset: number): void {
    const hi = block[offset] as number;
    const lo = block[offset + 1] as number;
    let a = 0;
    let b = 0;
    for (let pos = 0; pos < 8; pos++) {
      const v = ((pos < 4 ? hi : lo) >>> (24 - 8 * (pos & 3))) & 0xff;
      const at = (pos * 256 + v) * 2;
      a |= table[at] as number;
      b |= table[at + 1] as number;
    }
    block[offset] = a >>> 0;
    block[offset + 1] = b >>> 0;
  }

  /** Encrypts `block[offset]`, `block[offset + 1]` in place (EDE: E_K1, D_K2, E_K3). */
  encryptBlock(block: Uint32Array, offset = 0): void {
    this.permute(this.t.ip, block, offset);
    const keys = this.keys;
    // FP then IP between the stages cancel out; only the half swap remains (rounds() does it).
    for (let s = 0; s < keys.length; s++) this.rounds(block, offset, keys[s] as Uint8Array, s === 1);
    this.permute(this.t.fp, block, offset);
  }

  /** Decrypts `block[offset]`, `block[offset + 1]` in place (EDE: D_K3, E_K2, D_K1). */
  decryptBlock(block: Uint32Array, offset = 0): void {
    this.permute(this.t.ip, block, offset);
    const keys = this.keys;
    for (let s = keys.length - 1; s >= 0; s--) this.rounds(block, offset, keys[s] as Uint8Array, s !== 1);
    this.permute(this.t.fp, block, offset);
  }
}
