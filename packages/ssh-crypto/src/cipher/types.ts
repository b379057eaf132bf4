/**
 * The shapes the transport drives packet by packet (RFC 4253 §6).
 *
 * Two kinds of cipher exist, told apart by `aead`:
 *
 * - **stream/block** (`aead: false`: aes*-ctr, aes*-cbc, none): a running
 *   state that encrypts or decrypts whole blocks in place; integrity comes
 *   from a separately negotiated MAC (`../mac`).
 * - **AEAD** (`aead: true`: chacha20-poly1305@openssh.com, aes*-gcm@openssh.com):
 *   encrypts and authenticates a whole packet in place, tag after it; the
 *   negotiated MAC is ignored (RFC 5647 §5.1; OpenSSH PROTOCOL.chacha20poly1305).
 *
 * `createPacketSealer` / `createPacketOpener` (./packet.ts) compose a cipher
 * with a MAC into the exact per-packet call pattern.
 */

/** Whether a cipher state seals outgoing packets or opens incoming ones. */
export type Direction = 'encrypt' | 'decrypt';

/** Fields every cipher entry carries. */
export interface CipherInfo {
  /** The SSH wire name. */
  readonly name: string;
  /** Bytes of key material to derive (RFC 4253 §7.2, letters C/D). */
  readonly keyLength: number;
  /** Bytes of IV to derive (letters A/B); 0 when the cipher takes none. */
  readonly ivLength: number;
  /**
   * Padding multiple (RFC 4253 §6: "a multiple of the cipher block size or 8,
   * whichever is larger"). For AEAD ciphers and `-etm` MACs the 4 length
   * bytes are left out of the aligned region (OpenSSH `aadlen`).
   */
  readonly blockSize: number;
  /**
   * Bits in one block of the underlying block cipher: 128 for AES, 64 for
   * 3DES, Blowfish and CAST-128; 0 for stream ciphers (ChaCha20, RC4, none).
   * RFC 4344 §3.2 asks for a rekey at least every 2^(cipherBlockBits / 4)
   * blocks: see `rekeyBlockLimit`.
   */
  readonly cipherBlockBits: number;
  /** Bytes of tag after an AEAD packet; 0 for non-AEAD ciphers. */
  readonly tagLength: number;
  /** Insecure or obsolete: implemented, never in the defaults (CONVENTIONS rule 5). */
  readonly legacy: boolean;
}

/** A running stream or block-cipher state (one direction of one connection). */
export interface StreamCipherState {
  /**
   * Encrypts or decrypts `data`, continuing from the previous call (CTR keeps
   * its counter, CBC its chaining block).
   * @param data - a whole number of `blockSize` blocks
   * @returns the result: `data` itself, transformed in place, or a fresh buffer
   *   the caller owns (`data` is then unchanged; the Node backend's AES-CTR)
   * @throws CryptoError `bad-length` when `data` is not block-aligned
   */
  update(data: Uint8Array): Uint8Array;
  /**
   * Like {@link StreamCipherState.update}, with the result always in `data`.
   * @param data - a whole number of `blockSize` blocks
   * @throws CryptoError `bad-length` when `data` is not block-aligned
   */
  updateInPlace(data: Uint8Array): void;
}

/** A cipher that needs a MAC: aes*-ctr, aes*-cbc, none. */
export interface StreamCipherSpec extends CipherInfo {
  readonly aead: false;
  /**
   * Starts a running state.
   * @param key - `keyLength` bytes
   * @param iv - `ivLength` bytes
   * @param direction - encrypt or decrypt
   * @returns the state
   * @throws CryptoError `invalid-key` on a wrong key or IV length
   */
  create(key: Uint8Array, iv: Uint8Array, direction: Direction): StreamCipherState;
}

/**
 * A running AEAD state. `packet` is always the packet as on the wire:
 * `uint32 packet_length || body (packet_length bytes) || tag (tagLength bytes)`.
 */
export interface AeadCipherState {
  /**
   * Reads the packet length from the first 4 bytes of an incoming packet
   * without changing them (GCM: clear; chacha20-poly1305: decrypted with K_1).
   * @param seq - the packet's sequence number (uint32)
   * @param packet - at least 4 bytes
   * @returns packet_length, not yet authenticated
   */
  decryptLength(seq: number, packet: Uint8Array): number;
  /**
   * Encrypts the packet in place and writes its tag after it.
   * @param seq - the packet's sequence number (uint32)
   * @param packet - length || plaintext body || room for the tag
   */
  seal(seq: number, packet: Uint8Array): void;
  /**
   * Verifies the tag and, only then, decrypts the packet body.
   * @param seq - the packet's sequence number (uint32)
   * @param packet - length || ciphertext body || tag
   * @returns the plaintext body (`padding_length || payload || padding`, the bytes between the
   *   length field and the tag): a view of `packet` decrypted in place, or a fresh buffer the
   *   caller owns; the rest of `packet` is left unspecified
   * @throws CryptoError `bad-tag` when the tag does not verify; `bad-length` when `packet` is too short
   */
  open(seq: number, packet: Uint8Array): Uint8Array;
}

/** An AEAD cipher: chacha20-poly1305@openssh.com, aes*-gcm@openssh.com. */
export interface AeadCipherSpec extends CipherInfo {
  readonly aead: true;
  /**
   * Starts a running state.
   * @param key - `keyLength` bytes
   * @param iv - `ivLength` bytes
   * @param direction - encrypt or decrypt (AEAD states can do both; kept for symmetry)
   * @returns the state
   * @throws CryptoError `invalid-key` on a wrong key or IV length
   */
  create(key: Uint8Array, iv: Uint8Array, direction: Direction): AeadCipherState;
}

/** Any registry entry. */
export type CipherSpec = StreamCipherSpec | AeadCipherSpec;
