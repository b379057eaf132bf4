/**
 * Key fingerprints exactly as `ssh-keygen -l` prints them (OpenSSH
 * `sshkey_fingerprint`): `SHA256:` + unpadded base64 of SHA-256(blob), or
 * `MD5:` + colon-separated lower-case hex of MD5(blob).
 */
import { encodeBase64 } from '@sshkit/ssh-wire';
import { toHex } from './bytes.js';
import { hash } from './crypto.js';

/** Fingerprint hash names. */
export type FingerprintHash = 'sha256' | 'md5';

/**
 * The fingerprint of a public key blob.
 * @param blob - SSH public key blob
 * @param hashName - 'sha256' (default) or 'md5'
 * @returns e.g. `SHA256:3GYn1pcAxhgf+Ok9jDLjUBHNLTQgvwO0c6NkJZvlXZo`
 * @throws RangeError for an unknown hash name
 */
export function fingerprintBlob(blob: Uint8Array, hashName: FingerprintHash = 'sha256'): string {
  if (hashName === 'sha256') return `SHA256:${encodeBase64(hash('sha256', blob)).replace(/=+$/, '')}`;
  if (hashName === 'md5') return `MD5:${toHex(hash('md5', blob), ':')}`;
  throw new RangeError(`getFingerprint: unknown hash ${JSON.stringify(hashName)}`);
}
