/**
 * Password-based encryption of DER private keys:
 *
 * - PKCS#8 `EncryptedPrivateKeyInfo` with PBES2 (RFC 8018 §6.2, RFC 5958 §3):
 *   PBKDF2 (HMAC-SHA1/224/256/384/512) + AES-CBC (RFC 3565 OIDs) or
 *   DES-EDE3-CBC (RFC 8018 B.2.2, `des-ede3-cbc` 1.2.840.113549.3.7).
 * - PKCS#8 with PBES1 (RFC 8018 §6.1, import only): `pbeWithMD5AndDES-CBC`
 *   (1.2.840.113549.1.5.3) and `pbeWithSHA1AndDES-CBC` (1.2.840.113549.1.5.10),
 *   `PBEParameter ::= SEQUENCE { salt OCTET STRING (SIZE(8)), iterationCount INTEGER }`;
 *   PBKDF1 (§5.1): `T_1 = Hash(P || S)`, `T_i = Hash(T_{i-1})`, DK = T_c[0..16],
 *   DES key = DK[0..8], IV = DK[8..16].
 * - Traditional OpenSSL PEM encryption (RFC 1421 headers): `Proc-Type: 4,ENCRYPTED`,
 *   `DEK-Info: AES-128-CBC,<hex IV>` (or AES-192/256-CBC, DES-EDE3-CBC, DES-CBC),
 *   key = `EVP_BytesToKey(MD5, pass, IV[0..8])`.
 *
 * A decryption that yields bad padding or a body that is not DER is reported as
 * `KeyEncryptionError('wrong-passphrase')`: CBC gives no other signal.
 */
import { concatBytes, fromHex, toHex } from '../bytes.js';
import {
  CryptoError,
  defaultRandom,
  evpBytesToKey,
  getKeyFileCipher,
  type HashName,
  hash,
  type KeyFileCipherSpec,
  pbkdf2,
  type RandomSource,
} from '../crypto.js';
import { KeyEncryptionError, KeyExportError, KeyImportError } from '../errors.js';
import { DerReader, derInteger, derNull, derOctetString, derOid, derSequence } from './der.js';

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const PRF_OIDS: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const AES_CBC_OIDS: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.1.2': 'aes128-cbc',
  '2.16.840.1.101.3.4.1.22': 'aes192-cbc',
  '2.16.840.1.101.3.4.1.42': 'aes256-cbc',
  '1.2.840.113549.3.7': 'des-ede3-cbc',
};
/** PBES1 schemes (RFC 8018 A.3): PBKDF1 hash, always DES-CBC. */
const PBES1_OIDS: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.1.5.3': 'md5',
  '1.2.840.113549.1.5.10': 'sha1',
};

/** PKCS#8 PBES2 ciphers supported for export. */
export type Pkcs8Cipher = 'aes128-cbc' | 'aes192-cbc' | 'aes256-cbc' | 'des-ede3-cbc';
/** PBKDF2 PRFs supported for export. */
export type Pkcs8Prf = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/**
 * Most PBKDF2 iterations accepted on import (2^23): far above any tool's
 * default (OpenSSL 2048, OWASP 600 000), low enough that a hostile file cannot
 * pin a CPU for minutes.
 */
export const MAX_PBKDF2_ITERATIONS = 1 << 23;
/** Iterations used on export (OpenSSL's `PKCS5_DEFAULT_ITER`). */
export const DEFAULT_PBKDF2_ITERATIONS = 2048;

function keyOf(oid: string, table: Readonly<Record<string, string>>): string | undefined {
  return Object.hasOwn(table, oid) ? table[oid] : undefined;
}

function decryptCbc(
  cipher: KeyFileCipherSpec,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  if (data.length === 0 || data.length % cipher.blockSize !== 0) {
    throw new KeyImportError('corrupted', 'encrypted data is not block aligned');
  }
  try {
    return cipher.decrypt(key, iv, data, { padding: 'pkcs7' });
  } catch (cause) {
    if (CryptoError.isInstance(cause)) {
      throw new KeyEncryptionError('wrong-passphrase', 'wrong passphrase (bad padding)', { cause });
    }
    throw cause;
  }
}

/** Options of PKCS#8 encryption. */
export interface Pkcs8EncryptOptions {
  /** @default 'aes256-cbc' */
  cipher?: Pkcs8Cipher;
  /** @default 'sha256' */
  prf?: Pkcs8Prf;
  /** @default 2048 */
  iterations?: number;
  /** @default the platform CSPRNG */
  random?: RandomSource;
}

/**
 * Decrypts an EncryptedPrivateKeyInfo, returning the inner PrivateKeyInfo DER.
 * @throws KeyEncryptionError, KeyImportError
 */
export function decryptPkcs8(der: Uint8Array, passphrase: Uint8Array | undefined): Uint8Array {
  const top = new DerReader(der);
  const s = top.sequence('EncryptedPrivateKeyInfo');
  const alg = s.sequence('encryptionAlgorithm');
  const algOid = alg.oid('encryptionAlgorithm');
  const pbes1 = keyOf(algOid, PBES1_OIDS);
  if (pbes1) return decryptPbes1(pbes1 as HashName, alg, s, top, passphrase);
  if (algOid !== PBES2)
    throw new KeyEncryptionError('unsupported-kdf', `unsupported PKCS#8 encryption ${algOid}`);
  const params = alg.sequence('PBES2-params');
  alg.end('encryptionAlgorithm');
  const kdf = params.sequence('keyDerivationFunc');
  const kdfOid = kdf.oid('keyDerivationFunc');
  if (kdfOid !== PBKDF2) throw new KeyEncryptionError('unsupported-kdf', `unsupported PBES2 KDF ${kdfOid}`);
  const kp = kdf.sequence('PBKDF2-params');
  kdf.end('keyDerivationFunc');
  const salt = kp.octetString('salt');
  const iterations = kp.smallInteger('iterationCount');
  let keyLength: number | undefined;
  if (kp.peekTag() === 0x02) keyLength = kp.smallInteger('keyLength', 64);
  let prf: HashName = 'sha1';
  if (!kp.atEnd) {
    const p = kp.sequence('prf');
    const prfOid = p.oid('prf');
    const name = keyOf(prfOid, PRF_OIDS);
    if (!name) throw new KeyEncryptionError('unsupported-kdf', `unsupported PBKDF2 PRF ${prfOid}`);
    prf = name as HashName;
    if (!p.atEnd) p.null('prf parameters');
    p.end('prf');
  }
  kp.end('PBKDF2-params');
  const enc = params.sequence('encryptionScheme');
  const encOid = enc.oid('encryptionScheme');
  const cipherName = keyOf(encOid, AES_CBC_OIDS);
  if (!cipherName) throw new KeyEncryptionError('unsupported-cipher', `unsupported PBES2 cipher ${encOid}`);
  const iv = enc.octetString('iv');
  enc.end('encryptionScheme');
  params.end('PBES2-params');
  const data = s.octetString('encryptedData');
  s.end('EncryptedPrivateKeyInfo');
  top.end('EncryptedPrivateKeyInfo');

  const cipher = getKeyFileCipher(cipherName);
  if (iv.length !== cipher.ivLength) throw new KeyImportError('corrupted', 'PBES2 IV has the wrong length');
  if (keyLength !== undefined && keyLength !== cipher.keyLength) {
    throw new KeyImportError('corrupted', 'PBES2 key length does not match the cipher');
  }
  checkIterations('PBKDF2', iterations, salt);
  if (passphrase === undefined)
    throw new KeyEncryptionError('passphrase-required', 'the private key is encrypted');
  const key = pbkdf2(prf, passphrase, salt, iterations, cipher.keyLength);
  return decryptCbc(cipher, key, iv, data);
}

function checkIterations(what: string, iterations: number, salt: Uint8Array): void {
  if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS || salt.length === 0 || salt.length > 1024) {
    throw new KeyEncryptionError(
      'invalid-kdf-parameters',
      `${what}: ${iterations} iterations, ${salt.length}-byte salt`,
    );
  }
}

/** PBKDF1 (RFC 8018 §5.1): 16 bytes of `Hash^c(P || S)`. */
function pbkdf1(
  hashName: HashName,
  passphrase: Uint8Array,
  salt: Uint8Array,
  iterations: number,
): Uint8Array {
  let t = hash(hashName, concatBytes(passphrase, salt));
  for (let i = 1; i < iterations; i++) t = hash(hashName, t);
  return t.subarray(0, 16);
}

function decryptPbes1(
  hashName: HashName,
  alg: DerReader,
  s: DerReader,
  top: DerReader,
  passphrase: Uint8Array | undefined,
): Uint8Array {
  const params = alg.sequence('PBEParameter');
  const salt = params.octetString('salt');
  const iterations = params.smallInteger('iterationCount');
  params.end('PBEParameter');
  alg.end('encryptionAlgorithm');
  const data = s.octetString('encryptedData');
  s.end('EncryptedPrivateKeyInfo');
  top.end('EncryptedPrivateKeyInfo');
  if (salt.length !== 8) throw new KeyImportError('corrupted', 'PBES1 salt must be 8 bytes');
  checkIterations('PBKDF1', iterations, salt);
  if (passphrase === undefined)
    throw new KeyEncryptionError('passphrase-required', 'the private key is encrypted');
  const dk = pbkdf1(hashName, passphrase, salt, iterations);
  return decryptCbc(getKeyFileCipher('des-cbc'), dk.subarray(0, 8), dk.subarray(8, 16), data);
}

/** Encrypts a PrivateKeyInfo as an EncryptedPrivateKeyInfo (PBES2). */
export function encryptPkcs8(
  plain: Uint8Array,
  passphrase: Uint8Array,
  options: Pkcs8EncryptOptions = {},
): Uint8Array {
  const cipherName = options.cipher ?? 'aes256-cbc';
  const prf = options.prf ?? 'sha256';
  const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  const random = options.random ?? defaultRandom;
  const cipherOid = Object.entries(AES_CBC_OIDS).find(([, n]) => n === cipherName)?.[0];
  const prfOid = Object.entries(PRF_OIDS).find(([, n]) => n === prf)?.[0];
  if (!cipherOid)
    throw new KeyExportError('invalid-option', `unsupported PKCS#8 cipher ${JSON.stringify(cipherName)}`);
  if (!prfOid) throw new KeyExportError('invalid-option', `unsupported PBKDF2 PRF ${JSON.stringify(prf)}`);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new KeyExportError('invalid-option', `PBKDF2 iterations must be 1..${MAX_PBKDF2_ITERATIONS}`);
  }
  const cipher = getKeyFileCipher(cipherName);
  const salt = random(16);
  const iv = random(cipher.ivLength);
  const key = pbkdf2(prf, passphrase, salt, iterations, cipher.keyLength);
  const data = cipher.encrypt(key, iv, plain, { padding: 'pkcs7' });
  return derSequence(
    derSequence(
      derOid(PBES2),
      derSequence(
        derSequence(
          derOid(PBKDF2),
          derSequence(derOctetString(salt), derInteger(iterations), derSequence(derOid(prfOid), derNull())),
        ),
        derSequence(derOid(cipherOid), derOctetString(iv)),
      ),
    ),
    derOctetString(data),
  );
}

// ---- traditional PEM encryption ----------------------------------------------------

/** DEK-Info cipher names supported, mapped to key-file ciphers. */
const DEK_CIPHERS: Readonly<Record<string, string>> = {
  'AES-128-CBC': 'aes128-cbc',
  'AES-192-CBC': 'aes192-cbc',
  'AES-256-CBC': 'aes256-cbc',
  'DES-EDE3-CBC': 'des-ede3-cbc',
  'DES-CBC': 'des-cbc',
};

/** Ciphers of traditional PEM encryption, as `DEK-Info` spells them. */
export type LegacyPemCipher = 'AES-128-CBC' | 'AES-192-CBC' | 'AES-256-CBC' | 'DES-EDE3-CBC' | 'DES-CBC';

/** True when the headers mark the block encrypted (`Proc-Type: 4,ENCRYPTED`). */
export function isLegacyEncrypted(headers: ReadonlyMap<string, string>): boolean {
  const proc = headers.get('Proc-Type');
  return proc !== undefined && /^4,\s*ENCRYPTED$/i.test(proc);
}

/**
 * Decrypts a traditional encrypted PEM body.
 * @throws KeyEncryptionError, KeyImportError
 */
export function decryptLegacyPem(
  headers: ReadonlyMap<string, string>,
  body: Uint8Array,
  passphrase: Uint8Array | undefined,
): Uint8Array {
  const dek = headers.get('DEK-Info');
  if (!dek) throw new KeyImportError('corrupted', 'encrypted PEM without DEK-Info');
  const m = /^([A-Za-z0-9-]+)\s*,\s*([0-9A-Fa-f]+)$/.exec(dek.trim());
  if (!m) throw new KeyImportError('corrupted', 'malformed DEK-Info');
  const name = (m[1] as string).toUpperCase();
  const cipherName = keyOf(name, DEK_CIPHERS);
  if (!cipherName) throw new KeyEncryptionError('unsupported-cipher', `unsupported PEM cipher ${name}`);
  const cipher = getKeyFileCipher(cipherName);
  const iv = fromHex(m[2] as string);
  if (!iv || iv.length !== cipher.ivLength)
    throw new KeyImportError('corrupted', 'DEK-Info IV has the wrong length');
  if (passphrase === undefined)
    throw new KeyEncryptionError('passphrase-required', 'the private key is encrypted');
  const key = evpBytesToKey(passphrase, iv, cipher.keyLength);
  return decryptCbc(cipher, key, iv, body);
}

/** Encrypts a DER body for traditional PEM; returns the headers and the ciphertext. */
export function encryptLegacyPem(
  plain: Uint8Array,
  passphrase: Uint8Array,
  cipherLabel: LegacyPemCipher = 'AES-128-CBC',
  random: RandomSource = defaultRandom,
): { headers: Map<string, string>; body: Uint8Array } {
  const cipherName = keyOf(cipherLabel, DEK_CIPHERS);
  if (!cipherName)
    throw new KeyExportError('invalid-option', `unsupported PEM cipher ${JSON.stringify(cipherLabel)}`);
  const cipher = getKeyFileCipher(cipherName);
  const iv = random(cipher.ivLength);
  const key = evpBytesToKey(passphrase, iv, cipher.keyLength);
  const body = cipher.encrypt(key, iv, plain, { padding: 'pkcs7' });
  const headers = new Map<string, string>([
    ['Proc-Type', '4,ENCRYPTED'],
    ['DEK-Info', `${cipherLabel},${toHex(iv).toUpperCase()}`],
  ]);
  return { headers, body };
}
