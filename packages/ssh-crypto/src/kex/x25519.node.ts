/**
 * X25519 on OpenSSL (node:crypto) for the Node entry point. With the default
 * randomness the key pair is generated inside OpenSSL and the secret never
 * enters JavaScript: we hold an opaque KeyObject and export only the public
 * value. Any other `random` (tests with deterministic randomness) is drawn
 * from and imported, so results stay reproducible from it.
 */
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { defaultRandom, type RandomSource } from '../random.js';
import { allZeroSecret, checkX25519Peer, rejectAllZero, X25519_BYTES } from './curve25519.js';
import type { EphemeralKeyGen } from './ephemeral.js';

// RFC 8410 §7 OneAsymmetricKey for id-X25519 (1.3.101.110) up to the 32 secret bytes.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

function keyPair(random: RandomSource): { privateKey: KeyObject; publicKey: KeyObject } {
  if (random === defaultRandom) return generateKeyPairSync('x25519');
  // Slow (OpenSSL's DER decoder, ~0.4 ms), but only injected randomness comes here.
  const der = Buffer.concat([PKCS8_PREFIX, random(X25519_BYTES)]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  der.fill(0);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

// Raw keys go through JWK: OpenSSL reads and writes it an order of magnitude
// faster than SPKI DER (~7 µs against ~90 µs per import here).
const b64u = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64url');

/** X25519 on OpenSSL; same checks and errors as the noble version. */
export const nodeX25519: EphemeralKeyGen = (random) => {
  const { privateKey, publicKey } = keyPair(random);
  return {
    publicValue: new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')),
    agree(peer: Uint8Array): Uint8Array {
      checkX25519Peer(peer);
      // Every 32-byte string is a valid u-coordinate (RFC 7748 §5), so the import cannot fail.
      const peerKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64u(peer) }, format: 'jwk' });
      let shared: Uint8Array;
      try {
        shared = diffieHellman({ privateKey, publicKey: peerKey });
      } catch (cause) {
        // OpenSSL fails the derivation exactly when the output is all zero.
        throw allZeroSecret(cause);
      }
      return rejectAllZero(shared);
    },
  };
};
