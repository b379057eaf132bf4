/**
 * The shape shared by every numeric code table of this package, and
 * {@link defineCodeTable}, the helper that builds one.
 *
 * A table is frozen and holds one row per code. Lookups go both ways: by code
 * ({@link CodeTable.get}) and by any of a row's names ({@link CodeTable.byName}).
 * Unknown codes never give `undefined` where a string is expected: they give
 * `'unknown (N)'`, like golang's `RejectionReason.String()` gives `"unknown reason %d"`.
 */

/** Largest value an SSH `uint32` can hold; every code in a table fits in one. */
const UINT32_MAX = 0xffff_ffff;

/**
 * One row of a code table: a number with its names and a short explanation.
 *
 * @example
 * ```ts
 * import { DISCONNECT_REASONS } from '@sshkit/ssh-codes';
 * const row = DISCONNECT_REASONS.get(11);
 * row?.name;  // 'SSH_DISCONNECT_BY_APPLICATION'
 * row?.alias; // 'DISC_BY_APPLICATION'
 * ```
 */
export interface CodeInfo {
  /** The value sent on the wire (a byte or a `uint32`, depending on the table). */
  readonly code: number;
  /** The name the RFC, the IANA registry or the defining draft gives it, e.g. `SSH_DISCONNECT_BY_APPLICATION`. */
  readonly name: string;
  /** The AsyncSSH-style constant name, e.g. `DISC_BY_APPLICATION`, when there is one. */
  readonly alias?: string;
  /** Further accepted names: historic spellings and alternative spellings. */
  readonly aliases?: readonly string[];
  /** A short human title, e.g. `Disconnected by application`. */
  readonly title: string;
  /** One sentence saying what the code means, ending with a period. */
  readonly description: string;
  /** Where this row is defined when it differs from the table's {@link CodeTable.reference}. */
  readonly reference?: string;
  /** True for codes that sshkit (like AsyncSSH) uses locally and never sends on the wire. */
  readonly localOnly?: boolean;
}

/**
 * What {@link defineCodeTable} takes.
 *
 * @typeParam Row - the row type, {@link CodeInfo} or an extension of it
 */
export interface CodeTableSpec<Row extends CodeInfo> {
  /** The table's name, e.g. `'Disconnect reasons'`. */
  readonly title: string;
  /** The specification the codes come from, e.g. `'RFC 4253 §11.1'`. */
  readonly reference: string;
  /** The rows; codes and names must be unique within the table. */
  readonly rows: readonly Row[];
}

/**
 * A frozen table of codes with lookups both ways.
 *
 * @typeParam Row - the row type, {@link CodeInfo} or an extension of it
 *
 * @example
 * ```ts
 * import { DISCONNECT_REASONS } from '@sshkit/ssh-codes';
 * DISCONNECT_REASONS.nameOf(11);                          // 'SSH_DISCONNECT_BY_APPLICATION'
 * DISCONNECT_REASONS.byName('DISC_BY_APPLICATION')?.code; // 11
 * DISCONNECT_REASONS.nameOf(99);                          // 'unknown (99)'
 * for (const row of DISCONNECT_REASONS) console.log(row.code, row.title);
 * ```
 */
export interface CodeTable<Row extends CodeInfo = CodeInfo> extends Iterable<Row> {
  /** The table's name, e.g. `'Disconnect reasons'`. */
  readonly title: string;
  /** The specification the codes come from. */
  readonly reference: string;
  /** Every row, in ascending code order. */
  readonly rows: readonly Row[];
  /**
   * The row of a code.
   * @param code - the number to look up
   * @returns the row, or `undefined` when the table has no such code (including non-integers)
   */
  get(code: number): Row | undefined;
  /**
   * Whether the table has a row for a code.
   * @param code - the number to look up
   * @returns true when {@link CodeTable.get} would find a row
   */
  has(code: number): boolean;
  /**
   * The row that carries a name: the RFC name, the AsyncSSH name or any other alias.
   * @param name - the exact name, e.g. `'SSH_DISCONNECT_BY_APPLICATION'` or `'DISC_BY_APPLICATION'`
   * @returns the row, or `undefined` when no row has that name
   */
  byName(name: string): Row | undefined;
  /**
   * The RFC name of a code.
   * @param code - the number to name
   * @returns the row's `name`, or `'unknown (N)'` for a code the table does not know
   */
  nameOf(code: number): string;
  /**
   * A one-line explanation of a code for logs and error messages.
   * @param code - the number to explain
   * @returns `'<title>: <description>'`, or `'unknown (N)'` for a code the table does not know
   */
  describe(code: number): string;
}

/**
 * The text every lookup of this package gives for a code it does not know.
 *
 * @param code - the unknown value (anything: it is only shown)
 * @returns `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { unknownCode } from '@sshkit/ssh-codes';
 * unknownCode(42);  // 'unknown (42)'
 * unknownCode(1.5); // 'unknown (1.5)'
 * ```
 */
export function unknownCode(code: unknown): string {
  return `unknown (${show(code)})`;
}

function show(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    default:
      return value === null ? 'null' : typeof value;
  }
}

/**
 * Every name a row answers to: its `name`, its `alias` and its `aliases`.
 *
 * @param row - a table row
 * @returns the names, the RFC name first
 *
 * @example
 * ```ts
 * import { DISCONNECT_REASONS, namesOf } from '@sshkit/ssh-codes';
 * namesOf(DISCONNECT_REASONS.get(9)!);
 * // ['SSH_DISCONNECT_HOST_KEY_NOT_VERIFIABLE', 'DISC_HOST_KEY_NOT_VERIFIABLE', 'DISC_HOST_KEY_NOT_VERIFYABLE']
 * ```
 */
export function namesOf(row: CodeInfo): string[] {
  const names = [row.name];
  if (row.alias !== undefined && row.alias !== row.name) names.push(row.alias);
  for (const extra of row.aliases ?? []) names.push(extra);
  return names;
}

function freezeRow<Row extends CodeInfo>(row: Row): Row {
  if (Object.isFrozen(row)) return row;
  const copy = { ...row };
  if (row.aliases !== undefined) Object.assign(copy, { aliases: Object.freeze([...row.aliases]) });
  return Object.freeze(copy);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * Builds a frozen {@link CodeTable} from rows, checking them once at load time.
 *
 * Rows are copied and frozen (rows that are already frozen are reused as they
 * are, so two tables can share a row object), then sorted by code.
 *
 * @param spec - the table's title, reference and rows
 * @returns the frozen table
 * @throws RangeError when a code is not an integer in `[0, 0xffffffff]`
 * @throws TypeError when a code or a name appears twice, or a title, name or description is empty
 *
 * @example
 * ```ts
 * import { defineCodeTable } from '@sshkit/ssh-codes';
 * const COLOURS = defineCodeTable({
 *   title: 'Colours',
 *   reference: 'my protocol §3',
 *   rows: [{ code: 1, name: 'RED', title: 'Red', description: 'The colour of a stop sign.' }],
 * });
 * COLOURS.nameOf(1); // 'RED'
 * COLOURS.nameOf(2); // 'unknown (2)'
 * ```
 */
export function defineCodeTable<Row extends CodeInfo>(spec: CodeTableSpec<Row>): CodeTable<Row> {
  const { title, reference } = spec;
  if (!nonEmpty(title)) throw new TypeError('defineCodeTable: title must be a non-empty string');
  if (!nonEmpty(reference))
    throw new TypeError(`defineCodeTable(${title}): reference must be a non-empty string`);
  const byCode = new Map<number, Row>();
  const byName = new Map<string, Row>();
  for (const input of spec.rows) {
    const row = freezeRow(input);
    const { code } = row;
    if (!Number.isInteger(code) || code < 0 || code > UINT32_MAX) {
      throw new RangeError(`defineCodeTable(${title}): code ${show(code)} of ${row.name} is not a uint32`);
    }
    if (byCode.has(code)) throw new TypeError(`defineCodeTable(${title}): code ${code} appears twice`);
    if (!nonEmpty(row.title) || !nonEmpty(row.description)) {
      throw new TypeError(`defineCodeTable(${title}): code ${code} needs a title and a description`);
    }
    byCode.set(code, row);
    for (const name of namesOf(row)) {
      if (!nonEmpty(name)) throw new TypeError(`defineCodeTable(${title}): code ${code} has an empty name`);
      if (byName.has(name)) throw new TypeError(`defineCodeTable(${title}): name ${name} appears twice`);
      byName.set(name, row);
    }
  }
  const rows: readonly Row[] = Object.freeze([...byCode.values()].sort((a, b) => a.code - b.code));
  const get = (code: number): Row | undefined => (typeof code === 'number' ? byCode.get(code) : undefined);
  return Object.freeze({
    title,
    reference,
    rows,
    get,
    has: (code: number): boolean => get(code) !== undefined,
    byName: (name: string): Row | undefined => (typeof name === 'string' ? byName.get(name) : undefined),
    nameOf: (code: number): string => get(code)?.name ?? unknownCode(code),
    describe: (code: number): string => {
      const row = get(code);
      return row === undefined ? unknownCode(code) : `${row.title}: ${row.description}`;
    },
    [Symbol.iterator]: (): Iterator<Row> => rows[Symbol.iterator](),
  });
}

/**
 * Splits a bit mask into the names of the table's flags that are set.
 *
 * Bits the table does not know are reported together as one `'unknown (0x…)'`
 * entry, so nothing in the mask goes unmentioned. Rows whose code is 0 are never
 * reported.
 *
 * @param table - a table whose codes are single bits (e.g. `SFTP_OPEN_FLAGS`)
 * @param mask - the flags as a `uint32`
 * @returns the names of the set flags in ascending bit order, then the unknown bits if any;
 *   `['unknown (N)']` when `mask` is not a `uint32`
 *
 * @example
 * ```ts
 * import { SFTP_OPEN_FLAGS, flagNames } from '@sshkit/ssh-codes';
 * flagNames(SFTP_OPEN_FLAGS, 0x1a); // ['SSH_FXF_WRITE', 'SSH_FXF_CREAT', 'SSH_FXF_TRUNC']
 * flagNames(SFTP_OPEN_FLAGS, 0x41); // ['SSH_FXF_READ', 'unknown (0x40)']
 * ```
 */
export function flagNames(table: CodeTable, mask: number): string[] {
  if (typeof mask !== 'number' || !Number.isInteger(mask) || mask < 0 || mask > UINT32_MAX) {
    return [unknownCode(mask)];
  }
  const names: string[] = [];
  let rest = mask;
  for (const row of table.rows) {
    if (row.code !== 0 && (mask & row.code) >>> 0 === row.code) {
      names.push(row.name);
      rest = (rest & ~row.code) >>> 0;
    }
  }
  if (rest !== 0) names.push(`unknown (0x${rest.toString(16)})`);
  return names;
}
