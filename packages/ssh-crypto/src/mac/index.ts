/**
 * SSH MACs by wire name on the portable `@noble/hashes` backend. On Node the
 * `"node"` export condition swaps in `./index.node.ts` (node:crypto HMAC).
 */
import { nobleBackend } from '../backend/noble.js';
import { createMacRegistry, lookupMac, type MacRegistry } from './registry.js';
import type { MacSpec } from './types.js';

export * from './common.js';

/** Every MAC, built on this entry point's backend (noble here). */
export const macs: MacRegistry = /* @__PURE__ */ createMacRegistry(nobleBackend);

/**
 * Looks a MAC up by wire name in {@link macs}.
 * @param name - wire name, e.g. `'hmac-sha2-256-etm@openssh.com'`
 * @returns its spec
 * @throws CryptoError `unsupported-algorithm` when the name is unknown
 * @example
 * ```ts
 * import { getMac } from '@sshkit/ssh-crypto';
 * const spec = getMac('hmac-sha2-256'); // spec.length === 32
 * ```
 */
export function getMac(name: string): MacSpec {
  return lookupMac(macs, name);
}
