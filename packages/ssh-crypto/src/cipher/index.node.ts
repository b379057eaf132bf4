/**
 * SSH ciphers by wire name on `node:crypto` (OpenSSL): the `"node"`
 * condition of the package's cipher entry points. Same API as `./index.ts`.
 */
import { nodeBackend } from '../backend/node.node.js';
import { type CipherRegistry, createCipherRegistry, lookupCipher } from './registry.js';
import type { CipherSpec } from './types.js';

export * from './common.js';

/** Every cipher, built on this entry point's backend (node:crypto here). */
export const ciphers: CipherRegistry = /* @__PURE__ */ createCipherRegistry(nodeBackend);

/**
 * Looks a cipher up by wire name in {@link ciphers}.
 * @param name - wire name, e.g. `'aes128-ctr'`
 * @returns its spec
 * @throws CryptoError `unsupported-algorithm` when the name is unknown
 */
export function getCipher(name: string): CipherSpec {
  return lookupCipher(ciphers, name);
}
