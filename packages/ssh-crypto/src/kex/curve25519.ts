/**
 * X25519 (RFC 7748) as curve25519-sha256 and the hybrids use it, on noble,
 * with the RFC 8731 §3 checks every implementation shares.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { CryptoError } from '../errors.js';
import type { EphemeralKeyGen } from './ephemeral.js';

/** Bytes of an X25519 secret, public value and output. */
export const X25519_BYTES = 32;

/**
 * RFC 8731 §3: "Clients and servers MUST also abort if the length of the
 * received public keys are not the expected lengths."
 * @throws CryptoError('invalid-public-value')
 */
export function checkX25519Peer(peer: Uint8Array): void {
  if (peer.length !== X25519_BYTES)
    throw new CryptoError('invalid-public-value', 'X25519 public value must be 32 bytes');
}

/**
 * RFC 8731 §3: implementations "MUST check whether the computed secret
 * consists of all zero bytes" (what a low-order peer point yields).
 * @param cause - why the X25519 call itself failed, when it did
 */
export function allZeroSecret(cause?: unknown): CryptoError {
  return new CryptoError('degenerate-secret', 'X25519 shared secret is all zero', { cause });
}

/**
 * Returns `shared` unless it is all zero.
 * @throws CryptoError('degenerate-secret')
 */
export function rejectAllZero(shared: Uint8Array): Uint8Array {
  let acc = 0;
  for (const b of shared) acc |= b;
  if (acc === 0) throw allZeroSecret();
  return shared;
}

/** X25519 on noble: the secret is 32 bytes from `random`. */
export const nobleX25519: EphemeralKeyGen = (random) => {
  const secret = random(X25519_BYTES);
  return {
    publicValue: x25519.getPublicKey(secret),
    agree(peer: Uint8Array): Uint8Array {
      checkX25519Peer(peer);
      let shared: Uint8Array;
      try {
        shared = x25519.getSharedSecret(secret, peer);
      } catch (cause) {
        // noble refuses low-order points itself: their output is all zero.
        throw allZeroSecret(cause);
      }
      return rejectAllZero(shared);
    },
  };
};
