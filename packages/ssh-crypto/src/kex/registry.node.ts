/**
 * The key exchange registry of the Node entry point: the same methods, with
 * X25519 (curve25519-sha256 and the hybrids), the NIST-curve ECDH and
 * finite-field DH over the RFC 3526 groups on OpenSSL. The post-quantum KEMs
 * stay portable.
 */
import { nodeDh } from './dh.node.js';
import { nodeEcdh } from './ecdh-nist.node.js';
import { createKexRegistry, lookupKex } from './registry.js';
import type { KexSpec } from './types.js';
import { nodeX25519 } from './x25519.node.js';

/** Every implemented key exchange method by wire name, X25519, ECDH and DH on node:crypto. */
export const kexAlgorithms: ReadonlyMap<string, KexSpec> = /* @__PURE__ */ createKexRegistry({
  x25519: nodeX25519,
  ecdh: nodeEcdh,
  dh: nodeDh,
});

/**
 * Looks a method up by wire name in {@link kexAlgorithms}.
 * @throws CryptoError('unsupported-algorithm') for an unknown name
 */
export function getKex(name: string): KexSpec {
  return lookupKex(kexAlgorithms, name);
}
