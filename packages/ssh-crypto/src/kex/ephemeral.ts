/**
 * The one Diffie–Hellman step X25519, the NIST curves and finite-field DH
 * share, as a small interface so each entry point can supply its own
 * implementation: noble and bigint in the portable entry, OpenSSL
 * (node:crypto) in the Node one.
 */
import type { RandomSource } from '../random.js';
import type { NistCurve } from '../sign/nist-curves.js';
import type { DhGroup } from './types.js';

/** An ephemeral key pair whose secret stays inside the object (on Node, inside OpenSSL). */
export interface EphemeralKey {
  /**
   * Our public value as it goes on the wire: 32 bytes for X25519, an
   * uncompressed SEC1 point for ECDH, the body of `mpint e` for DH.
   */
  readonly publicValue: Uint8Array;
  /**
   * The raw shared secret with the peer's public value (X25519 output, the
   * shared point's x coordinate, or DH's K), unsigned big-endian.
   * @throws CryptoError('invalid-public-value' | 'degenerate-secret'), WireError for a malformed DH mpint
   */
  agree(peer: Uint8Array): Uint8Array;
}

/** Makes an ephemeral key pair with its secret drawn from `random`. */
export type EphemeralKeyGen = (random: RandomSource) => EphemeralKey;

/**
 * Makes a finite-field DH key pair in `group` with an exponent of
 * `exponentBits` random bits drawn from `random`.
 */
export type DhKeyGen = (group: DhGroup, exponentBits: number, random: RandomSource) => EphemeralKey;

/** The key agreements a key exchange registry is built on. */
export interface KexPrimitives {
  readonly x25519: EphemeralKeyGen;
  readonly ecdh: (curve: NistCurve) => EphemeralKeyGen;
  readonly dh: DhKeyGen;
}
