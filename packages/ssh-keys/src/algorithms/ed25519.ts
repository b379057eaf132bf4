/**
 * ssh-ed25519 (RFC 8709) and ssh-ed448 (RFC 8709; not in OpenSSH, which has
 * no Ed448, but in AsyncSSH and PuTTY). OpenSSH private section (PROTOCOL.key,
 * sshkey.c), the same layout for both: `string pk || string sk = seed || pk`.
 * PuTTY private blob (sshecc.c eddsa_private_blob): the seed read as a
 * little-endian integer, written in a `string` with its high zero bytes (the
 * seed's trailing zeros) left out.
 */

import type { WireWriter } from '@sshkit/ssh-wire';
import { bytesEqual } from '../bytes.js';
import {
  ed448KeyFromSeed,
  ed25519KeyFromSeed,
  generateEd448Key,
  generateEd25519Key,
  type PrivateKey,
} from '../crypto.js';
import { KeyImportError } from '../errors.js';
import type { KeyAlgorithm } from './types.js';

function eddsaAlgorithm(
  type: string,
  kind: 'ed25519' | 'ed448',
  keyBytes: number,
  bits: number,
  fromSeed: (seed: Uint8Array) => PrivateKey & { publicKey: Uint8Array; seed: Uint8Array },
  generate: (o: { random?: (n: number) => Uint8Array }) => PrivateKey,
): KeyAlgorithm {
  const check = (key: PrivateKey): PrivateKey & { publicKey: Uint8Array; seed: Uint8Array } => {
    if (key.kind !== kind) throw new TypeError(`${type}: wrong key kind`);
    return key as PrivateKey & { publicKey: Uint8Array; seed: Uint8Array };
  };
  const writePrivate = (w: WireWriter, key: PrivateKey): void => {
    const k = check(key);
    const sk = new Uint8Array(2 * keyBytes);
    sk.set(k.seed);
    sk.set(k.publicKey, keyBytes);
    w.string(k.publicKey).string(sk);
  };
  return Object.freeze<KeyAlgorithm>({
    type,
    kind,
    defaultSignatureAlgorithm: type,
    bits: () => bits,
    readPrivate(r) {
      const pk = r.string();
      const sk = r.string();
      if (pk.length !== keyBytes || sk.length !== 2 * keyBytes) {
        throw new KeyImportError('corrupted', `${type}: bad private key lengths`);
      }
      const key = fromSeed(sk.slice(0, keyBytes));
      if (!bytesEqual(key.publicKey, pk) || !bytesEqual(sk.subarray(keyBytes), pk)) {
        throw new KeyImportError('invalid-key', `${type}: public key does not match the seed`);
      }
      return key;
    },
    writePrivate,
    // OpenSSH keeps `string pk` here even after a certificate.
    writeCertPrivate: writePrivate,
    readPpkPrivate(r, pub) {
      const le = r.string();
      if (le.length > keyBytes) throw new KeyImportError('corrupted', `${type}: private key too long`);
      const seed = new Uint8Array(keyBytes);
      seed.set(le);
      const key = fromSeed(seed);
      if (pub.kind !== kind || !bytesEqual(key.publicKey, pub.publicKey)) {
        throw new KeyImportError('invalid-key', `${type}: public key does not match the seed`);
      }
      return key;
    },
    writePpkPrivate(w, key: PrivateKey) {
      const k = check(key);
      let n = keyBytes;
      while (n > 0 && k.seed[n - 1] === 0) n--;
      w.string(k.seed.subarray(0, n));
    },
    generate: ({ random }) => generate(random ? { random } : {}),
  });
}

/** The ssh-ed25519 entry. */
export const ed25519Algorithm: KeyAlgorithm = eddsaAlgorithm(
  'ssh-ed25519',
  'ed25519',
  32,
  256,
  ed25519KeyFromSeed,
  generateEd25519Key,
);

/** The ssh-ed448 entry (`ssh-keygen -l` has no Ed448; 456 is the key size AsyncSSH reports). */
export const ed448Algorithm: KeyAlgorithm = eddsaAlgorithm(
  'ssh-ed448',
  'ed448',
  57,
  456,
  ed448KeyFromSeed,
  generateEd448Key,
);
