/**
 * @packageDocumentation
 * `@sshkit/ssh-keys`: SSH keys and certificates in every common format,
 * known_hosts and authorized_keys. Runtime-agnostic (no `node:` imports, no
 * `Buffer`); file helpers live in `@sshkit/ssh-keys/node`.
 *
 * @example
 * ```ts
 * import { generatePrivateKey, importPublicKey } from '@sshkit/ssh-keys';
 * const key = generatePrivateKey('ssh-ed25519', { comment: 'me@host' });
 * const text = key.exportPrivateKey('openssh', 'passphrase');
 * importPublicKey(key.exportPublicKey()).getFingerprint(); // 'SHA256:...'
 * ```
 */
export {
  type AuthorizedKeyOptions,
  type AuthorizedKeyOptionsInput,
  type AuthorizedKeyPermissions,
  type AuthorizedKeysEntry,
  type AuthorizedKeysLineError,
  type AuthorizedKeysMatchOptions,
  formatAuthorizedKey,
  type ImportAuthorizedKeysOptions,
  importAuthorizedKeys,
  SSHAuthorizedKeys,
} from './authorized-keys.js';
export {
  CERT_FOREVER,
  type CertificateOptions,
  type CertificateValidateOptions,
  type CertType,
  DEFAULT_USER_EXTENSIONS,
  importCertificate,
  importCertificates,
  KNOWN_CRITICAL_OPTIONS,
  SSHCertificate,
} from './certificate.js';
export {
  CertificateError,
  type CertificateReason,
  KeyEncryptionError,
  type KeyEncryptionReason,
  KeyExportError,
  type KeyExportReason,
  KeyImportError,
  type KeyImportReason,
  KeySignError,
  type KeySignReason,
} from './errors.js';
export { type FingerprintHash, fingerprintBlob } from './fingerprint.js';
export { DEFAULT_PBKDF2_ITERATIONS, type Pkcs8Prf } from './formats/encryption.js';
export { DEFAULT_BCRYPT_ROUNDS, OPENSSH_KEY_CIPHERS } from './formats/openssh.js';
export type { PpkArgon2Params } from './formats/ppk.js';
export { importPrivateKey, importPrivateKeys, importPublicKey, importPublicKeys } from './import.js';
export {
  type ExportPrivateKeyOptions,
  encodeAgentPrivateKey,
  type GeneratableKeyType,
  type GeneratePrivateKeyOptions,
  generatePrivateKey,
  type PrivateKeyFormat,
  type PublicKeyFormat,
  SSHKey,
} from './key.js';
export {
  type CertificateSource,
  type KeyPairSource,
  type LoadKeypairsOptions,
  loadCertificates,
  loadKeypairs,
  loadPublicKeys,
  type PrivateKeySource,
  type PublicKeySource,
  SSHKeyPair,
} from './keypairs.js';
export {
  type AddKnownHostOptions,
  formatKnownHostsEntry,
  hashKnownHostName,
  type ImportKnownHostsOptions,
  importKnownHosts,
  type KnownHostsEntry,
  type KnownHostsLineError,
  type KnownHostsMarker,
  matchKnownHosts,
  SSHKnownHosts,
} from './known-hosts.js';
export type { Passphrase } from './passphrase.js';
export { SK_USER_PRESENCE_REQUIRED, SK_USER_VERIFICATION_REQUIRED } from './sk-flags.js';
