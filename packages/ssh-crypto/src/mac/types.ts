/**
 * MACs (RFC 4253 §6.4). For HMAC the MAC input starts with the packet's
 * uint32 sequence number; UMAC (OpenSSH umac-64/umac-128) instead uses
 * uint64(seq), big-endian, as its nonce and MACs the data alone:
 *
 * - classic (encrypt-and-MAC): `mac = MAC(key, uint32 seq || plaintext packet)`,
 *   the packet being `uint32 packet_length || padding_length || payload || padding`;
 * - `-etm@openssh.com` (encrypt-then-MAC, OpenSSH PROTOCOL §1.5): the length
 *   stays in the clear and `mac = MAC(key, uint32 seq || packet_length || ciphertext)`.
 */

/** A registry entry. */
export interface MacSpec {
  /** The SSH wire name. */
  readonly name: string;
  /** Bytes of key material to derive (RFC 4253 §7.2, letters E/F). */
  readonly keyLength: number;
  /** Bytes of MAC sent after each packet (12 for the truncated `-96` forms). */
  readonly length: number;
  /** Encrypt-then-MAC: the MAC covers the clear length and the ciphertext. */
  readonly etm: boolean;
  /** Insecure or obsolete: implemented, never in the defaults (CONVENTIONS rule 5). */
  readonly legacy: boolean;
  /**
   * Keys a running MAC state.
   * @param key - `keyLength` bytes
   * @returns the state
   * @throws CryptoError `invalid-key` on a wrong key length
   */
  create(key: Uint8Array): MacState;
}

/** A keyed MAC (one direction of one connection). */
export interface MacState {
  /** Bytes written by {@link MacState.compute}. */
  readonly length: number;
  /**
   * Writes MAC(key, uint32 `seq` || `data`) into `out[0, length)` (UMAC:
   * UMAC(key, nonce = uint64 `seq`, `data`)).
   * @param seq - sequence number (uint32)
   * @param data - the MACed bytes (see the module comment for which)
   * @param out - at least `length` bytes, usually the space after the packet
   */
  compute(seq: number, data: Uint8Array, out: Uint8Array): void;
  /**
   * Checks `mac` against the MAC of `seq` and `data` (as in {@link MacState.compute}) in constant time.
   * @param seq - sequence number (uint32)
   * @param data - the MACed bytes
   * @param mac - the received MAC, `length` bytes
   * @throws CryptoError `bad-mac` when it does not match
   */
  verify(seq: number, data: Uint8Array, mac: Uint8Array): void;
}
