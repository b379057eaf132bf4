/**
 * OpenSSH certificate types (`PROTOCOL.certkeys`), the `type` field of a certificate.
 */
import { type CodeTable, defineCodeTable } from './table.js';

/** `SSH2_CERT_TYPE_USER` = 1: user certificate. */
export const CERT_TYPE_USER = 1;
/** `SSH2_CERT_TYPE_HOST` = 2: host certificate. */
export const CERT_TYPE_HOST = 2;

/** The OpenSSH `PROTOCOL.certkeys` name of {@link CERT_TYPE_USER} (1). */
export const SSH2_CERT_TYPE_USER = 1;
/** The OpenSSH `PROTOCOL.certkeys` name of {@link CERT_TYPE_HOST} (2). */
export const SSH2_CERT_TYPE_HOST = 2;
/**
 * Certificate types keyed without the `SSH2_CERT_TYPE_` prefix.
 *
 * @example
 * ```ts
 * import { CERT_TYPE } from '@sshkit/ssh-codes';
 * CERT_TYPE.HOST; // 2
 * ```
 */
export const CERT_TYPE = /* @__PURE__ */ Object.freeze({
  USER: 1,
  HOST: 2,
} as const);
/** A certificate type: 1 (user) or 2 (host). */
export type CertTypeCode = (typeof CERT_TYPE)[keyof typeof CERT_TYPE];

/**
 * Both certificate types with their names, title and description.
 *
 * @example
 * ```ts
 * import { CERT_TYPES } from '@sshkit/ssh-codes';
 * CERT_TYPES.get(1)?.alias; // 'CERT_TYPE_USER'
 * ```
 */
export const CERT_TYPES: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'Certificate types',
  reference: 'OpenSSH PROTOCOL.certkeys',
  rows: [
    {
      code: CERT_TYPE_USER,
      name: 'SSH2_CERT_TYPE_USER',
      alias: 'CERT_TYPE_USER',
      title: 'User certificate',
      description:
        'The certificate vouches for a key on behalf of one or more user principals and authenticates a client.',
    },
    {
      code: CERT_TYPE_HOST,
      name: 'SSH2_CERT_TYPE_HOST',
      alias: 'CERT_TYPE_HOST',
      title: 'Host certificate',
      description:
        'The certificate vouches for a server key on behalf of one or more host names, so clients can trust it without a known_hosts entry.',
    },
  ],
});

/**
 * The OpenSSH name of a certificate type.
 *
 * @param code - the `type` field of a certificate
 * @returns `'SSH2_CERT_TYPE_USER'`, `'SSH2_CERT_TYPE_HOST'` or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { certTypeName } from '@sshkit/ssh-codes';
 * certTypeName(2); // 'SSH2_CERT_TYPE_HOST'
 * ```
 */
export function certTypeName(code: number): string {
  return CERT_TYPES.nameOf(code);
}
