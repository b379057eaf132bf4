/**
 * SSH ciphers by wire name on the portable `@noble/*` backend. On Node the
 * `"node"` export condition swaps in `./index.node.ts`, the same API on
 * `node:crypto`.
 */
import { nobleBackend } from '../backend/noble.js';
import { type CipherRegistry, createCipherRegistry, lookupCipher } from './registry.js';
import type { CipherSpec } from './types.js';

export * from './common.js';

/** Every cipher, built on this entry point's backend (noble here). */
export const ciphers: CipherRegistry = /* @__PURE__ */ createCipherRegistry(nobleBackend);

/**
 * Looks a cipher up by wire name in {@link ciphers}.
 * @param name - wire name, e.g. `'aes128-ctr'`
 * @returns its spec
 * @throws CryptoError `unsupported-algorithm` when the name is unknown
 * @example
 * ```ts
 * import { getCipher } from '@sshkit/ssh-crypto';
 * const spec = getCipher('chacha20-poly1305@openssh.com'); // spec.keyLength === 64
 * ```
 */
export function getCipher(name: string): CipherSpec {
  return lookupCipher(ciphers, name);
}
