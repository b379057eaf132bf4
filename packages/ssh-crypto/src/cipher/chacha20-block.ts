// One ChaCha20 block (RFC 8439 §2.3, the original variant's state: 64-bit block
// counter in words 12-13, 64-bit nonce in words 14-15), in plain JavaScript.
// chacha20-poly1305@openssh.com needs one block per packet under each key (the
// length field under K_1, the Poly1305 key under K_2); computing those here
// costs well under a microsecond, less than setting up a backend cipher for them.

const WORDS = 16;
const ROUNDS = 20;

/** The keystream blocks of one 256-bit ChaCha20 key. */
export class ChaCha20Block {
  private readonly key = new Uint32Array(8);
  private readonly words = new Uint32Array(WORDS);
  private readonly work = new Uint32Array(WORDS);
  /** The last block computed; overwritten by the next call. */
  readonly output = new Uint8Array(WORDS * 4);
  private readonly out = new DataView(this.output.buffer);

  /** @param key - 32 bytes */
  constructor(key: Uint8Array) {
    const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
    for (let i = 0; i < 8; i++) this.key[i] = view.getUint32(i * 4, true);
  }

  /**
   * Computes the block for `nonce` and `counter` into {@link output}.
   * @param nonce - 8 bytes
   * @param counter - block number, below 2^53
   * @returns {@link output}
   */
  compute(nonce: Uint8Array, counter: number): Uint8Array {
    const s = this.words;
    s[0] = 0x61707865; // "expand 32-byte k"
    s[1] = 0x3320646e;
    s[2] = 0x79622d32;
    s[3] = 0x6b206574;
    s.set(this.key, 4);
    s[12] = counter >>> 0;
    s[13] = Math.floor(counter / 0x100000000) >>> 0;
    s[14] = littleEndian32(nonce, 0);
    s[15] = littleEndian32(nonce, 4);
    const x = this.work;
    x.set(s);
    for (let r = 0; r < ROUNDS; r += 2) {
      quarterRound(x, 0, 4, 8, 12); // columns
      quarterRound(x, 1, 5, 9, 13);
      quarterRound(x, 2, 6, 10, 14);
      quarterRound(x, 3, 7, 11, 15);
      quarterRound(x, 0, 5, 10, 15); // diagonals
      quarterRound(x, 1, 6, 11, 12);
      quarterRound(x, 2, 7, 8, 13);
      quarterRound(x, 3, 4, 9, 14);
    }
    for (let i = 0; i < WORDS; i++)
      this.out.setUint32(i * 4, ((x[i] as number) + (s[i] as number)) >>> 0, true);
    return this.output;
  }
}

/** Read byte by byte: no DataView per call (this runs twice per packet). */
function littleEndian32(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) |
      ((b[at + 1] as number) << 8) |
      ((b[at + 2] as number) << 16) |
      ((b[at + 3] as number) << 24)) >>>
    0
  );
}

/** RFC 8439 §2.1; Uint32Array stores wrap the sums to 32 bits. */
function quarterRound(x: Uint32Array, a: number, b: number, c: number, d: number): void {
  x[a] = (x[a] as number) + (x[b] as number);
  x[d] = rotl((x[d] as number) ^ (x[a] as number), 16);
  x[c] = (x[c] as number) + (x[d] as number);
  x[b] = rotl((x[b] as number) ^ (x[c] as number), 12);
  x[a] = (x[a] as number) + (x[b] as number);
  x[d] = rotl((x[d] as number) ^ (x[a] as number), 8);
  x[c] = (x[c] as number) + (x[d] as number);
  x[b] = rotl((x[b] as number) ^ (x[c] as number), 7);
}

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}
