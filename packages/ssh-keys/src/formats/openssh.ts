/**
 * OpenSSH formats: the `openssh-key-v1` private key container (OpenSSH
 * PROTOCOL.key) and the one-line public key `type base64 comment` (sshd(8)).
 *
 * PROTOCOL.key:
 *
 *     #define AUTH_MAGIC "openssh-key-v1"
 *     byte[]  AUTH_MAGIC (NUL terminated)
 *     string  ciphername
 *     string  kdfname
 *     string  kdfoptions
 *     uint32  number of keys N
 *     string  publickey1 ... publickeyN
 *     string  encrypted, padded list of private keys
 *
 *     uint32  checkint
 *     uint32  checkint
 *     byte[]  privatekey1  comment1 ...
 *     byte    padding1 2 3 ... "padded to the cipher block size" (8 for "none")
 *
 * kdfoptions for "bcrypt": `string salt || uint32 rounds`. The AEAD ciphers
 * (`aes*-gcm@openssh.com`, `chacha20-poly1305@openssh.com`) encrypt the
 * private section as one packet with sequence number 0 and no AAD, and put
 * their 16-byte tag after the `string` of the encrypted section (sshkey.c).
 */
import {
  decodeBase64,
  decodeUtf8,
  encodeBase64,
  encodeUtf8,
  WireError,
  WireReader,
  WireWriter,
} from '@sshkit/ssh-wire';
import { getKeyAlgorithm, keyTypeOf } from '../algorithms/registry.js';
import { bytesEqual, concatBytes } from '../bytes.js';
import {
  bcryptPbkdf,
  CryptoError,
  defaultRandom,
  encodePublicKeyBlob,
  getKeyFileCipher,
  type KeyFileCipherSpec,
  type PrivateKey,
  type RandomSource,
} from '../crypto.js';
import { KeyEncryptionError, KeyExportError, KeyImportError } from '../errors.js';
import { type Passphrase, passphraseBytes } from '../passphrase.js';
import { encodePem, parsePem } from './pem.js';

const AUTH_MAGIC = /* @__PURE__ */ encodeUtf8('openssh-key-v1\0');
/** PEM label of the container. */
export const OPENSSH_PRIVATE_LABEL = 'OPENSSH PRIVATE KEY';
/** `ssh-keygen -a` default (OpenSSH `DEFAULT_ROUNDS`). */
export const DEFAULT_BCRYPT_ROUNDS = 16;
/** OpenSSH `SALT_LEN`. */
const BCRYPT_SALT_BYTES = 16;
/**
 * Most bcrypt rounds accepted on import. Each round costs ~64 Blowfish key
 * schedules per 32 output bytes; 2^16 stops a hostile file from pinning a CPU for hours.
 */
export const MAX_BCRYPT_ROUNDS = 1 << 16;
/** Most keys accepted in one container (OpenSSH itself writes one). */
const MAX_KEYS = 64;
/** Default cipher of `ssh-keygen` (OpenSSH `DEFAULT_CIPHERNAME`). */
export const DEFAULT_OPENSSH_CIPHER = 'aes256-ctr';
/** Key-file ciphers supported in the container, as OpenSSH names them. */
export const OPENSSH_KEY_CIPHERS: readonly string[] = Object.freeze([
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
  'aes128-cbc',
  'aes192-cbc',
  'aes256-cbc',
  '3des-cbc',
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'chacha20-poly1305@openssh.com',
]);

/** One decoded private key with its comment. */
export interface DecodedPrivateKey {
  key: PrivateKey;
  comment: string;
}

function cipherFor(name: string): KeyFileCipherSpec {
  if (!OPENSSH_KEY_CIPHERS.includes(name)) {
    throw new KeyEncryptionError('unsupported-cipher', `unsupported key file cipher ${JSON.stringify(name)}`);
  }
  return getKeyFileCipher(name);
}

/** Extracts the binary container from PEM text or returns raw bytes as is. */
export function openSSHContainerBytes(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') return input;
  const blocks = parsePem(input).filter((b) => b.label === OPENSSH_PRIVATE_LABEL);
  const first = blocks[0];
  if (!first) throw new KeyImportError('unrecognized-format', 'no OPENSSH PRIVATE KEY block');
  if (blocks.length > 1) throw new KeyImportError('wrong-count', 'more than one OPENSSH PRIVATE KEY block');
  return first.body;
}

/** True when `bytes` start with the `openssh-key-v1\0` magic. */
export function isOpenSSHContainer(bytes: Uint8Array): boolean {
  return bytes.length >= AUTH_MAGIC.length && bytesEqual(bytes.subarray(0, AUTH_MAGIC.length), AUTH_MAGIC);
}

/**
 * Decodes an `openssh-key-v1` container (binary body of the PEM block).
 * @throws KeyImportError, KeyEncryptionError
 */
export function decodeOpenSSHPrivate(body: Uint8Array, passphrase?: Passphrase): DecodedPrivateKey[] {
  if (!isOpenSSHContainer(body)) throw new KeyImportError('corrupted', 'openssh-key-v1: bad magic');
  const r = new WireReader(body, {}, AUTH_MAGIC.length);
  const cipherName = r.utf8();
  const kdfName = r.utf8();
  const kdfOptions = r.string();
  const count = r.u32();
  if (count === 0 || count > MAX_KEYS) throw new KeyImportError('corrupted', `openssh-key-v1: ${count} keys`);
  const publics: Uint8Array[] = [];
  for (let i = 0; i < count; i++) publics.push(r.string());
  let section = r.string();
  const encrypted = cipherName !== 'none';
  const cipher = encrypted ? cipherFor(cipherName) : undefined;
  // AEAD ciphers append their tag after the section; CTR/CBC leave nothing.
  const tag = cipher && cipher.tagLength > 0 ? r.bytes(cipher.tagLength) : undefined;
  r.expectEnd();

  if (!encrypted) {
    if (kdfName !== 'none' || kdfOptions.length !== 0) {
      throw new KeyImportError('corrupted', 'openssh-key-v1: unencrypted key with KDF');
    }
  } else if (cipher) {
    if (kdfName !== 'bcrypt') {
      throw new KeyEncryptionError('unsupported-kdf', `unsupported key file KDF ${JSON.stringify(kdfName)}`);
    }
    const kr = new WireReader(kdfOptions);
    const salt = kr.string();
    const rounds = kr.u32();
    kr.expectEnd();
    if (rounds < 1 || rounds > MAX_BCRYPT_ROUNDS || salt.length === 0 || salt.length > 1024) {
      throw new KeyEncryptionError(
        'invalid-kdf-parameters',
        `bcrypt: ${rounds} rounds, ${salt.length}-byte salt`,
      );
    }
    const pass = passphraseBytes(passphrase);
    if (pass === undefined)
      throw new KeyEncryptionError('passphrase-required', 'the private key is encrypted');
    if (section.length % cipher.blockSize !== 0) {
      throw new KeyImportError('corrupted', 'openssh-key-v1: encrypted section is not block aligned');
    }
    const keyIv = bcryptPbkdf(pass, salt, rounds, cipher.keyLength + cipher.ivLength);
    try {
      section = cipher.decrypt(
        keyIv.subarray(0, cipher.keyLength),
        keyIv.subarray(cipher.keyLength),
        tag ? concatBytes(section, tag) : section,
      );
    } catch (cause) {
      if (CryptoError.isInstance(cause) && cause.kind === 'bad-tag') {
        throw new KeyEncryptionError('wrong-passphrase', 'wrong passphrase (authentication tag mismatch)', {
          cause,
        });
      }
      throw cause;
    }
  }
  const blockSize = cipher ? cipher.blockSize : 8;
  if (section.length % blockSize !== 0) {
    throw new KeyImportError('corrupted', 'openssh-key-v1: private section is not padded to the block size');
  }
  const pr = new WireReader(section);
  const check1 = pr.u32();
  const check2 = pr.u32();
  if (check1 !== check2) {
    if (encrypted) throw new KeyEncryptionError('wrong-passphrase', 'wrong passphrase (check bytes differ)');
    throw new KeyImportError('corrupted', 'openssh-key-v1: check bytes differ');
  }
  const keys: DecodedPrivateKey[] = [];
  for (let i = 0; i < count; i++) {
    const type = pr.utf8();
    const key = getKeyAlgorithm(type).readPrivate(pr);
    const comment = decodeComment(pr.string());
    if (!bytesEqual(encodePublicKeyBlob(key), publics[i] as Uint8Array)) {
      throw new KeyImportError('invalid-key', 'openssh-key-v1: public key does not match the private key');
    }
    keys.push({ key, comment });
  }
  const padding = pr.rest();
  for (let i = 0; i < padding.length; i++) {
    if (padding[i] !== i + 1) throw new KeyImportError('corrupted', 'openssh-key-v1: bad padding');
  }
  return keys;
}

/** Comments are UTF-8 in practice; fall back to Latin-1 rather than reject a key over its comment. */
function decodeComment(bytes: Uint8Array): string {
  try {
    return decodeUtf8(bytes);
  } catch (e) {
    if (WireError.isInstance(e)) return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
    throw e;
  }
}

/** Options of `openssh` private key export. */
export interface OpenSSHExportOptions {
  /**
   * Cipher for an encrypted key (any of {@link OPENSSH_KEY_CIPHERS}).
   * @default 'aes256-ctr'
   */
  cipher?: string;
  /**
   * bcrypt_pbkdf rounds.
   * @default 16
   */
  rounds?: number;
  /**
   * Randomness for check bytes and salt.
   * @default the platform CSPRNG
   */
  random?: RandomSource;
}

/**
 * Encodes one key as an `openssh-key-v1` PEM block.
 * @throws KeyExportError('invalid-option') for an unknown cipher or bad rounds
 */
export function encodeOpenSSHPrivate(
  key: PrivateKey,
  comment: string,
  passphrase: Passphrase | undefined,
  options: OpenSSHExportOptions = {},
): string {
  const random = options.random ?? defaultRandom;
  const pass = passphraseBytes(passphrase);
  const encrypted = pass !== undefined && pass.length > 0;
  let cipher: KeyFileCipherSpec | undefined;
  const rounds = options.rounds ?? DEFAULT_BCRYPT_ROUNDS;
  if (encrypted) {
    const name = options.cipher ?? DEFAULT_OPENSSH_CIPHER;
    if (!OPENSSH_KEY_CIPHERS.includes(name)) {
      throw new KeyExportError('invalid-option', `unsupported key file cipher ${JSON.stringify(name)}`);
    }
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > MAX_BCRYPT_ROUNDS) {
      throw new KeyExportError('invalid-option', `bcrypt rounds must be 1..${MAX_BCRYPT_ROUNDS}`);
    }
    cipher = getKeyFileCipher(name);
  }
  const blockSize = cipher ? cipher.blockSize : 8;
  const check = random(4);
  const pw = new WireWriter().raw(check).raw(check).string(keyTypeOf(key));
  getKeyAlgorithm(keyTypeOf(key)).writePrivate(pw, key);
  pw.string(comment);
  for (let i = 1; pw.length % blockSize !== 0; i++) pw.u8(i);
  let section = pw.finish();
  let kdfOptions: Uint8Array = new Uint8Array(0);
  let tag: Uint8Array = new Uint8Array(0);
  if (cipher && pass) {
    const salt = random(BCRYPT_SALT_BYTES);
    kdfOptions = new WireWriter().string(salt).u32(rounds).finish();
    const keyIv = bcryptPbkdf(pass, salt, rounds, cipher.keyLength + cipher.ivLength);
    const out = cipher.encrypt(
      keyIv.subarray(0, cipher.keyLength),
      keyIv.subarray(cipher.keyLength),
      section,
    );
    section = out.subarray(0, out.length - cipher.tagLength);
    tag = out.subarray(out.length - cipher.tagLength);
  }
  const body = new WireWriter()
    .raw(AUTH_MAGIC)
    .string(cipher ? cipher.name : 'none')
    .string(cipher ? 'bcrypt' : 'none')
    .string(kdfOptions)
    .u32(1)
    .string(encodePublicKeyBlob(key))
    .string(section)
    .raw(tag)
    .finish();
  // OpenSSH wraps this block at 70 columns; 64 (RFC 7468) is read by every tool.
  return encodePem(OPENSSH_PRIVATE_LABEL, body);
}

/** Wraps crypto failures during decryption into typed key errors. */
export function mapCryptoError(e: unknown): unknown {
  if (CryptoError.isInstance(e)) {
    if (e.kind === 'unsupported-algorithm')
      return new KeyEncryptionError('unsupported-cipher', e.message, { cause: e });
    if (e.kind === 'invalid-key') return new KeyImportError('invalid-key', e.message, { cause: e });
    return new KeyImportError('corrupted', e.message, { cause: e });
  }
  return e;
}

/** A decoded OpenSSH one-line public key. */
export interface PublicKeyLine {
  type: string;
  blob: Uint8Array;
  comment: string;
}

/**
 * Parses `type base64 [comment]` (the form of `id_ed25519.pub`, authorized_keys
 * and known_hosts minus their prefixes). The type must equal the blob's.
 * @throws KeyImportError
 */
export function parsePublicKeyLine(line: string): PublicKeyLine {
  const m = /^([A-Za-z0-9@._+-]{1,128})[ \t]+([A-Za-z0-9+/=]+)(?:[ \t]+(.*?))?[ \t]*$/.exec(line.trim());
  if (!m) throw new KeyImportError('unrecognized-format', 'not an OpenSSH public key line');
  const type = m[1] as string;
  let blob: Uint8Array;
  try {
    blob = decodeBase64(m[2] as string);
  } catch (cause) {
    throw new KeyImportError('corrupted', 'public key base64 is malformed', { cause });
  }
  const inner = new WireReader(blob).utf8();
  if (inner !== type)
    throw new KeyImportError('corrupted', `key type ${type} does not match blob type ${inner}`);
  return { type, blob, comment: m[3] ?? '' };
}

/** Formats `type base64 [comment]`. */
export function formatPublicKeyLine(type: string, blob: Uint8Array, comment: string | undefined): string {
  return `${type} ${encodeBase64(blob)}${comment ? ` ${comment}` : ''}`;
}
