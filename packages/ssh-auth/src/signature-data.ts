/**
 * What a `publickey` (RFC 4252 §7) or `hostbased` (§9) signature covers, and the mapping between
 * public key algorithm names and signature algorithms, certificates included
 * (OpenSSH PROTOCOL.certkeys).
 */
import { MSG_USERAUTH_REQUEST } from '@sshkit/ssh-codes';
import { WireWriter } from '@sshkit/ssh-wire';

/** The suffix of OpenSSH v01 certificate algorithm names. */
export const CERT_SUFFIX = '-cert-v01@openssh.com';

/**
 * Security-key algorithms carry their vendor suffix on the plain name only
 * (PROTOCOL.u2f): `sk-ssh-ed25519@openssh.com` is certified as
 * `sk-ssh-ed25519-cert-v01@openssh.com`, not `…@openssh.com-cert-v01@openssh.com`.
 */
const SK_SUFFIX = '@openssh.com';

function isSecurityKeyName(name: string): boolean {
  return name.startsWith('sk-');
}

/** The fields of a `publickey` request the signature covers. */
export interface PublicKeySignedFields {
  /** The session identifier H of the first key exchange. */
  readonly sessionId: Uint8Array;
  readonly username: string;
  readonly service: string;
  /** Public key algorithm name, as in the request (a certificate algorithm for certificates). */
  readonly algorithm: string;
  /** Public key or certificate blob, as in the request. */
  readonly publicKey: Uint8Array;
}

// RFC 4252 §7  string session identifier / byte SSH_MSG_USERAUTH_REQUEST / string user name /
//              string service name / string "publickey" / boolean TRUE /
//              string public key algorithm name / string public key to be used for authentication
/**
 * The data a `publickey` signature is computed over. "The value of 'signature'
 * is a signature by the corresponding private key over the following data, in
 * the following order" (RFC 4252 §7). The boolean is always TRUE here, whatever
 * non-zero byte the request carried.
 * @param f - the signed fields
 * @returns the bytes to sign or verify
 * @example
 * ```ts
 * import { publicKeySignedData } from '@sshkit/ssh-auth';
 * const data = publicKeySignedData({ sessionId, username: 'alice', service: 'ssh-connection',
 *   algorithm: key.algorithm, publicKey: key.publicBlob });
 * const signature = key.sign(data);
 * ```
 */
export function publicKeySignedData(f: PublicKeySignedFields): Uint8Array {
  return new WireWriter(f.sessionId.length + f.publicKey.length + 128)
    .string(f.sessionId)
    .u8(MSG_USERAUTH_REQUEST)
    .string(f.username)
    .string(f.service)
    .string('publickey')
    .bool(true)
    .string(f.algorithm)
    .string(f.publicKey)
    .finish();
}

/** The fields of a `hostbased` request the signature covers. */
export interface HostbasedSignedFields {
  /** The session identifier H of the first key exchange. */
  readonly sessionId: Uint8Array;
  readonly username: string;
  readonly service: string;
  /** Host key algorithm name, as in the request. */
  readonly algorithm: string;
  /** Host key or certificate blob, as in the request. */
  readonly publicKey: Uint8Array;
  /** The client host name exactly as sent (trailing dot included). */
  readonly clientHost: string;
  /** The user name on the client host. */
  readonly clientUsername: string;
}

// RFC 4252 §9  string session identifier / byte SSH_MSG_USERAUTH_REQUEST / string user name /
//              string service name / string "hostbased" / string public key algorithm for host key /
//              string public host key and certificates for client host / string client host name /
//              string user name on the client host
/**
 * The data a `hostbased` signature is computed over (RFC 4252 §9): the
 * request itself, without the signature, after the session identifier.
 * @param f - the signed fields
 * @returns the bytes to sign or verify
 * @example
 * ```ts
 * import { hostbasedSignedData } from '@sshkit/ssh-auth';
 * const data = hostbasedSignedData({ sessionId, username: 'alice', service: 'ssh-connection',
 *   algorithm: hostKey.algorithm, publicKey: hostKey.publicBlob,
 *   clientHost: 'client.example.com.', clientUsername: 'alice' });
 * const signature = hostKey.sign(data);
 * ```
 */
export function hostbasedSignedData(f: HostbasedSignedFields): Uint8Array {
  return new WireWriter(f.sessionId.length + f.publicKey.length + 192)
    .string(f.sessionId)
    .u8(MSG_USERAUTH_REQUEST)
    .string(f.username)
    .string(f.service)
    .string('hostbased')
    .string(f.algorithm)
    .string(f.publicKey)
    .string(f.clientHost)
    .string(f.clientUsername)
    .finish();
}

/** True for a certificate algorithm name (`…-cert-v01@openssh.com`). */
export function isCertificateAlgorithm(algorithm: string): boolean {
  return algorithm.endsWith(CERT_SUFFIX);
}

/**
 * The signature algorithm a public key algorithm name signs with:
 * `rsa-sha2-512-cert-v01@openssh.com` → `rsa-sha2-512`,
 * `ssh-ed25519-cert-v01@openssh.com` → `ssh-ed25519`,
 * `sk-ssh-ed25519-cert-v01@openssh.com` → `sk-ssh-ed25519@openssh.com`, `rsa-sha2-256` → itself.
 */
export function signatureAlgorithmOf(algorithm: string): string {
  if (!isCertificateAlgorithm(algorithm)) return algorithm;
  const base = algorithm.slice(0, -CERT_SUFFIX.length);
  return isSecurityKeyName(base) ? `${base}${SK_SUFFIX}` : base;
}

/**
 * The key type a public key algorithm name needs: `rsa-sha2-*` → `ssh-rsa`,
 * certificate names → the key type of the certified key; others → themselves.
 */
export function keyTypeOfAlgorithm(algorithm: string): string {
  const base = signatureAlgorithmOf(algorithm);
  return base === 'rsa-sha2-256' || base === 'rsa-sha2-512' ? 'ssh-rsa' : base;
}

/**
 * The public key algorithm name to put in a request for a key of `keyType`
 * signing with `signatureAlgorithm`, as a certificate when `certificate` is set:
 * (`ssh-rsa`, `rsa-sha2-512`, true) → `rsa-sha2-512-cert-v01@openssh.com`.
 */
export function requestAlgorithmFor(signatureAlgorithm: string, certificate: boolean): string {
  if (!certificate) return signatureAlgorithm;
  const base =
    isSecurityKeyName(signatureAlgorithm) && signatureAlgorithm.endsWith(SK_SUFFIX)
      ? signatureAlgorithm.slice(0, -SK_SUFFIX.length)
      : signatureAlgorithm;
  return `${base}${CERT_SUFFIX}`;
}
