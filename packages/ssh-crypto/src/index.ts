/**
 * @packageDocumentation
 * `@sshkit/ssh-crypto`: SSH ciphers, MACs, key exchange math, signatures and
 * key-file KDFs, in registries keyed by wire name. This entry point is
 * portable (`@noble/*` and our own TypeScript); on Node the `"node"` export
 * condition loads `index.node.ts`, the same API with ciphers, MACs, the
 * common signatures and the X25519/ECDH key exchanges on `node:crypto`.
 */
export * from './backend/index.js';
export * from './cipher/index.js';
export * from './mac/index.js';
export * from './shared-exports.js';
