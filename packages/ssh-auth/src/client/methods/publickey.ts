/**
 * Client side of `publickey` (RFC 4252 §7): which algorithm to use for a key,
 * and the query and signed requests.
 */
import { decodeNameList, SSHError } from '@sshkit/ssh-wire';
import type { PublicKeyRequest } from '../../messages.js';
import {
  isCertificateAlgorithm,
  keyTypeOfAlgorithm,
  publicKeySignedData,
  requestAlgorithmFor,
} from '../../signature-data.js';
import type { AuthCertificate, AuthSigningKey, ClientKey } from '../handler.js';

/** RSA signature algorithms, strongest first (RFC 8332). */
const RSA_SIGNATURE_ALGS = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] as const;

/** One key ready to be offered. */
export interface PublicKeyAttempt {
  readonly key: AuthSigningKey;
  /** The public key algorithm name of the request (a certificate name for a certificate). */
  readonly algorithm: string;
  /** The signature algorithm (`rsa-sha2-512`, `ssh-ed25519`...). */
  readonly signatureAlgorithm: string;
  /** The key or certificate blob. */
  readonly publicKey: Uint8Array;
}

/**
 * The server's `server-sig-algs` (RFC 8308 §3.1) from the transport's
 * ext-info map, or undefined when absent or malformed.
 */
export function serverSigAlgs(extensions: ReadonlyMap<string, Uint8Array>): string[] | undefined {
  const value = extensions.get('server-sig-algs');
  if (value === undefined) return undefined;
  try {
    return decodeNameList(value);
  } catch (e) {
    if (SSHError.isInstance(e)) return undefined;
    throw e;
  }
}

/**
 * The signature algorithm for a key type:
 * - the client's allowed algorithms for this key type, in the client's order;
 * - when the server sent `server-sig-algs`, only those it lists (RFC 8308: "a
 *   list of all public key algorithms it is able to process"); none → skip the key;
 * - without `server-sig-algs`, the client's first choice (`rsa-sha2-512` for
 *   RSA by default). Decision: we do not fall back to SHA-1 `ssh-rsa` unless the
 *   caller enabled it, because OpenSSH ≥ 7.2 servers accept rsa-sha2-* even
 *   when they do not announce it, and OpenSSH ≥ 8.8 refuses `ssh-rsa`.
 * @returns the signature algorithm, or undefined to skip the key
 */
export function chooseSignatureAlgorithm(
  keyType: string,
  clientAlgs: readonly string[],
  serverAlgs: readonly string[] | undefined,
): string | undefined {
  const forKey: readonly string[] = keyType === 'ssh-rsa' ? RSA_SIGNATURE_ALGS : [keyType];
  const candidates = clientAlgs.filter((a) => forKey.includes(a));
  if (serverAlgs === undefined) return candidates[0];
  return candidates.find((a) => serverAlgs.includes(a));
}

/** Splits a {@link ClientKey} into key and certificate. */
export function splitClientKey(entry: ClientKey): [AuthSigningKey, AuthCertificate | undefined] {
  if (Array.isArray(entry)) {
    const [key, certificate] = entry as readonly [AuthSigningKey, AuthCertificate];
    return [key, certificate];
  }
  return [entry as AuthSigningKey, undefined];
}

/** The attempt for a key, or undefined when no algorithm fits. */
export function publicKeyAttempt(
  entry: ClientKey,
  clientAlgs: readonly string[],
  serverAlgs: readonly string[] | undefined,
): PublicKeyAttempt | undefined {
  const [key, certificate] = splitClientKey(entry);
  // A key with a certificate algorithm (an agent identity holding a certificate)
  // is its own certificate: its blob is the certificate's.
  const isOwnCertificate = certificate === undefined && isCertificateAlgorithm(key.algorithm);
  const keyType = isOwnCertificate ? keyTypeOfAlgorithm(key.algorithm) : key.algorithm;
  const signatureAlgorithm = chooseSignatureAlgorithm(keyType, clientAlgs, serverAlgs);
  if (signatureAlgorithm === undefined) return undefined;
  return {
    key,
    signatureAlgorithm,
    algorithm: requestAlgorithmFor(signatureAlgorithm, certificate !== undefined || isOwnCertificate),
    publicKey: certificate ? certificate.blob : key.publicBlob,
  };
}

/** The query (no signature) for an attempt. */
export function publicKeyQuery(
  attempt: PublicKeyAttempt,
  username: string,
  service: string,
): PublicKeyRequest {
  return { kind: 'publickey', username, service, algorithm: attempt.algorithm, publicKey: attempt.publicKey };
}

/** The signed request for an attempt, signed over the RFC 4252 §7 data of this session. */
export async function signedPublicKeyRequest(
  attempt: PublicKeyAttempt,
  sessionId: Uint8Array,
  username: string,
  service: string,
): Promise<PublicKeyRequest> {
  const data = publicKeySignedData({
    sessionId,
    username,
    service,
    algorithm: attempt.algorithm,
    publicKey: attempt.publicKey,
  });
  const signature = await attempt.key.sign(data, attempt.signatureAlgorithm);
  return { ...publicKeyQuery(attempt, username, service), signature };
}
