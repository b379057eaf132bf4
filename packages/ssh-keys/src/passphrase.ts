import { encodeUtf8 } from '@sshkit/ssh-wire';

/** A passphrase: text (encoded as UTF-8) or raw bytes. */
export type Passphrase = string | Uint8Array;

/** The passphrase as bytes, or undefined when none (or an empty one for encryption callers to reject). */
export function passphraseBytes(passphrase: Passphrase | undefined): Uint8Array | undefined {
  if (passphrase === undefined) return undefined;
  return typeof passphrase === 'string' ? encodeUtf8(passphrase) : passphrase;
}
