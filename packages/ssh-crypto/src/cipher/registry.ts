// The cipher registry, keyed by SSH wire name (CONVENTIONS rule 4). Adding a
// cipher is adding a row to CIPHER_TABLE; negotiation iterates the registry and
// nothing else switches over names.
import type { CryptoBackend } from '../backend/types.js';
import { CryptoError } from '../errors.js';
import { aesCbc } from './aes-cbc.js';
import { aesCtr } from './aes-ctr.js';
import { aesGcm } from './aes-gcm.js';
import { ARCFOUR_DISCARD } from './arcfour.js';
import { chacha20Poly1305OpenSSH } from './chacha20-poly1305-openssh.js';
import { arcfourCipher, block64Cbc } from './legacy.js';
import { noneCipher } from './none.js';
import type { CipherSpec } from './types.js';

/** Every cipher name this package implements. */
export type CipherName =
  | 'chacha20-poly1305@openssh.com'
  | 'aes128-ctr'
  | 'aes192-ctr'
  | 'aes256-ctr'
  | 'aes128-gcm@openssh.com'
  | 'aes256-gcm@openssh.com'
  | 'aes128-cbc'
  | 'aes192-cbc'
  | 'aes256-cbc'
  | '3des-cbc'
  | 'blowfish-cbc'
  | 'cast128-cbc'
  | 'arcfour'
  | 'arcfour128'
  | 'arcfour256'
  | 'none';

interface CipherRow {
  readonly name: CipherName;
  readonly legacy: boolean;
  readonly build: (backend: CryptoBackend) => CipherSpec;
}

// In OpenSSH's default preference order (ssh_config(5) Ciphers); legacy rows last.
const CIPHER_TABLE: readonly CipherRow[] = [
  { name: 'chacha20-poly1305@openssh.com', legacy: false, build: (b) => chacha20Poly1305OpenSSH(b) },
  { name: 'aes128-ctr', legacy: false, build: (b) => aesCtr(b, 'aes128-ctr', 16) },
  { name: 'aes192-ctr', legacy: false, build: (b) => aesCtr(b, 'aes192-ctr', 24) },
  { name: 'aes256-ctr', legacy: false, build: (b) => aesCtr(b, 'aes256-ctr', 32) },
  { name: 'aes128-gcm@openssh.com', legacy: false, build: (b) => aesGcm(b, 'aes128-gcm@openssh.com', 16) },
  { name: 'aes256-gcm@openssh.com', legacy: false, build: (b) => aesGcm(b, 'aes256-gcm@openssh.com', 32) },
  { name: 'aes128-cbc', legacy: true, build: (b) => aesCbc(b, 'aes128-cbc', 16) },
  { name: 'aes192-cbc', legacy: true, build: (b) => aesCbc(b, 'aes192-cbc', 24) },
  { name: 'aes256-cbc', legacy: true, build: (b) => aesCbc(b, 'aes256-cbc', 32) },
  { name: '3des-cbc', legacy: true, build: (b) => block64Cbc(b, '3des-cbc', 24, 'tripleDesCbc') },
  { name: 'blowfish-cbc', legacy: true, build: (b) => block64Cbc(b, 'blowfish-cbc', 16, 'blowfishCbc') },
  { name: 'cast128-cbc', legacy: true, build: (b) => block64Cbc(b, 'cast128-cbc', 16, 'cast128Cbc') },
  { name: 'arcfour', legacy: true, build: (b) => arcfourCipher(b, 'arcfour', 16, 0) },
  { name: 'arcfour128', legacy: true, build: (b) => arcfourCipher(b, 'arcfour128', 16, ARCFOUR_DISCARD) },
  { name: 'arcfour256', legacy: true, build: (b) => arcfourCipher(b, 'arcfour256', 32, ARCFOUR_DISCARD) },
  { name: 'none', legacy: true, build: () => noneCipher },
];

/** Cipher names by wire name → spec, built on one backend. */
export type CipherRegistry = ReadonlyMap<CipherName, CipherSpec>;

/**
 * Insecure or obsolete cipher names: implemented, off by default, enabled
 * only by name (CONVENTIONS rule 5). `none` is among them.
 */
export const LEGACY_CIPHERS: readonly CipherName[] = Object.freeze(
  CIPHER_TABLE.filter((r) => r.legacy).map((r) => r.name),
);

/**
 * Builds the registry of every cipher on the given primitives.
 * @param backend - `nobleBackend` (portable) or `nodeBackend` (Node)
 * @returns wire name → spec, in default preference order, legacy last
 * @example
 * ```ts
 * import { createCipherRegistry, nobleBackend } from '@sshkit/ssh-crypto';
 * const aes = createCipherRegistry(nobleBackend).get('aes128-ctr');
 * ```
 */
export function createCipherRegistry(backend: CryptoBackend): CipherRegistry {
  return new Map(CIPHER_TABLE.map((r) => [r.name, r.build(backend)] as const));
}

/**
 * @returns every implemented cipher name, legacy ones included
 */
export function supportedCiphers(): CipherName[] {
  return CIPHER_TABLE.map((r) => r.name);
}

/**
 * The default preference list, OpenSSH's order:
 * `chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com`.
 * @returns a fresh array the caller may reorder
 */
export function defaultCiphers(): CipherName[] {
  return CIPHER_TABLE.filter((r) => !r.legacy).map((r) => r.name);
}

/**
 * @param name - any string, e.g. from a peer's KEXINIT
 * @returns whether this package implements a cipher of that name
 */
export function isCipherName(name: string): name is CipherName {
  return CIPHER_TABLE.some((r) => r.name === name);
}

/**
 * Looks a cipher up by wire name.
 * @param registry - a registry from {@link createCipherRegistry}
 * @param name - wire name
 * @returns its spec
 * @throws CryptoError `unsupported-algorithm` when the name is unknown
 */
export function lookupCipher(registry: CipherRegistry, name: string): CipherSpec {
  const spec = isCipherName(name) ? registry.get(name) : undefined;
  if (spec === undefined) throw new CryptoError('unsupported-algorithm', `unknown cipher: ${name}`);
  return spec;
}
