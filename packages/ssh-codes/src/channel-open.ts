/**
 * Channel open failure reason codes (RFC 4254 §5.1), carried by
 * `SSH_MSG_CHANNEL_OPEN_FAILURE`, plus AsyncSSH's local-only codes.
 *
 * The local-only codes (`OPEN_REQUEST_*_FAILED`) are never sent on the wire.
 * AsyncSSH uses them to report that a session channel opened but a follow-up
 * request (pty, X11 forwarding, shell/exec/subsystem) was refused, through the
 * same `ChannelOpenError` type. They keep AsyncSSH's values, 0xfffffffd to
 * 0xffffffff: RFC 4250 §4.3 reserves 0xfe000000 to 0xffffffff for private use,
 * so no registered code can ever take them.
 */
import { type CodeTable, defineCodeTable } from './table.js';

/** `SSH_OPEN_ADMINISTRATIVELY_PROHIBITED` = 1: Administratively prohibited. */
export const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;
/** `SSH_OPEN_CONNECT_FAILED` = 2: Connect failed. */
export const OPEN_CONNECT_FAILED = 2;
/** `SSH_OPEN_UNKNOWN_CHANNEL_TYPE` = 3: Unknown channel type. */
export const OPEN_UNKNOWN_CHANNEL_TYPE = 3;
/** `SSH_OPEN_RESOURCE_SHORTAGE` = 4: Resource shortage. */
export const OPEN_RESOURCE_SHORTAGE = 4;
/** Local only, never sent on the wire (0xfffffffd): X11 forwarding request failed. */
export const OPEN_REQUEST_X11_FORWARDING_FAILED = 0xfffffffd;
/** Local only, never sent on the wire (0xfffffffe): PTY request failed. */
export const OPEN_REQUEST_PTY_FAILED = 0xfffffffe;
/** Local only, never sent on the wire (0xffffffff): Session request failed. */
export const OPEN_REQUEST_SESSION_FAILED = 0xffffffff;

/** The RFC 4254 name of {@link OPEN_ADMINISTRATIVELY_PROHIBITED} (1). */
export const SSH_OPEN_ADMINISTRATIVELY_PROHIBITED = 1;
/** The RFC 4254 name of {@link OPEN_CONNECT_FAILED} (2). */
export const SSH_OPEN_CONNECT_FAILED = 2;
/** The RFC 4254 name of {@link OPEN_UNKNOWN_CHANNEL_TYPE} (3). */
export const SSH_OPEN_UNKNOWN_CHANNEL_TYPE = 3;
/** The RFC 4254 name of {@link OPEN_RESOURCE_SHORTAGE} (4). */
export const SSH_OPEN_RESOURCE_SHORTAGE = 4;
/**
 * Channel open failure reason codes sent on the wire, keyed by their RFC name without the `SSH_OPEN_` prefix.
 *
 * @example
 * ```ts
 * import { OPEN_FAILURE } from '@sshkit/ssh-codes';
 * OPEN_FAILURE.CONNECT_FAILED; // 2
 * ```
 */
export const OPEN_FAILURE = /* @__PURE__ */ Object.freeze({
  ADMINISTRATIVELY_PROHIBITED: 1,
  CONNECT_FAILED: 2,
  UNKNOWN_CHANNEL_TYPE: 3,
  RESOURCE_SHORTAGE: 4,
} as const);
/**
 * The local-only channel open failure codes, keyed without the `OPEN_` prefix; never sent on the wire.
 *
 * @example
 * ```ts
 * import { LOCAL_OPEN_FAILURE } from '@sshkit/ssh-codes';
 * LOCAL_OPEN_FAILURE.REQUEST_PTY_FAILED; // 0xfffffffe
 * ```
 */
export const LOCAL_OPEN_FAILURE = /* @__PURE__ */ Object.freeze({
  REQUEST_X11_FORWARDING_FAILED: 0xfffffffd,
  REQUEST_PTY_FAILED: 0xfffffffe,
  REQUEST_SESSION_FAILED: 0xffffffff,
} as const);
/** A channel open failure reason code defined by RFC 4254 §5.1 (1 to 4). */
export type OpenFailureCode = (typeof OPEN_FAILURE)[keyof typeof OPEN_FAILURE];

/** A local-only channel open failure code (0xfffffffd to 0xffffffff). */
export type LocalOpenFailureCode = (typeof LOCAL_OPEN_FAILURE)[keyof typeof LOCAL_OPEN_FAILURE];

/**
 * Every channel open failure code with its names, title and description:
 * the four RFC codes, then the three local-only codes (marked `localOnly: true`,
 * named by their AsyncSSH name since no RFC names them).
 *
 * @example
 * ```ts
 * import { CHANNEL_OPEN_FAILURES } from '@sshkit/ssh-codes';
 * CHANNEL_OPEN_FAILURES.nameOf(1);                  // 'SSH_OPEN_ADMINISTRATIVELY_PROHIBITED'
 * CHANNEL_OPEN_FAILURES.get(0xfffffffe)?.localOnly; // true
 * ```
 */
export const CHANNEL_OPEN_FAILURES: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'Channel open failure reasons',
  reference: 'RFC 4254 §5.1',
  rows: [
    {
      code: OPEN_ADMINISTRATIVELY_PROHIBITED,
      name: 'SSH_OPEN_ADMINISTRATIVELY_PROHIBITED',
      alias: 'OPEN_ADMINISTRATIVELY_PROHIBITED',
      title: 'Administratively prohibited',
      description:
        "The receiver's configuration forbids this channel, such as a port forward to a destination it does not allow.",
    },
    {
      code: OPEN_CONNECT_FAILED,
      name: 'SSH_OPEN_CONNECT_FAILED',
      alias: 'OPEN_CONNECT_FAILED',
      title: 'Connect failed',
      description:
        'The receiver accepted the request but could not reach the target it was asked to connect to.',
    },
    {
      code: OPEN_UNKNOWN_CHANNEL_TYPE,
      name: 'SSH_OPEN_UNKNOWN_CHANNEL_TYPE',
      alias: 'OPEN_UNKNOWN_CHANNEL_TYPE',
      title: 'Unknown channel type',
      description: 'The receiver does not recognise or does not support the requested channel type.',
    },
    {
      code: OPEN_RESOURCE_SHORTAGE,
      name: 'SSH_OPEN_RESOURCE_SHORTAGE',
      alias: 'OPEN_RESOURCE_SHORTAGE',
      title: 'Resource shortage',
      description:
        'The receiver lacks the memory, channel slots or other resources needed to open another channel.',
    },
    {
      code: OPEN_REQUEST_X11_FORWARDING_FAILED,
      name: 'OPEN_REQUEST_X11_FORWARDING_FAILED',
      title: 'X11 forwarding request failed',
      description:
        'Local only: the session channel opened but the server refused the X11 forwarding request made on it.',
      reference: 'AsyncSSH (local only)',
      localOnly: true,
    },
    {
      code: OPEN_REQUEST_PTY_FAILED,
      name: 'OPEN_REQUEST_PTY_FAILED',
      title: 'PTY request failed',
      description:
        'Local only: the session channel opened but the server refused to allocate the requested pseudo-terminal.',
      reference: 'AsyncSSH (local only)',
      localOnly: true,
    },
    {
      code: OPEN_REQUEST_SESSION_FAILED,
      name: 'OPEN_REQUEST_SESSION_FAILED',
      title: 'Session request failed',
      description:
        'Local only: the session channel opened but the server refused the shell, exec or subsystem request meant to start it.',
      reference: 'AsyncSSH (local only)',
      localOnly: true,
    },
  ],
});

/**
 * The name of a channel open failure code.
 *
 * @param code - the reason code of an `SSH_MSG_CHANNEL_OPEN_FAILURE`, or a local-only code
 * @returns the RFC name (e.g. `'SSH_OPEN_CONNECT_FAILED'`), the AsyncSSH name of a
 *   local-only code (e.g. `'OPEN_REQUEST_PTY_FAILED'`), or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { openFailureName } from '@sshkit/ssh-codes';
 * openFailureName(2); // 'SSH_OPEN_CONNECT_FAILED'
 * openFailureName(7); // 'unknown (7)'
 * ```
 */
export function openFailureName(code: number): string {
  return CHANNEL_OPEN_FAILURES.nameOf(code);
}

/**
 * A one-line explanation of a channel open failure code, for logs and error messages.
 *
 * @param code - the reason code of an `SSH_MSG_CHANNEL_OPEN_FAILURE`, or a local-only code
 * @returns `'<title>: <description>'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { describeOpenFailure } from '@sshkit/ssh-codes';
 * describeOpenFailure(3); // 'Unknown channel type: The receiver does not recognise ...'
 * ```
 */
export function describeOpenFailure(code: number): string {
  return CHANNEL_OPEN_FAILURES.describe(code);
}

/**
 * Whether a channel open failure code is one of the local-only codes that are never sent on the wire.
 *
 * @param code - a channel open failure code
 * @returns true for `OPEN_REQUEST_X11_FORWARDING_FAILED`, `OPEN_REQUEST_PTY_FAILED` and `OPEN_REQUEST_SESSION_FAILED`
 *
 * @example
 * ```ts
 * import { OPEN_REQUEST_PTY_FAILED, isLocalOpenFailure } from '@sshkit/ssh-codes';
 * isLocalOpenFailure(OPEN_REQUEST_PTY_FAILED); // true
 * isLocalOpenFailure(1);                       // false
 * ```
 */
export function isLocalOpenFailure(code: number): boolean {
  return CHANNEL_OPEN_FAILURES.get(code)?.localOnly === true;
}
