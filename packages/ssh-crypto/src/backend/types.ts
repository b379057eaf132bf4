/**
 * The bulk primitives the cipher and MAC registries are built from. Two
 * implementations exist: `nobleBackend` (portable, `@noble/*`) and
 * `nodeBackend` (Node's `node:crypto`, i.e. OpenSSL with AES-NI), from the
 * `"node"` export condition. Both pass the same known-answer suite.
 *
 * Every method works in place on caller-owned buffers so the transport can
 * encrypt and MAC a packet where it was built. Inputs are trusted to have the
 * documented lengths: the registry layer above checks them.
 */

/** A hash usable in HMAC. */
export type HmacHashName = 'md5' | 'sha1' | 'sha256' | 'sha512';

/** Output length in bytes of each {@link HmacHashName}. */
export const HMAC_HASH_LENGTH: Readonly<Record<HmacHashName, number>> = Object.freeze({
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha512: 64,
});

/**
 * A keyed, stateful keystream (AES-CTR, RC4): each call continues where the previous one stopped.
 *
 * Like every primitive here that may return a fresh buffer, `xor` either works
 * in place and returns `data` itself, or leaves `data` unchanged and returns a
 * new buffer the caller owns (OpenSSL through `node:crypto` always allocates
 * its output; copying it back would be a second pass over every byte).
 */
export interface StreamCipher {
  /**
   * XORs the next keystream bytes with `data`.
   * @param data - bytes to encrypt or decrypt; a multiple of 16 bytes for AES-CTR
   *   except in the last call, any length for RC4
   * @returns the result: `data` itself, or a fresh buffer of the same length
   */
  xor(data: Uint8Array): Uint8Array;
  /**
   * Like {@link StreamCipher.xor}, with the result always in `data` (no buffer
   * escapes, so a backend that allocates can release its own at once).
   * @param data - as for `xor`
   */
  xorInPlace(data: Uint8Array): void;
}

/** A keyed, stateful CBC chain: the IV carries over from one call to the next. */
export interface ChainedBlockCipher {
  /**
   * Encrypts or decrypts `data` in place (the direction is fixed at creation).
   * @param data - whole blocks
   */
  processInPlace(data: Uint8Array): void;
}

/** AES-GCM under one key, with the nonce and AAD given per call. */
export interface GcmCipher {
  /**
   * Encrypts `buf[0, buf.length - 16)` in place and writes the tag to the last 16 bytes.
   * @param nonce - 12-byte nonce
   * @param aad - additional authenticated data
   * @param buf - plaintext followed by 16 bytes of room for the tag
   */
  sealInPlace(nonce: Uint8Array, aad: Uint8Array, buf: Uint8Array): void;
  /**
   * Verifies the last 16 bytes of `buf` as the tag of the bytes before them
   * and, only when it verifies, decrypts those bytes.
   * @param nonce - 12-byte nonce
   * @param aad - additional authenticated data
   * @param buf - ciphertext followed by the 16-byte tag
   * @returns the plaintext (`buf.length - 16` bytes: a view of `buf` decrypted in place, or a
   *   fresh buffer), or undefined when the tag did not verify (`buf` is then unchanged)
   */
  open(nonce: Uint8Array, aad: Uint8Array, buf: Uint8Array): Uint8Array | undefined;
}

/** ChaCha20 with the original 64-bit nonce and 64-bit block counter (as OpenSSH uses it). */
export interface ChaCha20 {
  /**
   * XORs the keystream for `nonce` starting at block `counter` with `data`.
   * @param nonce - 8-byte nonce
   * @param counter - initial block counter (0 or 1 in SSH)
   * @param data - bytes to encrypt or decrypt
   * @returns the result: `data` itself, or a fresh buffer (see {@link StreamCipher})
   */
  xor(nonce: Uint8Array, counter: number, data: Uint8Array): Uint8Array;
  /**
   * Like {@link ChaCha20.xor}, with the result always in `data`.
   * @param nonce - 8-byte nonce
   * @param counter - initial block counter
   * @param data - bytes to encrypt or decrypt in place
   */
  xorInPlace(nonce: Uint8Array, counter: number, data: Uint8Array): void;
}

/** HMAC under one key. */
export interface Hmac {
  /** Tag length of the full (untruncated) HMAC. */
  readonly outputLength: number;
  /**
   * Computes HMAC(key, `prefix` || `data`) into `out[0, outputLength)`.
   * @param prefix - first part of the message (the 4-byte sequence number in SSH)
   * @param data - rest of the message
   * @param out - at least `outputLength` bytes
   */
  computeInto(prefix: Uint8Array, data: Uint8Array, out: Uint8Array): void;
}

/**
 * A set of bulk primitives. Build registries from one with
 * `createCipherRegistry(backend)` and `createMacRegistry(backend)`.
 */
export interface CryptoBackend {
  /** Shown in benchmarks and test names. */
  readonly name: string;
  /**
   * @param key - 16, 24 or 32 bytes
   * @param iv - 16-byte initial counter block (big-endian, incremented per block)
   */
  aesCtr(key: Uint8Array, iv: Uint8Array): StreamCipher;
  /**
   * @param key - 16, 24 or 32 bytes
   * @param iv - 16-byte initial vector
   * @param decrypt - direction
   */
  aesCbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher;
  /** @param key - 16 or 32 bytes */
  aesGcm(key: Uint8Array): GcmCipher;
  /** @param key - 32 bytes */
  chacha20(key: Uint8Array): ChaCha20;
  /**
   * Poly1305 (RFC 8439 §2.5) one-shot.
   * @param key - 32-byte one-time key
   * @param data - message
   * @param out - receives the 16-byte tag
   */
  poly1305(key: Uint8Array, data: Uint8Array, out: Uint8Array): void;
  /**
   * @param hash - which hash
   * @param key - HMAC key
   */
  hmac(hash: HmacHashName, key: Uint8Array): Hmac;
  /**
   * Three-key DES-EDE3 in outer CBC mode (SP 800-67; SSH `3des-cbc`).
   * @param key - 24 bytes, K1 || K2 || K3
   * @param iv - 8-byte initial vector
   * @param decrypt - direction
   */
  tripleDesCbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher;
  /**
   * Blowfish in CBC mode (SSH `blowfish-cbc`).
   * @param key - 1 to 72 bytes (16 in SSH)
   * @param iv - 8-byte initial vector
   * @param decrypt - direction
   */
  blowfishCbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher;
  /**
   * CAST-128 (RFC 2144) in CBC mode (SSH `cast128-cbc`).
   * @param key - 16 bytes
   * @param iv - 8-byte initial vector
   * @param decrypt - direction
   */
  cast128Cbc(key: Uint8Array, iv: Uint8Array, decrypt: boolean): ChainedBlockCipher;
  /**
   * RC4 keystream (SSH `arcfour`, `arcfour128`, `arcfour256`).
   * @param key - 1 to 256 bytes
   * @param discard - leading keystream bytes to drop (RFC 4345: 1536; plain `arcfour`: 0)
   */
  arcfour(key: Uint8Array, discard: number): StreamCipher;
}
