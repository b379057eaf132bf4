/**
 * Finite-field DH on OpenSSL (node:crypto `DiffieHellman`) for the Node entry
 * point. Only for the RFC 3526 primes (groups 14–18: the fixed-group methods
 * and our group exchange server's default groups): OpenSSL recognises those
 * and makes a DiffieHellman in microseconds. For any other prime it first
 * tests primality (about 70 ms for group 1's 1024-bit prime, more than the
 * exchange saves), so those stay on bigint: group1-sha1, and the primes an
 * OpenSSH server picks from its moduli file for group exchange.
 *
 * The exponent is drawn in JavaScript exactly as the portable code draws it
 * and handed to OpenSSL, so injected randomness gives identical bytes on both
 * paths; the peer value passes the same checks first, with the same errors.
 */
import { createDiffieHellman } from 'node:crypto';
import { versions } from 'node:process';
import { bigIntToBytes, bytesToBigInt, encodeMpint } from '@sshkit/ssh-wire';
import { bigintDh, checkDhSecret, dhExponent, readDhValue } from './dh.js';
import { isKnownModpPrime } from './dh-groups.js';
import type { DhKeyGen } from './ephemeral.js';

/**
 * Whether `createDiffieHellman` is quick for the RFC 3526 primes: BoringSSL
 * (Bun's `node:crypto`) tests every prime it is given, those too: 0.4 s for
 * group 14, 3 s for group 16, 25 s for group 18, where bigint takes 3-25 ms.
 */
const useOpenSSL = (versions as Readonly<Record<string, string | undefined>>).boringssl === undefined;

/** DH on OpenSSL for the RFC 3526 primes, bigint for any other (and under BoringSSL). */
export const nodeDh: DhKeyGen = (group, bits, random) => {
  if (!useOpenSSL || !isKnownModpPrime(group.p)) return bigintDh(group, bits, random);
  const dh = createDiffieHellman(bigIntToBytes(group.p), bigIntToBytes(group.g));
  const x = bigIntToBytes(dhExponent(bits, random));
  dh.setPrivateKey(x);
  x.fill(0);
  // With the private key set, generateKeys computes g^x from it.
  const publicValue = encodeMpint(bytesToBigInt(dh.generateKeys()));
  return {
    publicValue,
    agree(peer: Uint8Array): Uint8Array {
      readDhValue(group, peer);
      // OpenSSL reads the mpint body as unsigned (a leading zero is fine) and pads K to p's length.
      return bigIntToBytes(checkDhSecret(group, bytesToBigInt(dh.computeSecret(peer))));
    },
  };
};
