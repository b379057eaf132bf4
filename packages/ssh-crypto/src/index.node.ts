/**
 * The Node entry point (`"node"` export condition, and `@sshkit/ssh-crypto/node`):
 * the portable API with the cipher and MAC registries on `node:crypto`
 * (OpenSSL, AES-NI). Explicit exports here override the `export *` ones.
 */

export { nodeBackend } from './backend/node.node.js';
export { ciphers, getCipher } from './cipher/index.node.js';
export * from './index.js';
export { getMac, macs } from './mac/index.node.js';
