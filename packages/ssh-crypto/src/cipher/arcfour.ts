// RC4 ("arcfour"): RFC 4253 §6.3 `arcfour` (16-byte key, keystream used from
// its first byte) and RFC 4345 `arcfour128` / `arcfour256`, which discard the
// first 1536 keystream bytes. State is a Uint32Array permutation; nothing is
// allocated per byte or per call.

/** Keystream bytes RFC 4345 §4 discards before use. */
export const ARCFOUR_DISCARD = 1536;

/** A running RC4 keystream. */
export class Arcfour {
  private readonly s = new Uint32Array(256);
  private i = 0;
  private j = 0;

  /**
   * Runs the RC4 key schedule, then discards `discard` keystream bytes.
   * @param key - 1 to 256 bytes
   * @param discard - bytes to drop (0 for `arcfour`, 1536 for `arcfour128/256`)
   * @throws RangeError on an empty or over-long key
   */
  constructor(key: Uint8Array, discard = 0) {
    if (key.length === 0 || key.length > 256) throw new RangeError('RC4 key: expected 1 to 256 bytes');
    const s = this.s;
    for (let k = 0; k < 256; k++) s[k] = k;
    let j = 0;
    for (let k = 0; k < 256; k++) {
      const sk = s[k] as number;
      j = (j + sk + (key[k % key.length] as number)) & 0xff;
      s[k] = s[j] as number;
      s[j] = sk;
    }
    if (discard > 0) this.xor(new Uint8Array(discard));
  }

  /**
   * XORs the next `data.length` keystream bytes into `data`, in place.
   * @param data - any length
   * @returns `data`
   */
  xor(data: Uint8Array): Uint8Array {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    for (let n = 0; n < data.length; n++) {
      i = (i + 1) & 0xff;
      const si = s[i] as number;
      j = (j + si) & 0xff;
      const sj = s[j] as number;
      s[i] = sj;
      s[j] = si;
      data[n] = (data[n] as number) ^ (s[(si + sj) & 0xff] as number);
    }
    this.i = i;
    this.j = j;
    return data;
  }

  /**
   * The same as {@link Arcfour.xor} (RC4 here always works in place).
   * @param data - any length
   */
  xorInPlace(data: Uint8Array): void {
    this.xor(data);
  }
}
