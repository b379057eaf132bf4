/**
 * Server side of `publickey` (RFC 4252 §7): is this key (or certificate)
 * acceptable for this user, and does the signature verify.
 */
import { decodeSignature } from '@sshkit/ssh-crypto';
import {
  type AuthorizedKeyOptions,
  importPublicKey,
  type SSHAuthorizedKeys,
  SSHCertificate,
  type SSHKey,
} from '@sshkit/ssh-keys';
import { SSHError } from '@sshkit/ssh-wire';
import type { PublicKeyRequest } from '../../messages.js';
import {
  isCertificateAlgorithm,
  keyTypeOfAlgorithm,
  publicKeySignedData,
  requestAlgorithmFor,
  signatureAlgorithmOf,
} from '../../signature-data.js';
import type { AuthServerHandler } from '../handler.js';

/** What the check of a key needs to know. */
export interface PublicKeyContext {
  readonly username: string;
  readonly handler: AuthServerHandler;
  readonly authorizedKeys: SSHAuthorizedKeys | undefined;
  /** Accepted public key algorithm names, without certificate names. */
  readonly algorithms: readonly string[];
  readonly clientAddress: string | undefined;
  readonly clientHost: string | undefined;
  readonly now: Date;
}

/** The parsed key of a request, before deciding whether it is acceptable. */
export interface ParsedPublicKey {
  /** The key that signs: the certified key for a certificate. */
  readonly key: SSHKey;
  readonly certificate: SSHCertificate | undefined;
}

/** The verdict on a key. */
export type PublicKeyVerdict =
  | { readonly ok: true; readonly keyOptions: AuthorizedKeyOptions | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses the request's blob as the algorithm says (a key or a certificate)
 * and checks the two agree. Returns undefined — never throws — for a blob
 * that does not parse or does not match the algorithm, or an algorithm not
 * accepted. Serves `hostbased` requests too (same two fields).
 */
export function parseRequestKey(
  req: Pick<PublicKeyRequest, 'algorithm' | 'publicKey'>,
  algorithms: readonly string[],
): ParsedPublicKey | undefined {
  const base = signatureAlgorithmOf(req.algorithm);
  if (!algorithms.includes(base)) return undefined;
  const keyType = keyTypeOfAlgorithm(req.algorithm);
  try {
    if (isCertificateAlgorithm(req.algorithm)) {
      const certificate = new SSHCertificate(req.publicKey);
      if (certificate.algorithm !== requestAlgorithmFor(keyType, true)) return undefined;
      return { key: certificate.key, certificate };
    }
    const key = importPublicKey(req.publicKey);
    if (key.algorithm !== keyType) return undefined;
    return { key, certificate: undefined };
  } catch (e) {
    if (SSHError.isInstance(e)) return undefined;
    throw e;
  }
}

/**
 * Decides whether `parsed` may authenticate `ctx.username`:
 * - a plain key: a matching authorized_keys line (with `from=` and
 *   `expiry-time` honoured), else the handler's `validatePublicKey`;
 * - a certificate: a `cert-authority` line for its CA (with `principals=`
 *   matched against the certificate's principals, else the user name must be
 *   a principal), else the handler's `validateCaKey`; then the certificate
 *   itself: user type, CA signature, validity window, known critical options,
 *   `source-address`. As sshd does, a user certificate without principals is
 *   refused.
 */
export async function evaluatePublicKey(
  ctx: PublicKeyContext,
  parsed: ParsedPublicKey,
): Promise<PublicKeyVerdict> {
  const match = {
    ...(ctx.clientAddress !== undefined ? { clientAddr: ctx.clientAddress } : {}),
    ...(ctx.clientHost !== undefined ? { clientHost: ctx.clientHost } : {}),
    now: ctx.now,
  };
  const cert = parsed.certificate;
  if (!cert) {
    const keyOptions = ctx.authorizedKeys?.validate(parsed.key, match);
    if (keyOptions) return { ok: true, keyOptions };
    if (
      ctx.handler.validatePublicKey &&
      (await ctx.handler.validatePublicKey(ctx.username, parsed.key)) === true
    )
      return { ok: true, keyOptions: undefined };
    return { ok: false, reason: 'key not authorized' };
  }

  if (cert.principals.length === 0) return { ok: false, reason: 'certificate lacks a principal list' };
  const caOptions = ctx.authorizedKeys?.validate(cert.signatureKey, {
    ...match,
    ca: true,
    certPrincipals: cert.principals,
  });
  let principal: string;
  if (caOptions) {
    // principals= replaces the user name check (sshd auth2-pubkey.c, match_principals_option).
    const allowed = caOptions.principals;
    principal = allowed ? (cert.principals.find((p) => allowed.includes(p)) ?? ctx.username) : ctx.username;
  } else if (
    ctx.handler.validateCaKey &&
    (await ctx.handler.validateCaKey(ctx.username, cert.signatureKey)) === true
  ) {
    principal = ctx.username;
  } else {
    return { ok: false, reason: 'certificate authority not trusted' };
  }
  try {
    cert.validate('user', principal, {
      now: ctx.now,
      ...(ctx.clientAddress !== undefined ? { sourceAddress: ctx.clientAddress } : {}),
    });
  } catch (e) {
    if (SSHError.isInstance(e)) return { ok: false, reason: `certificate invalid: ${e.name}` };
    throw e;
  }
  return { ok: true, keyOptions: caOptions };
}

/**
 * Verifies the request's signature over the RFC 4252 §7 data for this session.
 * The signature's algorithm must be the one the request names (for a
 * certificate, its signature algorithm). Never throws for bad signature bytes.
 */
export function verifyRequestSignature(
  sessionId: Uint8Array,
  req: PublicKeyRequest & { readonly signature: Uint8Array },
  key: SSHKey,
): boolean {
  const data = publicKeySignedData({
    sessionId,
    username: req.username,
    service: req.service,
    algorithm: req.algorithm,
    publicKey: req.publicKey,
  });
  return verifySignatureFor(req.algorithm, data, req.signature, key);
}

/**
 * Verifies `signature` over `data` with `key`, requiring the signature
 * algorithm the request's public key algorithm name implies. Never throws for
 * bad signature bytes.
 */
export function verifySignatureFor(
  requestAlgorithm: string,
  data: Uint8Array,
  signature: Uint8Array,
  key: SSHKey,
): boolean {
  let algorithm: string;
  try {
    algorithm = decodeSignature(signature).algorithm;
  } catch (e) {
    if (SSHError.isInstance(e)) return false;
    throw e;
  }
  // sshd: the signature algorithm must be the one the request names ("signature algorithm mismatch").
  if (algorithm !== signatureAlgorithmOf(requestAlgorithm)) return false;
  return key.verify(data, signature);
}
