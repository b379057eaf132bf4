/**
 * Resolving "specified" keys, certificates and key pairs, after AsyncSSH's
 * `load_keypairs`, `load_public_keys` and `load_certificates` ("Specifying
 * private keys" / "Specifying public keys"): a value is an already loaded
 * object or the bytes of a file. `@sshkit/ssh-keys/node` adds file names and
 * the `-cert.pub` pairing on top of these.
 */
import { importCertificates, type SSHCertificate } from './certificate.js';
import { KeyEncryptionError, KeyImportError } from './errors.js';
import { importPrivateKey, importPublicKeys } from './import.js';
import type { SSHKey } from './key.js';
import type { Passphrase } from './passphrase.js';

/** A private key: loaded, or the bytes of a key file (any supported format). */
export type PrivateKeySource = SSHKey | Uint8Array;
/**
 * Certificates for a key: loaded, the bytes of a certificate file (one or more
 * certificates; each gives a key pair), or null/undefined for none.
 */
export type CertificateSource = SSHCertificate | Uint8Array | null | undefined;
/** One entry of a key pair list: a key, a key pair, or a `[key, certificates]` pair. */
export type KeyPairSource = PrivateKeySource | SSHKeyPair | readonly [PrivateKeySource, CertificateSource];
/** A public key: loaded, or the bytes of a public key file. */
export type PublicKeySource = SSHKey | Uint8Array;

/**
 * A private key and, optionally, a certificate for it: what a client offers in
 * publickey authentication.
 *
 * @example
 * ```ts
 * import { SSHKeyPair } from '@sshkit/ssh-keys';
 * const pair = new SSHKeyPair(key, cert);
 * pair.algorithm; // 'ssh-ed25519-cert-v01@openssh.com'
 * ```
 */
export class SSHKeyPair {
  /** The private key. */
  readonly key: SSHKey;
  /** The certificate of `key`, or undefined. */
  readonly certificate: SSHCertificate | undefined;

  /**
   * @param key - a private key
   * @param certificate - a certificate whose certified key is `key`
   * @throws KeyImportError('invalid-key') when `key` is public or the certificate is for another key
   */
  constructor(key: SSHKey, certificate?: SSHCertificate) {
    if (!key.isPrivate) throw new KeyImportError('invalid-key', 'a key pair needs a private key');
    if (certificate && !certificate.key.equals(key)) {
      throw new KeyImportError('invalid-key', 'the certificate is for another key');
    }
    this.key = key;
    this.certificate = certificate;
  }

  /** The certificate type when there is a certificate, else the key type. */
  get algorithm(): string {
    return this.certificate?.algorithm ?? this.key.algorithm;
  }

  /** The blob sent to the server: the certificate, or the public key. */
  get publicBlob(): Uint8Array {
    return this.certificate ? this.certificate.blob.slice() : this.key.publicBlob;
  }

  /** The key's comment, else the certificate's. */
  get comment(): string | undefined {
    return this.key.comment ?? this.certificate?.comment;
  }

  /**
   * Signs with the private key.
   * @param data - bytes to sign
   * @param signatureAlgorithm - as {@link SSHKey.sign}
   * @returns the SSH signature encoding
   */
  sign(data: Uint8Array, signatureAlgorithm?: string): Uint8Array {
    return this.key.sign(data, signatureAlgorithm);
  }
}

/** Options of {@link loadKeypairs}. */
export interface LoadKeypairsOptions {
  /**
   * Extra certificates: each one is attached to the entries whose key it
   * certifies and that name no certificate of their own (AsyncSSH `certlist`).
   */
  certificates?: readonly (SSHCertificate | Uint8Array)[] | Uint8Array;
  /**
   * Skip keys that are encrypted when no passphrase opens them, instead of failing.
   * @default false
   */
  ignoreEncrypted?: boolean;
}

function toPrivateKey(source: PrivateKeySource, passphrase: Passphrase | undefined): SSHKey {
  if (source instanceof Uint8Array) return importPrivateKey(source, passphrase);
  if (!source.isPrivate) throw new KeyImportError('invalid-key', 'a key pair needs a private key');
  return source;
}

/**
 * Loads certificates from loaded objects and file contents.
 * @param spec - one source or a list
 * @returns every certificate, in order
 * @throws KeyImportError
 */
export function loadCertificates(
  spec: SSHCertificate | Uint8Array | readonly (SSHCertificate | Uint8Array)[],
): SSHCertificate[] {
  const list = Array.isArray(spec) ? (spec as readonly (SSHCertificate | Uint8Array)[]) : [spec];
  return list.flatMap((c) => (c instanceof Uint8Array ? importCertificates(c) : [c as SSHCertificate]));
}

function isPair(entry: KeyPairSource): entry is readonly [PrivateKeySource, CertificateSource] {
  return Array.isArray(entry);
}

/**
 * Resolves a list of keys, key pairs and `[key, certificates]` pairs into key
 * pairs, as AsyncSSH's `load_keypairs`. A top-level array is always a list:
 * write a single pair as `[[key, cert]]`.
 * @param spec - one entry or a list of entries
 * @param passphrase - for the encrypted keys given as bytes
 * @param options - extra certificates, skipping encrypted keys
 * @returns one pair per key, or per certificate when a key has several
 * @throws KeyImportError (`invalid-key` when a certificate is for another key), KeyEncryptionError
 * @example
 * ```ts
 * import { loadKeypairs } from '@sshkit/ssh-keys';
 * const pairs = loadKeypairs([ed25519Key, [rsaKeyBytes, rsaCertBytes]], 'passphrase');
 * ```
 */
export function loadKeypairs(
  spec: KeyPairSource | readonly KeyPairSource[],
  passphrase?: Passphrase,
  options: LoadKeypairsOptions = {},
): SSHKeyPair[] {
  const entries: readonly KeyPairSource[] = Array.isArray(spec)
    ? (spec as readonly KeyPairSource[])
    : [spec as KeyPairSource];
  const extra =
    options.certificates === undefined
      ? []
      : loadCertificates(
          options.certificates as SSHCertificate | Uint8Array | readonly (SSHCertificate | Uint8Array)[],
        );
  const result: SSHKeyPair[] = [];
  for (const entry of entries) {
    if (entry instanceof SSHKeyPair) {
      result.push(entry);
      continue;
    }
    const [keySource, certSource] = isPair(entry) ? entry : [entry, undefined];
    let key: SSHKey;
    try {
      key = toPrivateKey(keySource, passphrase);
    } catch (e) {
      if (options.ignoreEncrypted && KeyEncryptionError.isInstance(e) && e.reason === 'passphrase-required') {
        continue;
      }
      throw e;
    }
    const certs =
      certSource === null || certSource === undefined
        ? extra.filter((c) => c.key.equals(key))
        : loadCertificates(certSource);
    if (certs.length === 0) result.push(new SSHKeyPair(key));
    for (const cert of certs) result.push(new SSHKeyPair(key, cert));
  }
  return result;
}

/**
 * Resolves public keys (AsyncSSH `load_public_keys`): loaded keys are taken as
 * they are (private ones as their public half); bytes are a public key file,
 * which may hold several keys.
 * @param spec - one source or a list
 * @returns the keys, in order
 * @throws KeyImportError
 */
export function loadPublicKeys(spec: PublicKeySource | readonly PublicKeySource[]): SSHKey[] {
  const list = Array.isArray(spec) ? (spec as readonly PublicKeySource[]) : [spec as PublicKeySource];
  return list.flatMap((k) =>
    k instanceof Uint8Array ? importPublicKeys(k) : [(k as SSHKey).convertToPublic()],
  );
}
