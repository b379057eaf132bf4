/**
 * ssh-ed25519 (RFC 8709). OpenSSH private section (PROTOCOL.key, sshkey.c):
 * `string pk(32) || string sk(64) = seed || pk`.
 */

import { bytesEqual } from '../bytes.js';
import { ed25519KeyFromSeed, generateEd25519Key, type PrivateKey } from '../crypto.js';
import { KeyImportError } from '../errors.js';
import type { KeyAlgorithm } from './types.js';

const KEY_BYTES = 32;

/** The ssh-ed25519 entry. */
export const ed25519Algorithm: KeyAlgorithm = Object.freeze<KeyAlgorithm>({
  type: 'ssh-ed25519',
  kind: 'ed25519',
  defaultSignatureAlgorithm: 'ssh-ed25519',
  bits: () => 256,
  readPrivate(r) {
    const pk = r.string();
    const sk = r.string();
    if (pk.length !== KEY_BYTES || sk.length !== 2 * KEY_BYTES) {
      throw new KeyImportError('corrupted', 'ssh-ed25519: bad private key lengths');
    }
    const key = ed25519KeyFromSeed(sk.slice(0, KEY_BYTES));
    if (!bytesEqual(key.publicKey, pk) || !bytesEqual(sk.subarray(KEY_BYTES), pk)) {
      throw new KeyImportError('invalid-key', 'ssh-ed25519: public key does not match the seed');
    }
    return key;
  },
  writePrivate(w, key: PrivateKey) {
    if (key.kind !== 'ed25519') throw new TypeError('ssh-ed25519: wrong key kind');
    const sk = new Uint8Array(2 * KEY_BYTES);
    sk.set(key.seed);
    sk.set(key.publicKey, KEY_BYTES);
    w.string(key.publicKey).string(sk);
  },
  generate: ({ random }) => generateEd25519Key(random ? { random } : {}),
});
