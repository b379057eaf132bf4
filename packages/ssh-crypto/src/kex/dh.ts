/**
 * Finite-field Diffie-Hellman (RFC 4253 §8) with a fixed group:
 * diffie-hellman-group14-sha256, -group16-sha512, -group18-sha512 (RFC 8268).
 */
import { decodeMpint, encodeMpint } from '@sshkit/ssh-wire';
import { CryptoError } from '../errors.js';
import { getHash, type HashName } from '../hash/registry.js';
import { defaultRandom, type RandomSource } from '../random.js';
import { bitLength, modPow, randomInRange } from '../rsa/math.js';
import { type ModpGroupId, modpGroup } from './dh-groups.js';
import { directOutcome, encodeSharedSecretMpint } from './exchange-hash.js';
import type { DhGroup, DirectKexSpec, KexOptions, KexOutcome } from './types.js';

/**
 * Bits of the private exponent: twice the hash output size, as OpenSSH ends
 * up with (`dh_gen_key(dh, kex->we_need * 8)` where we_need ≥ the digest
 * length, and it uses 2 × that many bits), capped below the modulus size.
 * RFC 8268 §4 asks for at least twice the group's security strength.
 */
export function dhExponentBits(hash: HashName, group: DhGroup): number {
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

/** An ephemeral DH key pair: x random of `bits` bits (x ≥ 2), e = g^x mod p. */
export function dhKeyPair(
  group: DhGroup,
  bits: number,
  random: RandomSource,
): { x: bigint; publicValue: Uint8Array } {
  const x = randomInRange(2n, (1n << BigInt(bits)) - 1n, random);
  return { x, publicValue: encodeMpint(modPow(group.g, x, group.p)) };
}

/** K = peer^x mod p, encoded as an mpint. */
export function dhShared(group: DhGroup, x: bigint, peer: bigint): Uint8Array {
  const k = modPow(peer, x, group.p);
  if (k < 2n || k > group.p - 2n)
    throw new CryptoError('degenerate-secret', 'DH shared secret is degenerate');
  return encodeSharedSecretMpint(k);
}

/** Client half of a DH exchange in `group`; used by the fixed groups and group exchange. */
export function dhClient(
  group: DhGroup,
  hash: HashName,
  random: RandomSource,
  outcome: (clientPublic: Uint8Array, serverPublic: Uint8Array, k: Uint8Array) => KexOutcome,
) {
  const { x, publicValue } = dhKeyPair(group, dhExponentBits(hash, group), random);
  return {
    publicValue,
    finish: (serverPublic: Uint8Array): KexOutcome =>
      outcome(publicValue, serverPublic, dhShared(group, x, readDhValue(group, serverPublic))),
  };
}

/** Server half: validates e, then generates y and computes K. */
export function dhRespond(
  group: DhGroup,
  hash: HashName,
  random: RandomSource,
  clientPublic: Uint8Array,
  outcome: (clientPublic: Uint8Array, serverPublic: Uint8Array, k: Uint8Array) => KexOutcome,
): KexOutcome {
  const e = readDhValue(group, clientPublic);
  const { x, publicValue } = dhKeyPair(group, dhExponentBits(hash, group), random);
  return outcome(clientPublic, publicValue, dhShared(group, x, e));
}

/** A diffie-hellman-groupN-<hash> method over an RFC 3526 group. */
export function fixedGroupDhKex(
  name: string,
  id: ModpGroupId,
  hash: HashName,
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
      dhClient(modpGroup(id), hash, options.random ?? defaultRandom, outcome),
    server: (options: KexOptions = {}) => ({
      respond: (clientPublic: Uint8Array) =>
        dhRespond(modpGroup(id), hash, options.random ?? defaultRandom, clientPublic, outcome),
    }),
  });
}
