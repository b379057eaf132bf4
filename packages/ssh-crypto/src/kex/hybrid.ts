/**
 * Post-quantum hybrid key exchanges: a KEM combined with X25519.
 *
 * - `mlkem768x25519-sha256` (draft-ietf-sshm-mlkem-hybrid-kex, OpenSSH 9.9+
 *   `kexmlkem768x25519.c`)
 * - `sntrup761x25519-sha512` and `sntrup761x25519-sha512@openssh.com`
 *   (OpenSSH 9.0+ `kexsntrup761x25519.c`)
 *
 * The client sends C_INIT = KEM public key || X25519 public key (32); the
 * server answers S_REPLY = KEM ciphertext || X25519 public key (32). Both
 * compute K = HASH(KEM shared secret || X25519 shared secret) — the KEM
 * secret first, as OpenSSH concatenates them — and K enters H and the key
 * derivation as a `string`. H's method fields are `string C_INIT || string
 * S_REPLY`.
 */
import { concatBytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { getHash, type HashName } from '../hash/registry.js';
import { defaultRandom } from '../random.js';
import { X25519_BYTES } from './curve25519.js';
import type { EphemeralKeyGen } from './ephemeral.js';
import { directOutcome, encodeSharedSecretString } from './exchange-hash.js';
import type { Kem } from './kem.js';
import type { DirectKexSpec, KexOptions, KexOutcome } from './types.js';

/** K = string(HASH(kemSecret || x25519Secret)). */
function combine(hash: HashName, kemSecret: Uint8Array, x25519Secret: Uint8Array): Uint8Array {
  return encodeSharedSecretString(getHash(hash).digest(concatBytes(kemSecret, x25519Secret)));
}

/** A `<kem>x25519-<hash>` method, with X25519 from `x25519`. */
export function hybridKex(name: string, kem: Kem, hash: HashName, x25519: EphemeralKeyGen): DirectKexSpec {
  const clientBytes = kem.publicKeyBytes + X25519_BYTES;
  const serverBytes = kem.ciphertextBytes + X25519_BYTES;
  return Object.freeze({
    name,
    kind: 'direct' as const,
    legacy: false,
    hash,
    sharedSecretEncoding: 'string' as const,
    client(options: KexOptions = {}) {
      const random = options.random ?? defaultRandom;
      const kemKeys = kem.keyPair(random);
      const ecdh = x25519(random);
      const publicValue = concatBytes(kemKeys.publicKey, ecdh.publicValue);
      return {
        publicValue,
        finish(serverPublic: Uint8Array): KexOutcome {
          if (serverPublic.length !== serverBytes) {
            throw new CryptoError(
              'invalid-public-value',
              `${name}: server reply must be ${serverBytes} bytes`,
            );
          }
          const kemSecret = kem.decapsulate(serverPublic.subarray(0, kem.ciphertextBytes), kemKeys.secretKey);
          const ecdhSecret = ecdh.agree(serverPublic.subarray(kem.ciphertextBytes));
          return directOutcome(hash, publicValue, serverPublic, combine(hash, kemSecret, ecdhSecret));
        },
      };
    },
    server(options: KexOptions = {}) {
      const random = options.random ?? defaultRandom;
      return {
        respond(clientPublic: Uint8Array): KexOutcome {
          if (clientPublic.length !== clientBytes) {
            throw new CryptoError(
              'invalid-public-value',
              `${name}: client value must be ${clientBytes} bytes`,
            );
          }
          const { ciphertext, sharedSecret } = kem.encapsulate(
            clientPublic.subarray(0, kem.publicKeyBytes),
            random,
          );
          const ecdh = x25519(random);
          const ecdhSecret = ecdh.agree(clientPublic.subarray(kem.publicKeyBytes));
          const serverPublic = concatBytes(ciphertext, ecdh.publicValue);
          return directOutcome(hash, clientPublic, serverPublic, combine(hash, sharedSecret, ecdhSecret));
        },
      };
    },
  });
}
