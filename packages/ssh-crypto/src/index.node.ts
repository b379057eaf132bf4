/**
 * The Node entry point (`"node"` export condition, and `@sshkit/ssh-crypto/node`):
 * the portable API with ciphers, MACs, the common signatures and the
 * X25519/ECDH key exchanges on `node:crypto` (OpenSSL). Explicit exports here
 * override the `export *` ones.
 */

export { nodeBackend } from './backend/node.node.js';
export { ciphers, getCipher } from './cipher/index.node.js';
export * from './index.js';
export { getKex, kexAlgorithms } from './kex/registry.node.js';
export { getMac, macs } from './mac/index.node.js';
export { signData, verifySignature } from './sign/node-sign.node.js';
