import { SSHError } from '@sshkit/ssh-wire';

/** What a cryptographic operation rejected. */
export type CryptoErrorKind =
  | 'bad-mac'
  | 'bad-tag'
  | 'bad-signature'
  | 'invalid-key'
  | 'invalid-public-value'
  | 'degenerate-secret'
  | 'invalid-group'
  | 'bad-length'
  | 'unsupported-algorithm';

/**
 * A cryptographic check failed or an input was degenerate: a MAC or AEAD tag
 * did not verify, a peer's public value is off the curve or outside [2, p-2],
 * a shared secret is all zero, a key or length is invalid, or an algorithm
 * name is unknown. `kind` says which.
 */
export class CryptoError extends SSHError {
  static override readonly errorName: string = 'CryptoError';
  readonly kind: CryptoErrorKind;

  constructor(kind: CryptoErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}
