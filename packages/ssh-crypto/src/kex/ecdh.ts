/**
 * The ECDH-shaped methods: curve25519-sha256 (RFC 8731) and
 * ecdh-sha2-nistp256/384/521 (RFC 5656 §4). One public value each way, K is
 * the raw shared secret read as an unsigned big-endian integer and encoded as
 * an mpint.
 */
import type { HashName } from '../hash/registry.js';
import { defaultRandom } from '../random.js';
import type { EphemeralKeyGen } from './ephemeral.js';
import { directOutcome, encodeSharedSecretMpint } from './exchange-hash.js';
import type { DirectKexSpec, KexOptions, KexOutcome } from './types.js';

/** A direct method named `name` over the key agreement `keyGen`. */
export function ecdhKex(name: string, hash: HashName, keyGen: EphemeralKeyGen): DirectKexSpec {
  return Object.freeze({
    name,
    kind: 'direct' as const,
    legacy: false,
    hash,
    sharedSecretEncoding: 'mpint' as const,
    client(options: KexOptions = {}) {
      const key = keyGen(options.random ?? defaultRandom);
      return {
        publicValue: key.publicValue,
        finish: (serverPublic: Uint8Array): KexOutcome =>
          directOutcome(
            hash,
            key.publicValue,
            serverPublic,
            encodeSharedSecretMpint(key.agree(serverPublic)),
          ),
      };
    },
    server(options: KexOptions = {}) {
      return {
        respond(clientPublic: Uint8Array): KexOutcome {
          const key = keyGen(options.random ?? defaultRandom);
          const shared = encodeSharedSecretMpint(key.agree(clientPublic));
          return directOutcome(hash, clientPublic, key.publicValue, shared);
        },
      };
    },
  });
}
