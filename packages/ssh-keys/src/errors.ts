/**
 * Typed errors of `@sshkit/ssh-keys` (CONVENTIONS rule 12). Each carries a
 * machine-readable `reason`; tests and callers branch on `name` and `reason`,
 * never on message text.
 */
import { SSHError } from '@sshkit/ssh-wire';

/** Why a key, certificate or key list could not be imported. */
export type KeyImportReason =
  /** The input matches none of the supported formats. */
  | 'unrecognized-format'
  /** The input ends before a field it announces. */
  | 'truncated'
  /** A structural rule of the format is broken (bad length, bad tag, trailing data, check bytes...). */
  | 'corrupted'
  /** The key type, curve or OID is not one this version supports. */
  | 'unsupported-algorithm'
  /** The structure is well formed but the key material is not a valid key (point off the curve, public/private mismatch...). */
  | 'invalid-key'
  /** The input holds more than one key where one was expected, or none. */
  | 'wrong-count';

/**
 * A key, certificate or key list could not be parsed.
 *
 * @example
 * ```ts
 * import { importPublicKey, KeyImportError } from '@sshkit/ssh-keys';
 * try { importPublicKey('nonsense'); } catch (e) { if (KeyImportError.isInstance(e)) console.log(e.reason); }
 * ```
 */
export class KeyImportError extends SSHError {
  static override readonly errorName: string = 'KeyImportError';
  readonly reason: KeyImportReason;

  constructor(reason: KeyImportReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Why a key could not be exported. */
export type KeyExportReason =
  /** The format cannot hold this key type (e.g. PKCS#1 for an Ed25519 key). */
  | 'unsupported-format'
  /** A private-key format was asked of a public key. */
  | 'not-private'
  /** An option is out of range or unknown (cipher name, rounds...). */
  | 'invalid-option'
  /** A certificate given with a key certifies another key. */
  | 'certificate-mismatch';

/** A key could not be exported in the requested format. */
export class KeyExportError extends SSHError {
  static override readonly errorName: string = 'KeyExportError';
  readonly reason: KeyExportReason;

  constructor(reason: KeyExportReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Why an encrypted private key could not be decrypted (or encrypted). */
export type KeyEncryptionReason =
  /** The key is encrypted and no passphrase was given. */
  | 'passphrase-required'
  /** The passphrase does not decrypt the key (check bytes, padding or structure mismatch). */
  | 'wrong-passphrase'
  /** The cipher named by the file is not supported. */
  | 'unsupported-cipher'
  /** The key derivation function (or its PRF) named by the file is not supported. */
  | 'unsupported-kdf'
  /** The KDF parameters are out of range (zero rounds, empty salt...). */
  | 'invalid-kdf-parameters';

/** An encrypted private key could not be decrypted, or a key could not be encrypted. */
export class KeyEncryptionError extends SSHError {
  static override readonly errorName: string = 'KeyEncryptionError';
  readonly reason: KeyEncryptionReason;

  constructor(reason: KeyEncryptionReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Why a certificate was rejected by `validate()`. */
export type CertificateReason =
  | 'wrong-type'
  | 'not-yet-valid'
  | 'expired'
  | 'principal-mismatch'
  | 'unknown-critical-option'
  | 'source-address'
  | 'bad-signature'
  | 'ca-is-certificate'
  /** A security-key signature without the user-presence flag, and no `no-touch-required` extension. */
  | 'user-presence-required'
  /** `verify-required` and a security-key signature without the user-verification flag. */
  | 'user-verification-required';

/** A certificate failed validation (`SSHCertificate.validate`). */
export class CertificateError extends SSHError {
  static override readonly errorName: string = 'CertificateError';
  readonly reason: CertificateReason;

  constructor(reason: CertificateReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** What a signing or verification call rejected. */
export type KeySignReason = 'not-private' | 'unsupported-signature-algorithm';

/** A key cannot produce the requested signature (public-only key, algorithm not valid for the key). */
export class KeySignError extends SSHError {
  static override readonly errorName: string = 'KeySignError';
  readonly reason: KeySignReason;

  constructor(reason: KeySignReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
