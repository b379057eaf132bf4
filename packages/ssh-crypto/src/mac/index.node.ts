/**
 * SSH MACs by wire name on `node:crypto` HMAC: the `"node"` condition of the
 * package's MAC entry points. Same API as `./index.ts`.
 */
import { nodeBackend } from '../backend/node.node.js';
import { createMacRegistry, lookupMac, type MacRegistry } from './registry.js';
import type { MacSpec } from './types.js';

export * from './common.js';

/** Every MAC, built on this entry point's backend (node:crypto here). */
export const macs: MacRegistry = /* @__PURE__ */ createMacRegistry(nodeBackend);

/**
 * Looks a MAC up by wire name in {@link macs}.
 * @param name - wire name, e.g. `'hmac-sha2-256-etm@openssh.com'`
 * @returns its spec
 * @throws CryptoError `unsupported-algorithm` when the name is unknown
 */
export function getMac(name: string): MacSpec {
  return lookupMac(macs, name);
}
