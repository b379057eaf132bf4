import { CryptoError } from '../errors.js';

/**
 * Throws `invalid-key` unless `bytes` has exactly `length` bytes.
 * @param what - title for the message
 * @param bytes - key or IV
 * @param length - required length
 */
export function checkLength(what: string, bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    const got = bytes instanceof Uint8Array ? `${bytes.length} bytes` : typeof bytes;
    throw new CryptoError('invalid-key', `${what}: expected ${length} bytes, got ${got}`);
  }
}

/**
 * Throws `bad-length` unless `data` is a whole number of `blockSize` blocks.
 * @param name - cipher name for the message
 * @param data - bytes to process
 * @param blockSize - block size
 */
export function checkBlocks(name: string, data: Uint8Array, blockSize: number): void {
  if (data.length % blockSize !== 0) {
    throw new CryptoError('bad-length', `${name}: ${data.length} bytes is not a multiple of ${blockSize}`);
  }
}
