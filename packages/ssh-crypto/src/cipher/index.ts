/**
 * SSH ciphers by wire name on the portable backend (`@noble/*`, ChaCha20 and
 * Poly1305 in WebAssembly). On Node the
 * `"node"` export condition swaps in `./index.node.ts`, the same API on
 * `node:crypto`.
 */
import { portableBackend } from '../backend/portable.js';
import { type CipherRegistry, createCipherRegistry, lookupCipher } from './registry.js';
import type { CipherSpec } from './types.js';

export * from './common.js';

/** Every cipher, built on this entry point's backend (the portable one here). */
export const ciphers: CipherRegistry = /* @__PURE__ */ createCipherRegistry(portableBackend);

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
