/**
 * AES in CBC and CTR mode for private-key-file encryption (not the SSH packet
 * ciphers): OpenSSH key files (`aes256-ctr`, `aes256-cbc`, ...) and PEM
 * `DEK-Info` (`AES-128-CBC` ...). Thin wrappers over `@noble/ciphers`.
 */
import { cbc, ctr } from '@noble/ciphers/aes.js';
import { CryptoError } from '../errors.js';

/** Names of the key-file ciphers, as OpenSSH key files spell them. */
export type KeyFileCipherName =
  | 'aes128-cbc'
  | 'aes192-cbc'
  | 'aes256-cbc'
  | 'aes128-ctr'
  | 'aes192-ctr'
  | 'aes256-ctr';

/** Options of a key-file cipher call. */
export interface KeyFileCipherOptions {
  /**
   * CBC only: add/strip PKCS#7 padding (PEM does; OpenSSH key files pad
   * themselves and use `'none'`).
   * @default 'none'
   */
  padding?: 'none' | 'pkcs7';
}

/** A key-file cipher: sizes plus one-shot encrypt/decrypt. */
export interface KeyFileCipherSpec {
  readonly name: KeyFileCipherName;
  readonly keyLength: number;
  readonly ivLength: number;
  readonly blockSize: number;
  encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, options?: KeyFileCipherOptions): Uint8Array;
  decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, options?: KeyFileCipherOptions): Uint8Array;
}

const BLOCK = 16;

function checkSizes(name: string, keyLength: number, key: Uint8Array, iv: Uint8Array): void {
  if (key.length !== keyLength)
    throw new CryptoError('bad-length', `${name}: key must be ${keyLength} bytes`);
  if (iv.length !== BLOCK) throw new CryptoError('bad-length', `${name}: IV must be ${BLOCK} bytes`);
}

function cbcSpec(name: KeyFileCipherName, keyLength: number): KeyFileCipherSpec {
  const run = (
    encrypt: boolean,
    key: Uint8Array,
    iv: Uint8Array,
    data: Uint8Array,
    options?: KeyFileCipherOptions,
  ) => {
    checkSizes(name, keyLength, key, iv);
    const pkcs7 = options?.padding === 'pkcs7';
    if ((!pkcs7 || !encrypt) && data.length % BLOCK !== 0) {
      throw new CryptoError('bad-length', `${name}: data must be a multiple of ${BLOCK} bytes`);
    }
    const c = cbc(key, iv, { disablePadding: !pkcs7 });
    try {
      return encrypt ? c.encrypt(data) : c.decrypt(data);
    } catch (cause) {
      // Only a wrong PKCS#7 padding gets here: a wrong passphrase, usually.
      throw new CryptoError('bad-length', `${name}: invalid padding`, { cause });
    }
  };
  return Object.freeze({
    name,
    keyLength,
    ivLength: BLOCK,
    blockSize: BLOCK,
    encrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array, options?: KeyFileCipherOptions) =>
      run(true, key, iv, data, options),
    decrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array, options?: KeyFileCipherOptions) =>
      run(false, key, iv, data, options),
  });
}

function ctrSpec(name: KeyFileCipherName, keyLength: number): KeyFileCipherSpec {
  const run = (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
    checkSizes(name, keyLength, key, iv);
    return ctr(key, iv).encrypt(data);
  };
  return Object.freeze({ name, keyLength, ivLength: BLOCK, blockSize: BLOCK, encrypt: run, decrypt: run });
}

/**
 * Key-file ciphers by name.
 *
 * @example
 * ```ts
 * import { bcryptPbkdf, keyFileCiphers } from '@sshkit/ssh-crypto';
 * const spec = keyFileCiphers.get('aes256-ctr')!;
 * const keyIv = bcryptPbkdf(pass, salt, rounds, spec.keyLength + spec.ivLength);
 * const plain = spec.decrypt(keyIv.subarray(0, 32), keyIv.subarray(32), encrypted);
 * ```
 */
export const keyFileCiphers: ReadonlyMap<KeyFileCipherName, KeyFileCipherSpec> = /* @__PURE__ */ new Map<
  KeyFileCipherName,
  KeyFileCipherSpec
>([
  ['aes128-cbc', cbcSpec('aes128-cbc', 16)],
  ['aes192-cbc', cbcSpec('aes192-cbc', 24)],
  ['aes256-cbc', cbcSpec('aes256-cbc', 32)],
  ['aes128-ctr', ctrSpec('aes128-ctr', 16)],
  ['aes192-ctr', ctrSpec('aes192-ctr', 24)],
  ['aes256-ctr', ctrSpec('aes256-ctr', 32)],
]);

/**
 * Looks a key-file cipher up by name.
 * @throws CryptoError('unsupported-algorithm') for an unknown name
 */
export function getKeyFileCipher(name: string): KeyFileCipherSpec {
  const spec = keyFileCiphers.get(name as KeyFileCipherName);
  if (!spec)
    throw new CryptoError('unsupported-algorithm', `unknown key-file cipher ${JSON.stringify(name)}`);
  return spec;
}
