/**
 * Server side of `hostbased` (RFC 4252 §9), after sshd's
 * `auth2-hostbased.c` and AsyncSSH's `_validate_hostbased_auth`: is the client
 * host who it says it is, is its key (or host certificate) trusted for that
 * name, may its user log in as the requested user, and does the signature
 * verify.
 */
import { CertificateError, type SSHKey, type SSHKnownHosts } from '@sshkit/ssh-keys';
import { SSHError } from '@sshkit/ssh-wire';
import type { HostbasedRequest } from '../../messages.js';
import { hostbasedSignedData } from '../../signature-data.js';
import type { AuthServerHandler } from '../handler.js';
import { type ParsedPublicKey, verifySignatureFor } from './publickey.js';

/** What the checks of a hostbased request need to know. */
export interface HostbasedContext {
  readonly username: string;
  readonly handler: AuthServerHandler;
  readonly knownHosts: SSHKnownHosts | undefined;
  readonly trustClientHost: boolean;
  /** The peer's reverse DNS name (the `clientHost` option). */
  readonly resolvedHost: string | undefined;
  readonly clientAddress: string | undefined;
  readonly clientPort: number | undefined;
  readonly now: Date;
}

/** The verdict on a hostbased request, before its signature. */
export type HostbasedVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A host name without the one trailing dot a fully qualified name may carry (`ssh` sends it). */
function withoutTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function refuse(reason: string): HostbasedVerdict {
  return { ok: false, reason };
}

/**
 * Checks, in order: the host name (non-empty once its trailing dot is
 * stripped; equal, ignoring case, to the reverse DNS name unless
 * `trustClientHost`), the host key (not `@revoked`, and trusted by
 * `knownClientHosts` for that name or address, or by
 * `validateHostPublicKey`) or host certificate (host type, not revoked, CA
 * trusted by `@cert-authority` or `validateHostCaKey`, valid for the name at
 * `now`), then the user mapping (`validateHostBasedUser`, else the same user
 * name on both sides). Hooks are called only while the checks before them
 * pass.
 */
export async function evaluateHostbased(
  ctx: HostbasedContext,
  req: HostbasedRequest,
  parsed: ParsedPublicKey,
): Promise<HostbasedVerdict> {
  const name = withoutTrailingDot(req.clientHost);
  if (name === '') return refuse('empty client host name');
  if (!ctx.trustClientHost) {
    // sshd would fall back to the resolved name; AsyncSSH refuses a mismatch, and so do we.
    const resolved = ctx.resolvedHost === undefined ? undefined : withoutTrailingDot(ctx.resolvedHost);
    if (resolved === undefined || resolved.toLowerCase() !== name.toLowerCase())
      return refuse(`client host name ${JSON.stringify(name)} does not match the peer's reverse DNS name`);
  }

  const addr = ctx.clientAddress ?? '';
  const port = ctx.clientPort ?? 0;
  // No port in the lookup: a client connects from a random source port.
  const [trusted, cas, revoked] = ctx.knownHosts?.match(name, addr) ?? [[], [], []];
  const isRevoked = (key: SSHKey) => revoked.some((r) => r.equals(key));
  const handler = ctx.handler;
  const cert = parsed.certificate;
  if (!cert) {
    if (isRevoked(parsed.key)) return refuse('client host key is revoked');
    const accepted =
      trusted.some((k) => k.equals(parsed.key)) ||
      (handler.validateHostPublicKey !== undefined &&
        (await handler.validateHostPublicKey(name, addr, port, parsed.key)) === true);
    if (!accepted) return refuse(`client host key not trusted for ${JSON.stringify(name)}`);
  } else {
    if (cert.certType !== 'host') return refuse('not a host certificate');
    if (isRevoked(cert.key) || isRevoked(cert.signatureKey))
      return refuse('client host certificate key or its CA is revoked');
    const caTrusted =
      cas.some((k) => k.equals(cert.signatureKey)) ||
      (handler.validateHostCaKey !== undefined &&
        (await handler.validateHostCaKey(name, addr, port, cert.signatureKey)) === true);
    if (!caTrusted) return refuse('host certificate authority not trusted');
    try {
      cert.validate('host', name, { now: ctx.now });
    } catch (e) {
      if (!SSHError.isInstance(e)) throw e;
      return refuse(`host certificate invalid: ${CertificateError.isInstance(e) ? e.reason : e.name}`);
    }
  }

  const userOk = handler.validateHostBasedUser
    ? (await handler.validateHostBasedUser(ctx.username, name, req.clientUsername)) === true
    : ctx.username === req.clientUsername;
  if (!userOk)
    return refuse(
      `${JSON.stringify(req.clientUsername)}@${name} may not log in as ${JSON.stringify(ctx.username)}`,
    );
  return { ok: true };
}

/**
 * Verifies the request's signature over the RFC 4252 §9 data for this session
 * (the host name as sent, trailing dot included). The signature's algorithm
 * must be the one the request names. Never throws for bad signature bytes.
 */
export function verifyHostbasedSignature(sessionId: Uint8Array, req: HostbasedRequest, key: SSHKey): boolean {
  const data = hostbasedSignedData({
    sessionId,
    username: req.username,
    service: req.service,
    algorithm: req.algorithm,
    publicKey: req.publicKey,
    clientHost: req.clientHost,
    clientUsername: req.clientUsername,
  });
  return verifySignatureFor(req.algorithm, data, req.signature, key);
}
