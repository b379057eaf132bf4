/**
 * `@sshkit/ssh-keys/node`: reading and writing key files with `node:fs`.
 *
 * @example
 * ```ts
 * import { readPrivateKey, writePrivateKey } from '@sshkit/ssh-keys/node';
 * const key = await readPrivateKey(`${process.env.HOME}/.ssh/id_ed25519`, 'passphrase');
 * await writePrivateKey(key, '/tmp/copy', 'openssh');
 * ```
 */
import { readFile, writeFile } from 'node:fs/promises';
import { importAuthorizedKeys, type SSHAuthorizedKeys } from '../authorized-keys.js';
import { importCertificate, importCertificates, type SSHCertificate } from '../certificate.js';
import { importPrivateKey, importPrivateKeys, importPublicKey, importPublicKeys } from '../import.js';
import type { ExportPrivateKeyOptions, PrivateKeyFormat, PublicKeyFormat, SSHKey } from '../key.js';
import {
  type CertificateSource,
  type KeyPairSource,
  loadCertificates as loadCertificatesPure,
  loadKeypairs as loadKeypairsPure,
  loadPublicKeys as loadPublicKeysPure,
  type PrivateKeySource,
  type PublicKeySource,
  type SSHKeyPair,
} from '../keypairs.js';
import { importKnownHosts, type SSHKnownHosts } from '../known-hosts.js';
import type { Passphrase } from '../passphrase.js';

async function read(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}

/** Reads and imports a private key file (any supported format). */
export async function readPrivateKey(path: string, passphrase?: Passphrase): Promise<SSHKey> {
  return importPrivateKey(await read(path), passphrase);
}

/** Reads every private key in a file. */
export async function readPrivateKeyList(path: string, passphrase?: Passphrase): Promise<SSHKey[]> {
  return importPrivateKeys(await read(path), passphrase);
}

/** Reads and imports a public key file. */
export async function readPublicKey(path: string): Promise<SSHKey> {
  return importPublicKey(await read(path));
}

/** Reads every public key in a file (one per line). */
export async function readPublicKeyList(path: string): Promise<SSHKey[]> {
  return importPublicKeys(await read(path));
}

/** Reads an OpenSSH certificate file (`*-cert.pub`). */
export async function readCertificate(path: string): Promise<SSHCertificate> {
  return importCertificate(await read(path));
}

/** Reads every certificate in a file (one per line, or several files concatenated). */
export async function readCertificateList(path: string): Promise<SSHCertificate[]> {
  return importCertificates(await read(path));
}

/** A private key: a file name, loaded, or a file's bytes. */
export type PrivateKeyFileSource = string | PrivateKeySource;
/** Certificates: a file name (one or more certificates), loaded, bytes, or null for none. */
export type CertificateFileSource = string | CertificateSource;
/**
 * One entry of a key pair list: a key file name (its `-cert.pub` is loaded
 * too when it exists), a key, a key pair, or a `[key, certificates]` pair.
 */
export type KeyPairFileSource =
  | PrivateKeyFileSource
  | SSHKeyPair
  | readonly [PrivateKeyFileSource, CertificateFileSource];

/** Options of {@link loadKeypairs}. */
export interface LoadKeypairFilesOptions {
  /** Extra certificates (file names, loaded, bytes), attached to the keys they certify. */
  certificates?: string | readonly (string | SSHCertificate | Uint8Array)[];
  /**
   * Skip keys that are encrypted when no passphrase opens them, instead of failing.
   * @default false
   */
  ignoreEncrypted?: boolean;
}

function isMissing(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'ENOENT';
}

async function readOptional(path: string): Promise<Uint8Array | null> {
  try {
    return await read(path);
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

async function resolveCerts(source: CertificateFileSource): Promise<CertificateSource> {
  return typeof source === 'string' ? read(source) : source;
}

async function resolveEntry(entry: KeyPairFileSource): Promise<KeyPairSource> {
  if (typeof entry === 'string') {
    return [await read(entry), await readOptional(`${entry}-cert.pub`)];
  }
  if (Array.isArray(entry)) {
    const [k, c] = entry as readonly [PrivateKeyFileSource, CertificateFileSource];
    return [typeof k === 'string' ? await read(k) : k, await resolveCerts(c)];
  }
  return entry as PrivateKeySource | SSHKeyPair;
}

/**
 * Resolves keys and key pairs as AsyncSSH's `load_keypairs` ("Specifying
 * private keys"): a file name loads the key and, when it exists, the
 * certificate file named by appending `-cert.pub`; `[key, cert]` pairs name
 * the certificate (file name, bytes, loaded, or null for none); loaded keys and
 * bytes are taken as they are. A single string is a key list file: if it holds
 * several keys, each becomes a pair without certificate. A top-level array is
 * always a list: write a single pair as `[[key, cert]]`.
 * @param spec - one entry or a list
 * @param passphrase - for encrypted key files and bytes
 * @param options - extra certificates, skipping encrypted keys
 * @returns the key pairs (one per certificate when a certificate file holds several)
 * @throws KeyImportError, KeyEncryptionError, or the file system error of a missing key file
 * @example
 * ```ts
 * import { loadKeypairs } from '@sshkit/ssh-keys/node';
 * const pairs = await loadKeypairs(['/home/me/.ssh/id_ed25519', ['/keys/ci', '/keys/ci-cert.pub']]);
 * ```
 */
export async function loadKeypairs(
  spec: KeyPairFileSource | readonly KeyPairFileSource[],
  passphrase?: Passphrase,
  options: LoadKeypairFilesOptions = {},
): Promise<SSHKeyPair[]> {
  let entries: readonly KeyPairFileSource[];
  if (typeof spec === 'string') {
    let keys: SSHKey[] = [];
    try {
      keys = importPrivateKeys(await read(spec), passphrase);
    } catch (e) {
      if (isMissing(e)) throw e;
    }
    entries = keys.length > 1 ? keys : [spec];
  } else {
    entries = Array.isArray(spec) ? (spec as readonly KeyPairFileSource[]) : [spec as KeyPairFileSource];
  }
  const resolved = await Promise.all(entries.map(resolveEntry));
  const certificates =
    options.certificates === undefined ? undefined : await loadCertificates(options.certificates);
  return loadKeypairsPure(resolved, passphrase, {
    ...(certificates ? { certificates } : {}),
    ...(options.ignoreEncrypted !== undefined ? { ignoreEncrypted: options.ignoreEncrypted } : {}),
  });
}

/**
 * Resolves public keys as AsyncSSH's `load_public_keys` ("Specifying public
 * keys"): a single string is a file of keys; in a list, a string is a file
 * holding one key, and loaded keys and bytes are taken as they are.
 * @throws KeyImportError, or the file system error of a missing file
 */
export async function loadPublicKeys(
  spec: string | PublicKeySource | readonly (string | PublicKeySource)[],
): Promise<SSHKey[]> {
  if (typeof spec === 'string') return readPublicKeyList(spec);
  const list = Array.isArray(spec)
    ? (spec as readonly (string | PublicKeySource)[])
    : [spec as PublicKeySource];
  const resolved = await Promise.all(list.map(async (k) => (typeof k === 'string' ? readPublicKey(k) : k)));
  return loadPublicKeysPure(resolved);
}

/**
 * Resolves certificates as AsyncSSH's `load_certificates`: file names (each
 * may hold several certificates), loaded certificates and bytes.
 * @throws KeyImportError, or the file system error of a missing file
 */
export async function loadCertificates(
  spec: string | SSHCertificate | Uint8Array | readonly (string | SSHCertificate | Uint8Array)[],
): Promise<SSHCertificate[]> {
  const list = Array.isArray(spec)
    ? (spec as readonly (string | SSHCertificate | Uint8Array)[])
    : [spec as string | SSHCertificate | Uint8Array];
  const resolved = await Promise.all(list.map(async (c) => (typeof c === 'string' ? read(c) : c)));
  return loadCertificatesPure(resolved);
}

/** Reads a known_hosts file. */
export async function readKnownHosts(path: string): Promise<SSHKnownHosts> {
  return importKnownHosts(await read(path));
}

/** Reads an authorized_keys file. */
export async function readAuthorizedKeys(path: string): Promise<SSHAuthorizedKeys> {
  return importAuthorizedKeys(await read(path));
}

/** Writes a private key with mode 0600 (what ssh and ssh-keygen require). */
export async function writePrivateKey(
  key: SSHKey,
  path: string,
  format: PrivateKeyFormat = 'openssh',
  passphrase?: Passphrase,
  options?: ExportPrivateKeyOptions,
): Promise<void> {
  await writeFile(path, key.exportPrivateKey(format, passphrase, options), { mode: 0o600 });
}

/** Writes a public key (mode 0644). */
export async function writePublicKey(
  key: SSHKey,
  path: string,
  format: PublicKeyFormat = 'openssh',
): Promise<void> {
  await writeFile(path, key.exportPublicKey(format), { mode: 0o644 });
}
