/**
 * curve25519-sha256 (RFC 8731): X25519 ECDH with the shared secret encoded as
 * an mpint of the 32 output bytes read as an unsigned big-endian integer.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { CryptoError } from '../errors.js';
import { defaultRandom } from '../random.js';
import { directOutcome, encodeSharedSecretMpint } from './exchange-hash.js';
import type { DirectKexSpec, KexOptions } from './types.js';

const KEY_BYTES = 32;

/**
 * X25519 of our secret and the peer's public value.
 * RFC 8731 §3: "Clients and servers MUST also abort if the length of the
 * received public keys are not the expected lengths" and "MUST check whether
 * the computed secret consists of all zero bytes".
 */
export function x25519Shared(secret: Uint8Array, peer: Uint8Array): Uint8Array {
  if (peer.length !== KEY_BYTES)
    throw new CryptoError('invalid-public-value', 'X25519 public value must be 32 bytes');
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secret, peer);
  } catch (cause) {
    // noble rejects low-order points, whose output is all zero.
    throw new CryptoError('degenerate-secret', 'X25519 shared secret is all zero', { cause });
  }
  let acc = 0;
  for (const b of shared) acc |= b;
  if (acc === 0) throw new CryptoError('degenerate-secret', 'X25519 shared secret is all zero');
  return shared;
}

/** A fresh X25519 key pair from `random`. */
export function x25519KeyPair(random: KexOptions['random']): { secret: Uint8Array; publicValue: Uint8Array } {
  const secret = (random ?? defaultRandom)(KEY_BYTES);
  return { secret, publicValue: x25519.getPublicKey(secret) };
}

/** The curve25519-sha256 method under `name` (also registered as the @libssh.org alias). */
export function curve25519Kex(name: string): DirectKexSpec {
  return Object.freeze({
    name,
    kind: 'direct' as const,
    legacy: false,
    hash: 'sha256' as const,
    sharedSecretEncoding: 'mpint' as const,
    client(options: KexOptions = {}) {
      const { secret, publicValue } = x25519KeyPair(options.random);
      return {
        publicValue,
        finish: (serverPublic: Uint8Array) =>
          directOutcome(
            'sha256',
            publicValue,
            serverPublic,
            encodeSharedSecretMpint(x25519Shared(secret, serverPublic)),
          ),
      };
    },
    server(options: KexOptions = {}) {
      return {
        respond(clientPublic: Uint8Array) {
          const { secret, publicValue } = x25519KeyPair(options.random);
          const shared = x25519Shared(secret, clientPublic);
          return directOutcome('sha256', clientPublic, publicValue, encodeSharedSecretMpint(shared));
        },
      };
    },
  });
}
