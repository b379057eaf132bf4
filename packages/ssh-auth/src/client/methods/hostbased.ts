/**
 * Client side of `hostbased` (RFC 4252 §9): a host key of this machine signs
 * for the user. There is no query step, so each host key costs one signed
 * request; the signature algorithm is chosen as for `publickey`.
 */
import { SSHError } from '@sshkit/ssh-wire';
import type { HostbasedRequest } from '../../messages.js';
import { hostbasedSignedData } from '../../signature-data.js';
import type { ClientKey } from '../handler.js';
import { type PublicKeyAttempt, publicKeyAttempt } from './publickey.js';

/** What a hostbased request needs besides the host key. */
export interface HostbasedContext {
  readonly sessionId: Uint8Array;
  readonly username: string;
  readonly service: string;
  /** Sent and signed as is (ssh's trailing dot is the caller's). */
  readonly clientHost: string;
  readonly clientUsername: string;
  /** The client's signature algorithms, in preference order. */
  readonly clientAlgs: readonly string[];
  /** The server's `server-sig-algs`, when it sent them. */
  readonly serverAlgs: readonly string[] | undefined;
  /** Reports a host key that was skipped. */
  readonly skipped: (detail: string) => void;
}

/** The signed request for one host key attempt. */
export async function signedHostbasedRequest(
  attempt: PublicKeyAttempt,
  ctx: HostbasedContext,
): Promise<HostbasedRequest> {
  const fields = {
    username: ctx.username,
    service: ctx.service,
    algorithm: attempt.algorithm,
    publicKey: attempt.publicKey,
    clientHost: ctx.clientHost,
    clientUsername: ctx.clientUsername,
  };
  const data = hostbasedSignedData({ sessionId: ctx.sessionId, ...fields });
  const signature = await attempt.key.sign(data, attempt.signatureAlgorithm);
  return { kind: 'hostbased', ...fields, signature };
}

/**
 * Takes host keys off the front of `keys` until one yields a signed request.
 * A key with no acceptable algorithm, or whose `sign` throws an `SSHError`
 * (public only, unsupported algorithm), is skipped.
 * @returns the request, or undefined when no host key is left
 */
export async function nextHostbasedRequest(
  keys: ClientKey[],
  ctx: HostbasedContext,
): Promise<HostbasedRequest | undefined> {
  for (let entry = keys.shift(); entry !== undefined; entry = keys.shift()) {
    const attempt = publicKeyAttempt(entry, ctx.clientAlgs, ctx.serverAlgs);
    if (!attempt) {
      ctx.skipped('host key skipped: no acceptable signature algorithm');
      continue;
    }
    try {
      return await signedHostbasedRequest(attempt, ctx);
    } catch (e) {
      if (!SSHError.isInstance(e)) throw e;
      ctx.skipped(`host key skipped: cannot sign: ${e.name}`);
    }
  }
  return undefined;
}
