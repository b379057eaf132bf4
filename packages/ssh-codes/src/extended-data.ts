/**
 * Extended data type codes (RFC 4254 §5.2), carried by `SSH_MSG_CHANNEL_EXTENDED_DATA`.
 */
import { type CodeTable, defineCodeTable } from './table.js';

/** `SSH_EXTENDED_DATA_STDERR` = 1: the data is the remote program's standard error. */
export const EXTENDED_DATA_STDERR = 1;

/** The RFC 4254 name of {@link EXTENDED_DATA_STDERR} (1). */
export const SSH_EXTENDED_DATA_STDERR = 1;

/**
 * Extended data type codes keyed by their RFC name without the `SSH_EXTENDED_DATA_` prefix.
 *
 * @example
 * ```ts
 * import { EXTENDED_DATA } from '@sshkit/ssh-codes';
 * EXTENDED_DATA.STDERR; // 1
 * ```
 */
export const EXTENDED_DATA = /* @__PURE__ */ Object.freeze({
  STDERR: 1,
} as const);
/** An extended data type code defined by RFC 4254 §5.2. */
export type ExtendedDataTypeCode = (typeof EXTENDED_DATA)[keyof typeof EXTENDED_DATA];

/**
 * Every extended data type code with its names, title and description.
 *
 * @example
 * ```ts
 * import { EXTENDED_DATA_TYPES } from '@sshkit/ssh-codes';
 * EXTENDED_DATA_TYPES.nameOf(1); // 'SSH_EXTENDED_DATA_STDERR'
 * ```
 */
export const EXTENDED_DATA_TYPES: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'Extended data types',
  reference: 'RFC 4254 §5.2',
  rows: [
    {
      code: EXTENDED_DATA_STDERR,
      name: 'SSH_EXTENDED_DATA_STDERR',
      alias: 'EXTENDED_DATA_STDERR',
      title: 'Standard error',
      description: "The extended data carries the remote program's standard error output.",
    },
  ],
});

/**
 * The RFC name of an extended data type code.
 *
 * @param code - the `data_type_code` of an `SSH_MSG_CHANNEL_EXTENDED_DATA`
 * @returns `'SSH_EXTENDED_DATA_STDERR'` for 1, otherwise `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { extendedDataName } from '@sshkit/ssh-codes';
 * extendedDataName(1); // 'SSH_EXTENDED_DATA_STDERR'
 * ```
 */
export function extendedDataName(code: number): string {
  return EXTENDED_DATA_TYPES.nameOf(code);
}
