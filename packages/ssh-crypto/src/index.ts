/**
 * @packageDocumentation
 * `@sshkit/ssh-crypto`: SSH ciphers, MACs, key exchange math, signatures and
 * key-file KDFs, with a `node:crypto` fast path on Node.
 */
export { concatBytes, constantTimeEqual } from './bytes.js';
export { CryptoError, type CryptoErrorKind } from './errors.js';
export { defaultRandom, type RandomSource } from './random.js';
