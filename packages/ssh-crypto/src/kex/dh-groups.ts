/**
 * The MODP groups of RFC 3526 (generator 2), which RFC 8268 names for SSH
 * (group14/16/18) and which the group-exchange server offers (14–18), and
 * the legacy RFC 2409 §6.2 Oakley group 2 (1024 bits) of
 * `diffie-hellman-group1-sha1` (RFC 4253 §8.1).
 *
 * Each prime is defined in RFC 2409 / RFC 3526 as
 * `2^n - 2^(n-64) - 1 + 2^64 * { [2^(n-130) pi] + k }`; we compute it from
 * pi's bits and the RFC's `k` instead of embedding 2,000 hex digits. The tests
 * check the RFC's published leading and trailing words and that each result
 * is a safe prime, which a wrong digit would break.
 */
import { piFixedPoint } from '../kdf/pi.js';
import { bitLength } from '../rsa/math.js';
import type { DhGroup } from './types.js';

/** RFC 2409 (2) and RFC 3526 (14–18) group ids offered here. */
export type ModpGroupId = 2 | 14 | 15 | 16 | 17 | 18;

/** [bits, k] from RFC 2409 §6.2 (group 2) and RFC 3526 §3–§7. */
const MODP_PARAMETERS: Readonly<Record<ModpGroupId, readonly [number, bigint]>> = {
  2: [1024, 129093n],
  14: [2048, 124476n],
  15: [3072, 1690314n],
  16: [4096, 240904n],
  17: [6144, 929484n],
  18: [8192, 4743158n],
};

const cache = new Map<ModpGroupId, DhGroup>();

/**
 * MODP group `id` (g = 2), computed on first use: RFC 2409 group 2 (1024
 * bits, legacy) or RFC 3526 groups 14–18 (2048 to 8192 bits).
 * @param id - 2, 14, 15, 16, 17 or 18
 * @returns the group
 * @example
 * ```ts
 * import { modpGroup } from '@sshkit/ssh-crypto';
 * modpGroup(14).p.toString(16).slice(0, 16); // 'ffffffffffffffff'
 * ```
 */
export function modpGroup(id: ModpGroupId): DhGroup {
  let group = cache.get(id);
  if (!group) {
    const [bits, k] = MODP_PARAMETERS[id];
    const n = BigInt(bits);
    const p = (1n << n) - (1n << (n - 64n)) - 1n + (1n << 64n) * (piFixedPoint(bits - 130) + k);
    group = Object.freeze({ p, g: 2n });
    cache.set(id, group);
  }
  return group;
}

/** Every RFC 3526 group (14–18), smallest first: what group exchange offers. Group 2 is not among them. */
export function modpGroups(): readonly DhGroup[] {
  return ([14, 15, 16, 17, 18] as const).map(modpGroup);
}

/** RFC 3526 group by modulus size. */
const RFC3526_BY_BITS: ReadonlyMap<number, ModpGroupId> = new Map([
  [2048, 14],
  [3072, 15],
  [4096, 16],
  [6144, 17],
  [8192, 18],
]);

/**
 * True when `p` is one of the RFC 3526 primes (already known to be safe).
 * Computes only the group of p's size: all five take ~35 ms the first time.
 */
export function isKnownModpPrime(p: bigint): boolean {
  const id = RFC3526_BY_BITS.get(bitLength(p));
  return id !== undefined && modpGroup(id).p === p;
}
