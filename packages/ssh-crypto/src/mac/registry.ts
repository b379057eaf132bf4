// The MAC registry, keyed by SSH wire name (CONVENTIONS rule 4). Adding a MAC
// is adding a row to MAC_TABLE.
import type { CryptoBackend } from '../backend/types.js';
import { CryptoError } from '../errors.js';
import { hmacMac } from './hmac.js';
import type { MacSpec } from './types.js';
import { umacMac } from './umac.js';

/** Every MAC name this package implements. */
export type MacName =
  | 'umac-64-etm@openssh.com'
  | 'umac-128-etm@openssh.com'
  | 'hmac-sha2-256-etm@openssh.com'
  | 'hmac-sha2-512-etm@openssh.com'
  | 'hmac-sha1-etm@openssh.com'
  | 'umac-64@openssh.com'
  | 'umac-128@openssh.com'
  | 'hmac-sha2-256'
  | 'hmac-sha2-512'
  | 'hmac-sha1'
  | 'hmac-sha2-256-96-etm@openssh.com'
  | 'hmac-sha2-512-96-etm@openssh.com'
  | 'hmac-sha1-96-etm@openssh.com'
  | 'hmac-md5-etm@openssh.com'
  | 'hmac-md5-96-etm@openssh.com'
  | 'hmac-sha2-256-96'
  | 'hmac-sha2-512-96'
  | 'hmac-sha1-96'
  | 'hmac-md5'
  | 'hmac-md5-96';

interface MacRow {
  readonly name: MacName;
  readonly legacy: boolean;
  readonly build: (backend: CryptoBackend) => MacSpec;
}

const TRUNCATED_96 = 12;

function hmacRow(
  name: MacName,
  hash: 'md5' | 'sha1' | 'sha256' | 'sha512',
  legacy: boolean,
  truncate?: number,
): MacRow {
  const etm = name.endsWith('-etm@openssh.com');
  return {
    name,
    legacy,
    build: (b) =>
      hmacMac(
        b,
        truncate === undefined ? { name, hash, etm, legacy } : { name, hash, etm, legacy, length: truncate },
      ),
  };
}

function umacRow(name: MacName, tagLength: 8 | 16): MacRow {
  const etm = name.endsWith('-etm@openssh.com');
  return { name, legacy: false, build: () => umacMac({ name, tagLength, etm }) };
}

// OpenSSH's default order (ssh_config(5) MACs); legacy rows last (MD5 and the
// 96-bit truncations; the SHA-2 -96 forms are RFC 6668-era names OpenSSH dropped).
const MAC_TABLE: readonly MacRow[] = [
  umacRow('umac-64-etm@openssh.com', 8),
  umacRow('umac-128-etm@openssh.com', 16),
  hmacRow('hmac-sha2-256-etm@openssh.com', 'sha256', false),
  hmacRow('hmac-sha2-512-etm@openssh.com', 'sha512', false),
  hmacRow('hmac-sha1-etm@openssh.com', 'sha1', false),
  umacRow('umac-64@openssh.com', 8),
  umacRow('umac-128@openssh.com', 16),
  hmacRow('hmac-sha2-256', 'sha256', false),
  hmacRow('hmac-sha2-512', 'sha512', false),
  hmacRow('hmac-sha1', 'sha1', false),
  hmacRow('hmac-sha2-256-96-etm@openssh.com', 'sha256', true, TRUNCATED_96),
  hmacRow('hmac-sha2-512-96-etm@openssh.com', 'sha512', true, TRUNCATED_96),
  hmacRow('hmac-sha1-96-etm@openssh.com', 'sha1', true, TRUNCATED_96),
  hmacRow('hmac-md5-etm@openssh.com', 'md5', true),
  hmacRow('hmac-md5-96-etm@openssh.com', 'md5', true, TRUNCATED_96),
  hmacRow('hmac-sha2-256-96', 'sha256', true, TRUNCATED_96),
  hmacRow('hmac-sha2-512-96', 'sha512', true, TRUNCATED_96),
  hmacRow('hmac-sha1-96', 'sha1', true, TRUNCATED_96),
  hmacRow('hmac-md5', 'md5', true),
  hmacRow('hmac-md5-96', 'md5', true, TRUNCATED_96),
];

/** MAC wire name → spec, built on one backend. */
export type MacRegistry = ReadonlyMap<MacName, MacSpec>;

/** Insecure or obsolete MAC names (MD5, 96-bit truncations): off by default (CONVENTIONS rule 5). */
export const LEGACY_MACS: readonly MacName[] = Object.freeze(
  MAC_TABLE.filter((r) => r.legacy).map((r) => r.name),
);

/**
 * Builds the registry of every MAC on the given primitives.
 * @param backend - `nobleBackend` (portable) or `nodeBackend` (Node)
 * @returns wire name → spec, in default preference order, legacy last
 * @example
 * ```ts
 * import { createMacRegistry, nobleBackend } from '@sshkit/ssh-crypto';
 * const mac = createMacRegistry(nobleBackend).get('hmac-sha2-256-etm@openssh.com');
 * ```
 */
export function createMacRegistry(backend: CryptoBackend): MacRegistry {
  return new Map(MAC_TABLE.map((r) => [r.name, r.build(backend)] as const));
}

/** @returns every implemented MAC name, legacy ones included */
export function supportedMacs(): MacName[] {
  return MAC_TABLE.map((r) => r.name);
}

/**
 * The default preference list, OpenSSH's order:
 * `umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1`.
 * @returns a fresh array the caller may reorder
 */
export function defaultMacs(): MacName[] {
  return MAC_TABLE.filter((r) => !r.legacy).map((r) => r.name);
}

/**
 * @param name - any string, e.g. from a peer's KEXINIT
 * @returns whether this package implements a MAC of that name
 */
export function isMacName(name: string): name is MacName {
  return MAC_TABLE.some((r) => r.name === name);
}

/**
 * Looks a MAC up by wire name.
 * @param registry - a registry from {@link createMacRegistry}
 * @param name - wire name
 * @returns its spec
 * @throws CryptoError `unsupported-algorithm` when the name is unknown
 */
export function lookupMac(registry: MacRegistry, name: string): MacSpec {
  const spec = isMacName(name) ? registry.get(name) : undefined;
  if (spec === undefined) throw new CryptoError('unsupported-algorithm', `unknown MAC: ${name}`);
  return spec;
}
