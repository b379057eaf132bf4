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
import { importCertificate, type SSHCertificate } from '../certificate.js';
import { importPrivateKey, importPrivateKeys, importPublicKey, importPublicKeys } from '../import.js';
import type { ExportPrivateKeyOptions, PrivateKeyFormat, PublicKeyFormat, SSHKey } from '../key.js';
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
