/**
 * Finite-field Diffie-Hellman (RFC 4253 §8) with a fixed group:
 * diffie-hellman-group14-sha256, -group16-sha512, -group18-sha512 (RFC 8268),
 * over a {@link DhKeyGen}: bigint here, OpenSSL in the Node entry
 * (./dh.node.ts). The checks and the exponent draw are shared, so both give
 * the same bytes from the same randomness.
 */
import { bigIntToBytes, decodeMpint, encodeMpint } from '@sshkit/ssh-wire';
import { CryptoError } from '../errors.js';
import { getHash, type HashName } from '../hash/registry.js';
import { defaultRandom, type RandomSource } from '../random.js';
import { bitLength, modPow, randomInRange } from '../rsa/math.js';
import { type ModpGroupId, modpGroup } from './dh-groups.js';
import type { DhKeyGen } from './ephemeral.js';
import { directOutcome, encodeSharedSecretMpint } from './exchange-hash.js';
import type { DhGroup, DirectKexSpec, KexOptions, KexOutcome } from './types.js';

/**
 * Bits of the private exponent: twice the hash output size, as OpenSSH ends
 * up with (`dh_gen_key(dh, kex->we_need * 8)` where we_need ≥ the digest
 * length, and it uses 2 × that many bits), capped below the modulus size.
 * RFC 8268 §4 asks for at least twice the group's security strength.
 */
function dhExponentBits(hash: HashName, group: DhGroup): number {
  return Math.min(2 * 8 * getHash(hash).outputLength, bitLength(group.p) - 2);
}

/**
 * Reads a peer's DH value from its mpint body and checks 1 < v < p-1.
 * RFC 4253 §8: "Values of 'e' or 'f' that are not in the range [1, p-1] MUST
 * NOT be sent or accepted"; like OpenSSH (`dh_pub_is_valid`) we also refuse 1
 * and p-1, which would force K into {1, p-1}.
 * @throws WireError for a non-minimal mpint, CryptoError('invalid-public-value') when out of range
 */
export function readDhValue(group: DhGroup, body: Uint8Array): bigint {
  const value = decodeMpint(body);
  if (value < 2n || value > group.p - 2n) {
    throw new CryptoError('invalid-public-value', 'DH value outside [2, p-2]');
  }
  return value;
}

/** The private exponent: `bits` random bits, at least 2 (drawn the same way on every path). */
export function dhExponent(bits: number, random: RandomSource): bigint {
  return randomInRange(2n, (1n << BigInt(bits)) - 1n, random);
}

/**
 * Rejects K in {0, 1, p-1} (a peer value of small order would force it).
 * @returns K
 * @throws CryptoError('degenerate-secret')
 */
export function checkDhSecret(group: DhGroup, k: bigint): bigint {
  if (k < 2n || k > group.p - 2n)
    throw new CryptoError('degenerate-secret', 'DH shared secret is degenerate');
  return k;
}

/** Finite-field DH on bigint: e = g^x mod p, K = peer^x mod p. */
export const bigintDh: DhKeyGen = (group, bits, random) => {
  const x = dhExponent(bits, random);
  return {
    publicValue: encodeMpint(modPow(group.g, x, group.p)),
    agree: (peer) => bigIntToBytes(checkDhSecret(group, modPow(readDhValue(group, peer), x, group.p))),
  };
};

/** Client half of a DH exchange in `group`; used by the fixed groups and group exchange. */
export function dhClient(
  dh: DhKeyGen,
  group: DhGroup,
  hash: HashName,
  random: RandomSource,
  outcome: (clientPublic: Uint8Array, serverPublic: Uint8Array, k: Uint8Array) => KexOutcome,
) {
  const key = dh(group, dhExponentBits(hash, group), random);
  return {
    publicValue: key.publicValue,
    finish: (serverPublic: Uint8Array): KexOutcome =>
      outcome(key.publicValue, serverPublic, encodeSharedSecretMpint(key.agree(serverPublic))),
  };
}

/** Server half: validates e, then generates y and computes K. */
export function dhRespond(
  dh: DhKeyGen,
  group: DhGroup,
  hash: HashName,
  random: RandomSource,
  clientPublic: Uint8Array,
  outcome: (clientPublic: Uint8Array, serverPublic: Uint8Array, k: Uint8Array) => KexOutcome,
): KexOutcome {
  // A bad e is refused before an exponentiation is spent on our key.
  readDhValue(group, clientPublic);
  const key = dh(group, dhExponentBits(hash, group), random);
  return outcome(clientPublic, key.publicValue, encodeSharedSecretMpint(key.agree(clientPublic)));
}

/** A diffie-hellman-groupN-<hash> method over an RFC 3526 group, with the key agreement `dh`. */
export function fixedGroupDhKex(
  name: string,
  id: ModpGroupId,
  hash: HashName,
  dh: DhKeyGen,
  legacy = false,
): DirectKexSpec {
  const outcome = (c: Uint8Array, s: Uint8Array, k: Uint8Array) => directOutcome(hash, c, s, k);
  return Object.freeze({
    name,
    kind: 'direct' as const,
    legacy,
    hash,
    sharedSecretEncoding: 'mpint' as const,
    client: (options: KexOptions = {}) =>
      dhClient(dh, modpGroup(id), hash, options.random ?? defaultRandom, outcome),
    server: (options: KexOptions = {}) => ({
      respond: (clientPublic: Uint8Array) =>
        dhRespond(dh, modpGroup(id), hash, options.random ?? defaultRandom, clientPublic, outcome),
    }),
  });
}
