/**
 * The one Diffie–Hellman step X25519 and the NIST curves share, as a small
 * interface so each entry point can supply its own implementation: noble in
 * the portable entry, OpenSSL (node:crypto) in the Node one.
 */
import type { RandomSource } from '../random.js';
import type { NistCurve } from '../sign/nist-curves.js';

/** An ephemeral key pair whose secret stays inside the object (on Node, inside OpenSSL). */
export interface EphemeralKey {
  /** Our public value as it goes on the wire (32 bytes for X25519, an uncompressed SEC1 point otherwise). */
  readonly publicValue: Uint8Array;
  /**
   * The raw shared secret with the peer's public value (X25519 output, or the
   * shared point's x coordinate).
   * @throws CryptoError('invalid-public-value' | 'degenerate-secret')
   */
  agree(peer: Uint8Array): Uint8Array;
}

/** Makes an ephemeral key pair with its secret drawn from `random`. */
export type EphemeralKeyGen = (random: RandomSource) => EphemeralKey;

/** The key agreements a key exchange registry is built on. */
export interface KexPrimitives {
  readonly x25519: EphemeralKeyGen;
  readonly ecdh: (curve: NistCurve) => EphemeralKeyGen;
}
