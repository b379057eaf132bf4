/**
 * The key exchange registry, keyed by wire name (CONVENTIONS rule 4).
 * Adding a method is adding an entry to {@link createKexRegistry}.
 */
import { CryptoError } from '../errors.js';
import { getNistCurve, type NistCurveName } from '../sign/nist-curves.js';
import { nobleX25519 } from './curve25519.js';
import { bigintDh, fixedGroupDhKex } from './dh.js';
import { groupExchangeKex } from './dh-gex.js';
import { ecdhKex } from './ecdh.js';
import { nobleEcdh } from './ecdh-nist.js';
import type { KexPrimitives } from './ephemeral.js';
import { hybridKex } from './hybrid.js';
import { mlKem768, sntrup761 } from './kem.js';
import type { KexSpec } from './types.js';

/** OpenSSH's default KexAlgorithms order (ssh_config(5), OpenSSH 10). */
const OPENSSH_KEX_ORDER = [
  'mlkem768x25519-sha256',
  'sntrup761x25519-sha512',
  'sntrup761x25519-sha512@openssh.com',
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha256',
] as const;

/**
 * Every method by wire name, with X25519, the NIST-curve ECDH and
 * finite-field DH taken from `primitives` (noble and bigint here, OpenSSL in
 * the Node entry point).
 */
export function createKexRegistry(primitives: KexPrimitives): ReadonlyMap<string, KexSpec> {
  const { x25519, ecdh, dh } = primitives;
  const nist = (curve: NistCurveName) => {
    const c = getNistCurve(curve);
    return ecdhKex(`ecdh-sha2-${curve}`, c.hash, ecdh(c));
  };
  return new Map<string, KexSpec>(
    [
      hybridKex('mlkem768x25519-sha256', mlKem768, 'sha256', x25519),
      hybridKex('sntrup761x25519-sha512', sntrup761, 'sha512', x25519),
      hybridKex('sntrup761x25519-sha512@openssh.com', sntrup761, 'sha512', x25519),
      ecdhKex('curve25519-sha256', 'sha256', x25519),
      ecdhKex('curve25519-sha256@libssh.org', 'sha256', x25519),
      nist('nistp256'),
      nist('nistp384'),
      nist('nistp521'),
      groupExchangeKex('diffie-hellman-group-exchange-sha256', 'sha256', dh),
      fixedGroupDhKex('diffie-hellman-group14-sha256', 14, 'sha256', dh),
      fixedGroupDhKex('diffie-hellman-group16-sha512', 16, 'sha512', dh),
      fixedGroupDhKex('diffie-hellman-group18-sha512', 18, 'sha512', dh),
      // Legacy (RFC 4253 §8.1, RFC 4419, RFC 8268): SHA-1 and/or a 1024-bit group.
      fixedGroupDhKex('diffie-hellman-group14-sha1', 14, 'sha1', dh, true),
      fixedGroupDhKex('diffie-hellman-group1-sha1', 2, 'sha1', dh, true),
      groupExchangeKex('diffie-hellman-group-exchange-sha1', 'sha1', dh, true),
    ].map((spec) => [spec.name, spec]),
  );
}

/** Every implemented key exchange method by wire name, on the portable (noble, bigint) primitives. */
export const kexAlgorithms: ReadonlyMap<string, KexSpec> = /* @__PURE__ */ createKexRegistry({
  x25519: nobleX25519,
  ecdh: nobleEcdh,
  dh: bigintDh,
});

/**
 * Names of every implemented key exchange method, legacy ones included.
 * @example
 * ```ts
 * import { supportedKexAlgs } from '@sshkit/ssh-crypto';
 * supportedKexAlgs().includes('curve25519-sha256'); // true
 * ```
 */
export function supportedKexAlgs(): string[] {
  return [...kexAlgorithms.keys()];
}

/** The default preference list: OpenSSH's order, implemented and non-legacy entries only. */
export function defaultKexAlgs(): string[] {
  return OPENSSH_KEX_ORDER.filter((name) => {
    const spec = kexAlgorithms.get(name);
    return spec !== undefined && !spec.legacy;
  });
}

/** Names of the legacy key exchange methods (off by default; enable by name). */
export function legacyKexAlgs(): string[] {
  return [...kexAlgorithms.values()].filter((spec) => spec.legacy).map((spec) => spec.name);
}

/**
 * Looks a method up by wire name in `registry`.
 * @throws CryptoError('unsupported-algorithm') for an unknown name
 */
export function lookupKex(registry: ReadonlyMap<string, KexSpec>, name: string): KexSpec {
  const spec = registry.get(name);
  if (!spec) throw new CryptoError('unsupported-algorithm', `unknown key exchange ${JSON.stringify(name)}`);
  return spec;
}

/**
 * Looks a method up by wire name in {@link kexAlgorithms}.
 * @throws CryptoError('unsupported-algorithm') for an unknown name
 */
export function getKex(name: string): KexSpec {
  return lookupKex(kexAlgorithms, name);
}
