/**
 * `SSHKey`: one public or private key of any supported type, with its
 * comment, fingerprint, signing and every export format.
 */
import { WireWriter } from '@sshkit/ssh-wire';
import { getKeyAlgorithm, keyTypeOf } from './algorithms/registry.js';
import type { GenerateOptions } from './algorithms/types.js';
import { bytesEqual } from './bytes.js';
import { type CertificateOptions, issueCertificate, type SSHCertificate } from './certificate.js';
import {
  CryptoError,
  encodePublicKeyBlob,
  type PrivateKey,
  type PublicKey,
  type RandomSource,
  type SkSignatureDetails,
  signatureAlgsForKey,
  signData,
  verifySignature,
  verifySkSignature,
} from './crypto.js';
import { KeyExportError, KeySignError } from './errors.js';
import { type FingerprintHash, fingerprintBlob } from './fingerprint.js';
import {
  encodeDsaPrivate,
  encodePkcs1Private,
  encodePkcs1Public,
  encodePkcs8Private,
  encodeSec1Private,
  encodeSpki,
} from './formats/asn1-keys.js';
import {
  encryptLegacyPem,
  encryptPkcs8,
  type LegacyPemCipher,
  type Pkcs8Cipher,
  type Pkcs8Prf,
} from './formats/encryption.js';
import { encodeOpenSSHPrivate, formatPublicKeyLine } from './formats/openssh.js';
import { encodePem } from './formats/pem.js';
import { encodePpk, type PpkArgon2Params } from './formats/ppk.js';
import { formatRfc4716 } from './formats/rfc4716.js';
import { type Passphrase, passphraseBytes } from './passphrase.js';

/**
 * Private key export formats. `pkcs1-*` means SEC1 `EC PRIVATE KEY` for ECDSA
 * keys and OpenSSL's `DSA PRIVATE KEY` for DSA keys (as OpenSSL and AsyncSSH
 * do); `ppk` is a PuTTY key file (version 3 by default).
 */
export type PrivateKeyFormat = 'openssh' | 'pkcs1-pem' | 'pkcs1-der' | 'pkcs8-pem' | 'pkcs8-der' | 'ppk';
/** Public key export formats. `pkcs1-*` is RSA only; `pkcs8-*` is SubjectPublicKeyInfo. */
export type PublicKeyFormat = 'openssh' | 'rfc4716' | 'pkcs1-pem' | 'pkcs1-der' | 'pkcs8-pem' | 'pkcs8-der';

/** Options of {@link SSHKey.exportPrivateKey}. */
export interface ExportPrivateKeyOptions {
  /**
   * Cipher of an encrypted key: for `openssh` one of `aes128-ctr`, `aes192-ctr`,
   * `aes256-ctr`, `aes128-cbc`, `aes192-cbc`, `aes256-cbc`, `3des-cbc`,
   * `aes128-gcm@openssh.com`, `aes256-gcm@openssh.com`, `chacha20-poly1305@openssh.com`;
   * for `pkcs8-*` `aes128-cbc`, `aes192-cbc`, `aes256-cbc`, `des-ede3-cbc`;
   * for `pkcs1-pem` `AES-128-CBC`, `AES-192-CBC`, `AES-256-CBC`, `DES-EDE3-CBC`
   * (single DES and PBES1 are read, never written).
   * @default 'aes256-ctr' (openssh), 'aes256-cbc' (pkcs8), 'AES-128-CBC' (pkcs1-pem)
   */
  cipher?: string;
  /**
   * bcrypt_pbkdf rounds (`openssh`).
   * @default 16
   */
  rounds?: number;
  /**
   * PBKDF2 iterations (`pkcs8-*`).
   * @default 2048
   */
  iterations?: number;
  /**
   * PBKDF2 PRF (`pkcs8-*`).
   * @default 'sha256'
   */
  prf?: Pkcs8Prf;
  /**
   * PuTTY file version (`ppk`): 3, or 2 for PuTTY before 0.75.
   * @default 3
   */
  ppkVersion?: 2 | 3;
  /** Argon2 parameters of an encrypted version 3 `ppk` (PuTTY's defaults: argon2id, 8192 KiB, 1 lane). */
  argon2?: PpkArgon2Params;
  /**
   * Randomness for salts, IVs and check bytes (CONVENTIONS rule 7).
   * @default the platform CSPRNG
   */
  random?: RandomSource;
}

const PEM_CIPHERS: readonly string[] = ['AES-128-CBC', 'AES-192-CBC', 'AES-256-CBC', 'DES-EDE3-CBC'];
const PKCS8_CIPHERS: readonly string[] = ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', 'des-ede3-cbc'];

/**
 * A public or private SSH key.
 *
 * @example
 * ```ts
 * import { generatePrivateKey } from '@sshkit/ssh-keys';
 * const key = generatePrivateKey('ssh-ed25519', { comment: 'me@host' });
 * const sig = key.sign(new TextEncoder().encode('hello'));
 * key.convertToPublic().verify(new TextEncoder().encode('hello'), sig); // true
 * key.getFingerprint(); // 'SHA256:...'
 * ```
 */
export class SSHKey {
  /** Key type name (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
  readonly algorithm: string;
  /** Comment, or undefined. */
  comment: string | undefined;
  /** The public key material. */
  readonly publicData: PublicKey;
  readonly #private: PrivateKey | undefined;
  #blob: Uint8Array | undefined;

  /**
   * Wraps key material; use the import and generate functions instead of this in most code.
   * @param key - public or private material (private when it carries the private fields)
   * @param comment - comment
   * @param isPrivate - whether `key` holds private material
   */
  constructor(key: PublicKey | PrivateKey, comment: string | undefined, isPrivate: boolean) {
    this.algorithm = keyTypeOf(key);
    this.comment = comment === '' ? undefined : comment;
    this.publicData = key;
    this.#private = isPrivate ? (key as PrivateKey) : undefined;
  }

  /** True when this key can sign. */
  get isPrivate(): boolean {
    return this.#private !== undefined;
  }

  /** The private material, or undefined for a public key. */
  get privateData(): PrivateKey | undefined {
    return this.#private;
  }

  /** The SSH public key blob (RFC 4253 §6.6). */
  get publicBlob(): Uint8Array {
    this.#blob ??= encodePublicKeyBlob(this.publicData);
    return this.#blob.slice();
  }

  /** Key size in bits as `ssh-keygen -l` prints it. */
  get bits(): number {
    return getKeyAlgorithm(this.algorithm).bits(this.publicData);
  }

  /** Signature algorithms this key can produce (`rsa-sha2-512`, `rsa-sha2-256`, `ssh-rsa` for RSA). */
  get signatureAlgorithms(): string[] {
    return signatureAlgsForKey(this.publicData);
  }

  /**
   * The fingerprint as `ssh-keygen -l -E <hash>` prints it.
   * @param hashName - 'sha256' (default) or 'md5'
   * @returns `SHA256:<unpadded base64>` or `MD5:aa:bb:...`
   */
  getFingerprint(hashName: FingerprintHash = 'sha256'): string {
    return fingerprintBlob(this.publicBlob, hashName);
  }

  /** True when `other` has the same public key (comments are ignored). */
  equals(other: SSHKey): boolean {
    return bytesEqual(this.publicBlob, other.publicBlob);
  }

  /** The public half, keeping the comment. */
  convertToPublic(): SSHKey {
    return new SSHKey(publicPart(this.publicData), this.comment, false);
  }

  /**
   * Signs `data`.
   * @param data - bytes to sign
   * @param signatureAlgorithm - e.g. `rsa-sha2-256`; defaults to `rsa-sha2-512` for RSA and the key type otherwise
   * @returns the SSH signature encoding `string algorithm || string blob`
   * @throws KeySignError('not-private' | 'unsupported-signature-algorithm')
   */
  sign(data: Uint8Array, signatureAlgorithm?: string): Uint8Array {
    const key = this.#private;
    if (!key) throw new KeySignError('not-private', 'a public key cannot sign');
    const alg = signatureAlgorithm ?? getKeyAlgorithm(this.algorithm).defaultSignatureAlgorithm;
    if (!this.signatureAlgorithms.includes(alg)) {
      throw new KeySignError(
        'unsupported-signature-algorithm',
        `${this.algorithm} keys cannot sign with ${alg}`,
      );
    }
    return signData(alg, key, data);
  }

  /**
   * Verifies an SSH signature (`string algorithm || string blob`) over `data`.
   * @returns false for any signature that does not verify, malformed ones included
   */
  verify(data: Uint8Array, signature: Uint8Array): boolean {
    try {
      return verifySignature(this.publicData, data, signature);
    } catch (e) {
      if (CryptoError.isInstance(e)) return false;
      throw e;
    }
  }

  /**
   * Verifies a security-key signature (`sk-*` keys) and reports the
   * authenticator's flags and counter, which a server checks against
   * `no-touch-required` and `verify-required` (pass `flags` as `skFlags` to
   * `SSHCertificate.validate` and `SSHAuthorizedKeys.validate`).
   * @returns `{ valid, flags, counter, userPresent, userVerified }`; `valid` is false for a malformed signature
   * @throws KeySignError('unsupported-signature-algorithm') if this is not a security key
   */
  verifySkSignature(data: Uint8Array, signature: Uint8Array): SkSignatureDetails {
    if (this.publicData.kind !== 'sk-ecdsa' && this.publicData.kind !== 'sk-ed25519') {
      throw new KeySignError('unsupported-signature-algorithm', `${this.algorithm} is not a security key`);
    }
    return verifySkSignature(this.publicData, data, signature);
  }

  /**
   * Issues a user certificate for `userKey`, signed by this (CA) key.
   * @param userKey - the key to certify
   * @param keyId - the key id (logged by sshd)
   * @param options - principals, validity, options, extensions, serial
   * @returns the certificate
   * @throws KeySignError('not-private') if this key is public
   * @example
   * ```ts
   * const cert = caKey.generateUserCertificate(userKey, 'alice@laptop', { principals: ['alice'] });
   * ```
   */
  generateUserCertificate(userKey: SSHKey, keyId: string, options?: CertificateOptions): SSHCertificate {
    return issueCertificate(this, userKey, 'user', keyId, options);
  }

  /**
   * Issues a host certificate for `hostKey`, signed by this (CA) key.
   * @param hostKey - the key to certify
   * @param keyId - the key id
   * @param options - principals (host names), validity, options, serial
   * @returns the certificate
   * @throws KeySignError('not-private') if this key is public
   */
  generateHostCertificate(hostKey: SSHKey, keyId: string, options?: CertificateOptions): SSHCertificate {
    return issueCertificate(this, hostKey, 'host', keyId, options);
  }

  /**
   * Exports the public key.
   * @param format - `openssh` (default), `rfc4716`, `pkcs1-pem`/`pkcs1-der` (RSA), `pkcs8-pem`/`pkcs8-der` (SPKI)
   * @returns text for text formats, bytes for `*-der`
   * @throws KeyExportError('unsupported-format')
   */
  exportPublicKey(format: 'pkcs1-der' | 'pkcs8-der'): Uint8Array;
  exportPublicKey(format?: 'openssh' | 'rfc4716' | 'pkcs1-pem' | 'pkcs8-pem'): string;
  exportPublicKey(format?: PublicKeyFormat): string | Uint8Array;
  exportPublicKey(format: PublicKeyFormat = 'openssh'): string | Uint8Array {
    switch (format) {
      case 'openssh':
        return `${formatPublicKeyLine(this.algorithm, this.publicBlob, this.comment)}\n`;
      case 'rfc4716':
        return formatRfc4716(this.publicBlob, this.comment);
      case 'pkcs1-der':
        return encodePkcs1Public(this.publicData);
      case 'pkcs1-pem':
        return encodePem('RSA PUBLIC KEY', encodePkcs1Public(this.publicData));
      case 'pkcs8-der':
        return encodeSpki(this.publicData);
      case 'pkcs8-pem':
        return encodePem('PUBLIC KEY', encodeSpki(this.publicData));
      default:
        throw new KeyExportError('unsupported-format', `unknown public key format ${JSON.stringify(format)}`);
    }
  }

  /**
   * Exports the private key, encrypted when a non-empty passphrase is given.
   * @param format - `openssh` (default), `pkcs1-pem`, `pkcs1-der`, `pkcs8-pem`, `pkcs8-der`, `ppk`
   * @param passphrase - encrypts the key (not possible for `pkcs1-der`)
   * @param options - cipher, KDF cost, randomness
   * @returns text for text formats, bytes for `*-der`
   * @throws KeyExportError('not-private' | 'unsupported-format' | 'invalid-option')
   */
  exportPrivateKey(
    format: 'pkcs1-der' | 'pkcs8-der',
    passphrase?: Passphrase,
    options?: ExportPrivateKeyOptions,
  ): Uint8Array;
  exportPrivateKey(
    format?: 'openssh' | 'pkcs1-pem' | 'pkcs8-pem' | 'ppk',
    passphrase?: Passphrase,
    options?: ExportPrivateKeyOptions,
  ): string;
  exportPrivateKey(
    format?: PrivateKeyFormat,
    passphrase?: Passphrase,
    options?: ExportPrivateKeyOptions,
  ): string | Uint8Array;
  exportPrivateKey(
    format: PrivateKeyFormat = 'openssh',
    passphrase?: Passphrase,
    options: ExportPrivateKeyOptions = {},
  ): string | Uint8Array {
    const key = this.#private;
    if (!key) throw new KeyExportError('not-private', 'a public key has no private export');
    const pass = passphraseBytes(passphrase);
    const encrypt = pass !== undefined && pass.length > 0;
    const random = options.random;
    switch (format) {
      case 'openssh': {
        const o = {
          ...(options.cipher !== undefined ? { cipher: options.cipher } : {}),
          ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
          ...(random ? { random } : {}),
        };
        return encodeOpenSSHPrivate(key, this.comment ?? '', passphrase, o);
      }
      case 'pkcs1-der':
      case 'pkcs1-pem': {
        const der =
          key.kind === 'rsa'
            ? encodePkcs1Private(key)
            : key.kind === 'ecdsa'
              ? encodeSec1Private(key)
              : key.kind === 'dsa'
                ? encodeDsaPrivate(key)
                : null;
        if (!der)
          throw new KeyExportError('unsupported-format', `${this.algorithm} keys have no PKCS#1/SEC1 form`);
        const label =
          key.kind === 'rsa' ? 'RSA PRIVATE KEY' : key.kind === 'dsa' ? 'DSA PRIVATE KEY' : 'EC PRIVATE KEY';
        if (format === 'pkcs1-der') {
          if (encrypt) throw new KeyExportError('invalid-option', 'pkcs1-der cannot be encrypted');
          return der;
        }
        if (!encrypt) return encodePem(label, der);
        const cipher = options.cipher ?? 'AES-128-CBC';
        if (!PEM_CIPHERS.includes(cipher)) {
          throw new KeyExportError('invalid-option', `unsupported PEM cipher ${JSON.stringify(cipher)}`);
        }
        const enc = encryptLegacyPem(der, pass, cipher as LegacyPemCipher, random);
        return encodePem(label, enc.body, enc.headers);
      }
      case 'pkcs8-der':
      case 'pkcs8-pem': {
        let der = encodePkcs8Private(key);
        if (encrypt) {
          const cipher = options.cipher ?? 'aes256-cbc';
          if (!PKCS8_CIPHERS.includes(cipher)) {
            throw new KeyExportError('invalid-option', `unsupported PKCS#8 cipher ${JSON.stringify(cipher)}`);
          }
          der = encryptPkcs8(der, pass, {
            cipher: cipher as Pkcs8Cipher,
            ...(options.prf ? { prf: options.prf } : {}),
            ...(options.iterations !== undefined ? { iterations: options.iterations } : {}),
            ...(random ? { random } : {}),
          });
        }
        if (format === 'pkcs8-der') return der;
        return encodePem(encrypt ? 'ENCRYPTED PRIVATE KEY' : 'PRIVATE KEY', der);
      }
      case 'ppk':
        return encodePpk(key, this.comment ?? '', passphrase, {
          ...(options.ppkVersion !== undefined ? { version: options.ppkVersion } : {}),
          ...(options.argon2 ? { argon2: options.argon2 } : {}),
          ...(random ? { random } : {}),
        });
      default:
        throw new KeyExportError(
          'unsupported-format',
          `unknown private key format ${JSON.stringify(format)}`,
        );
    }
  }
}

/** Only the public fields of key material. */
function publicPart(p: PublicKey): PublicKey {
  switch (p.kind) {
    case 'rsa':
      return Object.freeze({ kind: 'rsa', n: p.n, e: p.e });
    case 'dsa':
      return Object.freeze({ kind: 'dsa', p: p.p, q: p.q, g: p.g, y: p.y });
    case 'ecdsa':
      return Object.freeze({ kind: 'ecdsa', curve: p.curve, Q: p.Q });
    case 'ed25519':
    case 'ed448':
      return Object.freeze({ kind: p.kind, publicKey: p.publicKey });
    case 'sk-ecdsa':
    case 'sk-ed25519':
      return p;
    default: {
      const never: never = p;
      throw new TypeError(`unknown key kind ${String(never)}`);
    }
  }
}

/** Key types {@link generatePrivateKey} accepts. */
export type GeneratableKeyType =
  | 'ssh-ed25519'
  | 'ecdsa-sha2-nistp256'
  | 'ecdsa-sha2-nistp384'
  | 'ecdsa-sha2-nistp521'
  | 'ssh-rsa'
  | 'ssh-dss'
  | 'ssh-ed448';

/** Options of {@link generatePrivateKey}. */
export interface GeneratePrivateKeyOptions {
  /**
   * RSA modulus size (2048..8192); ignored for other types.
   * @default 3072
   */
  bits?: number;
  /** Comment stored with the key. */
  comment?: string;
  /**
   * Randomness (CONVENTIONS rule 7).
   * @default the platform CSPRNG
   */
  random?: RandomSource;
}

/**
 * Generates a private key.
 * @param algorithm - key type name
 * @param options - bits (RSA), comment, randomness
 * @returns the new key
 * @throws RangeError for an unsupported type or size
 * @example
 * ```ts
 * import { generatePrivateKey } from '@sshkit/ssh-keys';
 * const key = generatePrivateKey('ecdsa-sha2-nistp256', { comment: 'ci' });
 * ```
 */
export function generatePrivateKey(
  algorithm: GeneratableKeyType,
  options: GeneratePrivateKeyOptions = {},
): SSHKey {
  let alg: ReturnType<typeof getKeyAlgorithm>;
  try {
    alg = getKeyAlgorithm(algorithm);
  } catch {
    throw new RangeError(`generatePrivateKey: unsupported key type ${JSON.stringify(algorithm)}`);
  }
  const g: GenerateOptions = {
    ...(options.bits !== undefined ? { bits: options.bits } : {}),
    ...(options.random ? { random: options.random } : {}),
  };
  return new SSHKey(alg.generate(g), options.comment, true);
}

/**
 * A private key as ssh-agent's ADD_IDENTITY carries it (draft-miller-ssh-agent):
 * `string key type || private fields`, the fields being those of an OpenSSH
 * private key file (RSA: n, e, d, iqmp, p, q). With a certificate it is the
 * certified key, as ssh-add sends it: `string certificate type || string
 * certificate || private fields`, less the public fields the certificate
 * carries (Ed25519: pk, seed || pk; ECDSA: d; RSA: d, iqmp, p, q; DSA: x).
 * The comment that follows in the message is not included.
 * @param key - a private key
 * @param certificate - a certificate of `key`, to add the key as that certificate
 * @returns the encoded key
 * @throws KeyExportError('unsupported-format') for a security key (it lives in its
 *   authenticator), ('not-private') for a public key, ('certificate-mismatch') for a
 *   certificate of another key
 * @example
 * ```ts
 * import { encodeAgentPrivateKey, generatePrivateKey } from '@sshkit/ssh-keys';
 * const [key, ca] = [generatePrivateKey('ssh-ed25519'), generatePrivateKey('ssh-ed25519')];
 * const body = encodeAgentPrivateKey(key);
 * const certified = encodeAgentPrivateKey(key, ca.generateUserCertificate(key, 'id'));
 * ```
 */
export function encodeAgentPrivateKey(key: SSHKey, certificate?: SSHCertificate): Uint8Array {
  const { kind } = key.publicData;
  if (kind === 'sk-ecdsa' || kind === 'sk-ed25519') {
    throw new KeyExportError(
      'unsupported-format',
      `${key.algorithm} keys live in their authenticator and cannot be added to an agent`,
    );
  }
  const material = key.privateData;
  if (!material) throw new KeyExportError('not-private', 'a public key cannot be added to an agent');
  const algorithm = getKeyAlgorithm(key.algorithm);
  if (!certificate) {
    const w = new WireWriter().string(key.algorithm);
    algorithm.writePrivate(w, material);
    return w.finish();
  }
  if (!certificate.key.equals(key)) {
    throw new KeyExportError(
      'certificate-mismatch',
      `the ${certificate.algorithm} certificate certifies ${certificate.key.getFingerprint()}, not ${key.getFingerprint()}`,
    );
  }
  const w = new WireWriter().string(certificate.algorithm).string(certificate.blob);
  algorithm.writeCertPrivate(w, material);
  return w.finish();
}
