/**
 * Signal names of the connection protocol (RFC 4254 §6.10), carried without
 * the `SIG` prefix by the `signal` and `exit-signal` channel requests.
 *
 * Signals are names, not numbers (POSIX numbers differ between systems), so
 * they get their own small table type, {@link SignalTable}.
 */
import { unknownCode } from './table.js';

/**
 * One signal: its SSH name, its POSIX name, a title and a description.
 *
 * @example
 * ```ts
 * import { SIGNALS } from '@sshkit/ssh-codes';
 * SIGNALS.get('TERM')?.posixName; // 'SIGTERM'
 * ```
 */
export interface SignalInfo {
  /** The name sent on the wire, e.g. `'TERM'`. */
  readonly name: string;
  /** The POSIX name, e.g. `'SIGTERM'`. */
  readonly posixName: string;
  /** A short human title, e.g. `'Terminate'`. */
  readonly title: string;
  /** One sentence saying what the signal means, ending with a period. */
  readonly description: string;
}

/**
 * A frozen table of signals with lookups by SSH or POSIX name.
 *
 * @example
 * ```ts
 * import { SIGNALS } from '@sshkit/ssh-codes';
 * SIGNALS.get('SIGINT')?.name; // 'INT'
 * SIGNALS.describe('HUP');     // 'Hang up: The controlling terminal went away, ...'
 * ```
 */
export interface SignalTable extends Iterable<SignalInfo> {
  /** The table's name. */
  readonly title: string;
  /** The specification the names come from. */
  readonly reference: string;
  /** Every signal, in the RFC's (alphabetical) order. */
  readonly rows: readonly SignalInfo[];
  /**
   * The signal with a name.
   * @param name - the SSH name (`'TERM'`) or the POSIX name (`'SIGTERM'`)
   * @returns the row, or `undefined`
   */
  get(name: string): SignalInfo | undefined;
  /**
   * Whether a signal name is one of the RFC 4254 names.
   * @param name - the SSH name (`'TERM'`) or the POSIX name (`'SIGTERM'`)
   * @returns true when {@link SignalTable.get} would find a row
   */
  has(name: string): boolean;
  /**
   * A one-line explanation of a signal.
   * @param name - the SSH name (`'TERM'`) or the POSIX name (`'SIGTERM'`)
   * @returns `'<title>: <description>'`, or `'unknown ("NAME")'`
   */
  describe(name: string): string;
}

/**
 * The RFC 4254 §6.10 signal names, each keyed by itself.
 *
 * @example
 * ```ts
 * import { SIGNAL } from '@sshkit/ssh-codes';
 * SIGNAL.TERM; // 'TERM'
 * ```
 */
export const SIGNAL = /* @__PURE__ */ Object.freeze({
  ABRT: 'ABRT',
  ALRM: 'ALRM',
  FPE: 'FPE',
  HUP: 'HUP',
  ILL: 'ILL',
  INT: 'INT',
  KILL: 'KILL',
  PIPE: 'PIPE',
  QUIT: 'QUIT',
  SEGV: 'SEGV',
  TERM: 'TERM',
  USR1: 'USR1',
  USR2: 'USR2',
} as const);
/** A signal name defined by RFC 4254 §6.10. */
export type SignalName = (typeof SIGNAL)[keyof typeof SIGNAL];

function defineSignalTable(title: string, reference: string, input: readonly SignalInfo[]): SignalTable {
  const rows: readonly SignalInfo[] = Object.freeze(input.map((row) => Object.freeze({ ...row })));
  const byName = new Map<string, SignalInfo>();
  for (const row of rows) {
    byName.set(row.name, row);
    byName.set(row.posixName, row);
  }
  const get = (name: string): SignalInfo | undefined =>
    typeof name === 'string' ? byName.get(name) : undefined;
  return Object.freeze({
    title,
    reference,
    rows,
    get,
    has: (name: string): boolean => get(name) !== undefined,
    describe: (name: string): string => {
      const row = get(name);
      return row === undefined ? unknownCode(name) : `${row.title}: ${row.description}`;
    },
    [Symbol.iterator]: (): Iterator<SignalInfo> => rows[Symbol.iterator](),
  });
}

/**
 * The thirteen signals RFC 4254 §6.10 names, with titles and descriptions.
 * Other signals travel as `name@domain` names, which this table does not know.
 *
 * @example
 * ```ts
 * import { SIGNALS } from '@sshkit/ssh-codes';
 * SIGNALS.rows.map((s) => s.name); // ['ABRT', 'ALRM', 'FPE', 'HUP', ...]
 * ```
 */
export const SIGNALS: SignalTable = /* @__PURE__ */ defineSignalTable('Signals', 'RFC 4254 §6.10', [
  {
    name: SIGNAL.ABRT,
    posixName: 'SIGABRT',
    title: 'Abort',
    description:
      'The process is asked to abort, usually by itself after an internal error, and may dump core.',
  },
  {
    name: SIGNAL.ALRM,
    posixName: 'SIGALRM',
    title: 'Alarm clock',
    description: 'A timer the process set has expired.',
  },
  {
    name: SIGNAL.FPE,
    posixName: 'SIGFPE',
    title: 'Floating-point exception',
    description: 'The process performed a faulty arithmetic operation such as an integer division by zero.',
  },
  {
    name: SIGNAL.HUP,
    posixName: 'SIGHUP',
    title: 'Hang up',
    description:
      'The controlling terminal went away, or a daemon is being asked to reload its configuration.',
  },
  {
    name: SIGNAL.ILL,
    posixName: 'SIGILL',
    title: 'Illegal instruction',
    description: 'The process tried to run an invalid or privileged machine instruction.',
  },
  {
    name: SIGNAL.INT,
    posixName: 'SIGINT',
    title: 'Interrupt',
    description: 'The user asked to interrupt the process, as with Ctrl+C on a terminal.',
  },
  {
    name: SIGNAL.KILL,
    posixName: 'SIGKILL',
    title: 'Kill',
    description: 'The process is ended at once and can neither catch nor ignore this signal.',
  },
  {
    name: SIGNAL.PIPE,
    posixName: 'SIGPIPE',
    title: 'Broken pipe',
    description: 'The process wrote to a pipe or socket that nobody reads any more.',
  },
  {
    name: SIGNAL.QUIT,
    posixName: 'SIGQUIT',
    title: 'Quit',
    description: 'The user asked the process to quit and dump core, as with Ctrl+Backslash on a terminal.',
  },
  {
    name: SIGNAL.SEGV,
    posixName: 'SIGSEGV',
    title: 'Segmentation fault',
    description: 'The process touched memory it is not allowed to access.',
  },
  {
    name: SIGNAL.TERM,
    posixName: 'SIGTERM',
    title: 'Terminate',
    description: 'The process is politely asked to end and may clean up first.',
  },
  {
    name: SIGNAL.USR1,
    posixName: 'SIGUSR1',
    title: 'User signal 1',
    description: 'An application-defined signal whose meaning depends on the receiving program.',
  },
  {
    name: SIGNAL.USR2,
    posixName: 'SIGUSR2',
    title: 'User signal 2',
    description: 'A second application-defined signal whose meaning depends on the receiving program.',
  },
]);

/**
 * A one-line explanation of a signal name.
 *
 * @param name - the SSH name (`'TERM'`) or the POSIX name (`'SIGTERM'`)
 * @returns `'<title>: <description>'`, or `'unknown ("NAME")'`
 *
 * @example
 * ```ts
 * import { describeSignal } from '@sshkit/ssh-codes';
 * describeSignal('KILL'); // 'Kill: The process is ended at once and can neither catch nor ignore this signal.'
 * ```
 */
export function describeSignal(name: string): string {
  return SIGNALS.describe(name);
}

/**
 * Whether a string is one of the RFC 4254 §6.10 signal names (without `SIG`).
 *
 * @param name - a candidate signal name
 * @returns true for `'ABRT'`, `'ALRM'`, ..., `'USR2'`
 *
 * @example
 * ```ts
 * import { isSignalName } from '@sshkit/ssh-codes';
 * isSignalName('TERM');    // true
 * isSignalName('SIGTERM'); // false: the wire form has no SIG prefix
 * ```
 */
export function isSignalName(name: string): name is SignalName {
  return SIGNALS.get(name)?.name === name;
}
