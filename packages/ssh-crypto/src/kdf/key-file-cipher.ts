/**
 * Ciphers for private-key-file encryption (not the SSH packet ciphers):
 *
 * - OpenSSH `openssh-key-v1` files: `aes128/192/256-ctr`, `aes128/192/256-cbc`,
 *   `3des-cbc`, and the AEAD ones `aes128-gcm@openssh.com`,
 *   `aes256-gcm@openssh.com`, `chacha20-poly1305@openssh.com`. OpenSSH
 *   (sshkey.c, cipher.c) runs the whole encrypted private section through the
 *   cipher as ONE packet with sequence number 0 and no AAD, and appends the
 *   16-byte tag AFTER the `string encrypted` field. GCM: nonce = the 12-byte
 *   IV from bcrypt_pbkdf. chacha20-poly1305: the 64-byte key's first half
 *   encrypts (block counter 1) and yields the Poly1305 key (block 0), nonce
 *   uint64(0); there is no length field, so the second half goes unused and
 *   there is no IV.
 * - PEM `DEK-Info` and PKCS#8 PBES1/PBES2: `aes*-cbc`, `des-cbc` and
 *   `des-ede3-cbc`, with PKCS#7 padding.
 *
 * AEAD entries have `tagLength` 16: `encrypt` returns ciphertext || tag and
 * `decrypt` takes it, throwing `CryptoError('bad-tag')` (a wrong passphrase,
 * usually) before releasing anything.
 */
import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { cbc, ctr, gcm } from '@noble/ciphers/aes.js';
import { chacha20orig } from '@noble/ciphers/chacha.js';
import { cbc64 } from '../backend/legacy.js';
import { constantTimeEqual } from '../bytes.js';
import { DesEde } from '../cipher/des.js';
import { CryptoError } from '../errors.js';

/** Names of the key-file ciphers, as OpenSSH key files (and, lower-cased, PEM headers) spell them. */
export type KeyFileCipherName =
  | 'aes128-cbc'
  | 'aes192-cbc'
  | 'aes256-cbc'
  | 'aes128-ctr'
  | 'aes192-ctr'
  | 'aes256-ctr'
  | '3des-cbc'
  | 'des-cbc'
  | 'des-ede3-cbc'
  | 'aes128-gcm@openssh.com'
  | 'aes256-gcm@openssh.com'
  | 'chacha20-poly1305@openssh.com';

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
  /** The plaintext must be a multiple of this (OpenSSH pads the private section to it). */
  readonly blockSize: number;
  /** Bytes of authentication tag after the ciphertext: 16 for the AEAD ciphers, else 0. */
  readonly tagLength: number;
  /** @returns the ciphertext, followed by the tag for AEAD ciphers */
  encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, options?: KeyFileCipherOptions): Uint8Array;
  /**
   * @param data - the ciphertext, followed by the tag for AEAD ciphers
   * @returns the plaintext
   */
  decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, options?: KeyFileCipherOptions): Uint8Array;
}

const AES_BLOCK = 16;
const DES_BLOCK = 8;
const TAG = 16;

function checkSizes(
  name: string,
  keyLength: number,
  ivLength: number,
  key: Uint8Array,
  iv: Uint8Array,
): void {
  if (key.length !== keyLength)
    throw new CryptoError('bad-length', `${name}: key must be ${keyLength} bytes`);
  if (iv.length !== ivLength) throw new CryptoError('bad-length', `${name}: IV must be ${ivLength} bytes`);
}

/**
 * A CBC cipher with optional PKCS#7 padding (RFC 5652 §6.3; OpenSSH key files
 * pad themselves, PEM and PKCS#8 use PKCS#7) around `crypt`, which processes
 * whole blocks. One padding check for every block cipher: a wrong passphrase
 * usually shows up as bad padding.
 */
function cbcFamilySpec(
  name: KeyFileCipherName,
  keyLength: number,
  blockSize: number,
  crypt: (encrypt: boolean, key: Uint8Array, iv: Uint8Array, blocks: Uint8Array) => Uint8Array,
): KeyFileCipherSpec {
  const run = (
    encrypt: boolean,
    key: Uint8Array,
    iv: Uint8Array,
    data: Uint8Array,
    options?: KeyFileCipherOptions,
  ) => {
    checkSizes(name, keyLength, blockSize, key, iv);
    const pkcs7 = options?.padding === 'pkcs7';
    if ((!pkcs7 || !encrypt) && data.length % blockSize !== 0) {
      throw new CryptoError('bad-length', `${name}: data must be a multiple of ${blockSize} bytes`);
    }
    if (encrypt) return crypt(true, key, iv, pkcs7 ? withPadding(data, blockSize) : data);
    const plain = crypt(false, key, iv, data);
    return pkcs7 ? withoutPadding(name, plain, blockSize) : plain;
  };
  return Object.freeze({
    name,
    keyLength,
    ivLength: blockSize,
    blockSize,
    tagLength: 0,
    encrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array, options?: KeyFileCipherOptions) =>
      run(true, key, iv, data, options),
    decrypt: (key: Uint8Array, iv: Uint8Array, data: Uint8Array, options?: KeyFileCipherOptions) =>
      run(false, key, iv, data, options),
  });
}

function withPadding(data: Uint8Array, blockSize: number): Uint8Array {
  const pad = blockSize - (data.length % blockSize);
  const out = new Uint8Array(data.length + pad);
  out.set(data);
  out.fill(pad, data.length);
  return out;
}

function withoutPadding(name: string, buf: Uint8Array, blockSize: number): Uint8Array {
  const pad = buf.length === 0 ? 0 : (buf[buf.length - 1] as number);
  let ok = pad >= 1 && pad <= blockSize && pad <= buf.length;
  for (let i = buf.length - pad; ok && i < buf.length; i++) ok = buf[i] === pad;
  if (!ok) throw new CryptoError('bad-length', `${name}: invalid padding`);
  return buf.subarray(0, buf.length - pad);
}

function cbcSpec(name: KeyFileCipherName, keyLength: number): KeyFileCipherSpec {
  return cbcFamilySpec(name, keyLength, AES_BLOCK, (encrypt, key, iv, blocks) => {
    const c = cbc(key, iv, { disablePadding: true });
    return encrypt ? c.encrypt(blocks) : c.decrypt(blocks);
  });
}

function ctrSpec(name: KeyFileCipherName, keyLength: number): KeyFileCipherSpec {
  const run = (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
    checkSizes(name, keyLength, AES_BLOCK, key, iv);
    return ctr(key, iv).encrypt(data);
  };
  return Object.freeze({
    name,
    keyLength,
    ivLength: AES_BLOCK,
    blockSize: AES_BLOCK,
    tagLength: 0,
    encrypt: run,
    decrypt: run,
  });
}

/** DES or DES-EDE3 in CBC mode (8-byte blocks). */
function desCbcSpec(name: KeyFileCipherName, keyLength: 8 | 24): KeyFileCipherSpec {
  return cbcFamilySpec(name, keyLength, DES_BLOCK, (encrypt, key, iv, blocks) => {
    const buf = blocks.slice();
    cbc64(new DesEde(key), iv, !encrypt).processInPlace(buf);
    return buf;
  });
}

function tagged(name: string, data: Uint8Array): Uint8Array {
  if (data.length < TAG) throw new CryptoError('bad-length', `${name}: missing the ${TAG}-byte tag`);
  return data.subarray(0, data.length - TAG);
}

/** AES-GCM over the whole private section: nonce = IV, no AAD, tag appended (OpenSSH cipher_crypt, seq 0, aadlen 0). */
function gcmSpec(name: KeyFileCipherName, keyLength: 16 | 32): KeyFileCipherSpec {
  const ivLength = 12;
  return Object.freeze({
    name,
    keyLength,
    ivLength,
    blockSize: AES_BLOCK,
    tagLength: TAG,
    encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
      checkSizes(name, keyLength, ivLength, key, iv);
      return gcm(key, iv).encrypt(data);
    },
    decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
      checkSizes(name, keyLength, ivLength, key, iv);
      tagged(name, data);
      try {
        return gcm(key, iv).decrypt(data);
      } catch (cause) {
        throw new CryptoError('bad-tag', `${name}: tag mismatch (wrong passphrase?)`, { cause });
      }
    },
  });
}

/** chacha20-poly1305@openssh.com with seq 0 and no length field: tag = Poly1305 over the ciphertext. */
function chachaPolySpec(): KeyFileCipherSpec {
  const name = 'chacha20-poly1305@openssh.com';
  const keyLength = 64;
  const nonce = new Uint8Array(8); // uint64 sequence number 0
  const polyKey = (main: Uint8Array) => chacha20orig(main, nonce, new Uint8Array(32), undefined, 0);
  return Object.freeze({
    name,
    keyLength,
    ivLength: 0,
    blockSize: 8,
    tagLength: TAG,
    encrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
      checkSizes(name, keyLength, 0, key, iv);
      const main = key.subarray(0, 32);
      const out = new Uint8Array(data.length + TAG);
      out.set(chacha20orig(main, nonce, data, undefined, 1));
      out.set(poly1305(out.subarray(0, data.length), polyKey(main)), data.length);
      return out;
    },
    decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
      checkSizes(name, keyLength, 0, key, iv);
      const body = tagged(name, data);
      const main = key.subarray(0, 32);
      const expected = poly1305(body, polyKey(main));
      if (!constantTimeEqual(expected, data.subarray(body.length))) {
        throw new CryptoError('bad-tag', `${name}: tag mismatch (wrong passphrase?)`);
      }
      return chacha20orig(main, nonce, body, undefined, 1);
    },
  });
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
 * // AEAD (spec.tagLength 16): pass the encrypted string followed by the 16 bytes after it.
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
  ['3des-cbc', desCbcSpec('3des-cbc', 24)],
  ['des-cbc', desCbcSpec('des-cbc', 8)],
  ['des-ede3-cbc', desCbcSpec('des-ede3-cbc', 24)],
  ['aes128-gcm@openssh.com', gcmSpec('aes128-gcm@openssh.com', 16)],
  ['aes256-gcm@openssh.com', gcmSpec('aes256-gcm@openssh.com', 32)],
  ['chacha20-poly1305@openssh.com', chachaPolySpec()],
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
