/**
 * The Blowfish block cipher core (Schneier 1993) with the Eksblowfish key
 * schedule of bcrypt (Provos & Mazières 1999), as OpenBSD's blf.c exposes it:
 * `expandState` / `expand0State` and big-endian `streamToWord`.
 *
 * Used by `bcrypt_pbkdf`; the legacy `blowfish-cbc` cipher can reuse
 * {@link Blowfish.encryptBlock} / {@link Blowfish.decryptBlock}.
 */
import { piFractionWords } from './pi.js';

const ROUNDS = 16;
const P_WORDS = ROUNDS + 2;
const S_WORDS = 4 * 256;

let initial: Uint32Array | undefined;

/** P-array then S-boxes 0..3: the first 1042 words of pi's fraction. */
function initialState(): Uint32Array {
  initial ??= piFractionWords(P_WORDS + S_WORDS);
  return initial;
}

/**
 * Reads a big-endian 32-bit word from `data` at `cursor.at`, wrapping around
 * the end of `data` (blf.c `Blowfish_stream2word`).
 */
function streamToWord(data: Uint8Array, cursor: { at: number }): number {
  let word = 0;
  let j = cursor.at;
  for (let i = 0; i < 4; i++) {
    if (j >= data.length) j = 0;
    word = (word << 8) | (data[j] as number);
    j++;
  }
  cursor.at = j;
  return word >>> 0;
}

/**
 * A Blowfish key state. Encrypts and decrypts one 64-bit block held as two
 * 32-bit halves.
 *
 * @example
 * ```ts
 * import { Blowfish } from '@sshkit/ssh-crypto';
 * const bf = Blowfish.withKey(new Uint8Array(8));
 * const block = Uint32Array.of(0, 0);
 * bf.encryptBlock(block); // 4ef99745 6198dd78
 * ```
 */
export class Blowfish {
  private readonly p: Uint32Array;
  private readonly s: Uint32Array;

  /** A state holding the initial pi-derived P-array and S-boxes (blf.c `Blowfish_initstate`). */
  constructor() {
    const init = initialState();
    this.p = init.slice(0, P_WORDS);
    this.s = init.slice(P_WORDS);
  }

  /**
   * Standard Blowfish key schedule.
   * @param key - 1 to 72 bytes
   * @throws RangeError on an empty key
   */
  static withKey(key: Uint8Array): Blowfish {
    if (key.length === 0) throw new RangeError('Blowfish key must not be empty');
    const bf = new Blowfish();
    bf.expand0State(key);
    return bf;
  }

  private f(x: number): number {
    const s = this.s;
    const a = s[x >>> 24] as number;
    const b = s[256 + ((x >>> 16) & 0xff)] as number;
    const c = s[512 + ((x >>> 8) & 0xff)] as number;
    const d = s[768 + (x & 0xff)] as number;
    return ((((a + b) | 0) ^ c) + d) | 0;
  }

  /** Encrypts `block[offset]`, `block[offset + 1]` (left, right halves) in place. */
  encryptBlock(block: Uint32Array, offset = 0): void {
    const p = this.p;
    let l = block[offset] as number;
    let r = block[offset + 1] as number;
    for (let i = 0; i < ROUNDS; i += 2) {
      l ^= p[i] as number;
      r ^= this.f(l);
      r ^= p[i + 1] as number;
      l ^= this.f(r);
    }
    l ^= p[ROUNDS] as number;
    r ^= p[ROUNDS + 1] as number;
    block[offset] = r;
    block[offset + 1] = l;
  }

  /** Decrypts `block[offset]`, `block[offset + 1]` (left, right halves) in place. */
  decryptBlock(block: Uint32Array, offset = 0): void {
    const p = this.p;
    let l = block[offset] as number;
    let r = block[offset + 1] as number;
    for (let i = ROUNDS + 1; i > 1; i -= 2) {
      l ^= p[i] as number;
      r ^= this.f(l);
      r ^= p[i - 1] as number;
      l ^= this.f(r);
    }
    l ^= p[1] as number;
    r ^= p[0] as number;
    block[offset] = r;
    block[offset + 1] = l;
  }

  /** Re-encrypts P and S chained from a zero block, XORing in `data` words if given. */
  private rekey(data: Uint8Array | undefined): void {
    const cursor = { at: 0 };
    const block = new Uint32Array(2);
    const fill = (target: Uint32Array) => {
      for (let i = 0; i < target.length; i += 2) {
        if (data) {
          block[0] = (block[0] as number) ^ streamToWord(data, cursor);
          block[1] = (block[1] as number) ^ streamToWord(data, cursor);
        }
        this.encryptBlock(block);
        target[i] = block[0] as number;
        target[i + 1] = block[1] as number;
      }
    };
    fill(this.p);
    fill(this.s);
  }

  private xorKey(key: Uint8Array): void {
    const cursor = { at: 0 };
    for (let i = 0; i < P_WORDS; i++) this.p[i] = (this.p[i] as number) ^ streamToWord(key, cursor);
  }

  /** Eksblowfish `ExpandKey(state, salt, key)` (blf.c `Blowfish_expandstate`). */
  expandState(data: Uint8Array, key: Uint8Array): void {
    this.xorKey(key);
    this.rekey(data);
  }

  /** Eksblowfish `ExpandKey(state, 0, key)` (blf.c `Blowfish_expand0state`). */
  expand0State(key: Uint8Array): void {
    this.xorKey(key);
    this.rekey(undefined);
  }
}
