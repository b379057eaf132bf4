/**
 * Encoded terminal mode opcodes (RFC 4254 §8, plus `IUTF8` from RFC 8160), the
 * opcodes of the `encoded terminal modes` string of a `pty-req` channel request.
 *
 * Opcodes 1 to 159 take a `uint32` argument; `TTY_OP_END` (0) ends the list;
 * opcodes 160 to 255 are not defined and stop parsing. The RFC names (`VINTR`,
 * `TTY_OP_ISPEED`, ...) are the rows' `name`; the AsyncSSH names (`PTY_VINTR`,
 * `PTY_OP_ISPEED`, ...) are exported as constants and are the rows' `alias`.
 * AsyncSSH spells opcode 13 `PTY_WERASE` (without the V of the RFC's `VWERASE`);
 * both `PTY_WERASE` and `PTY_VWERASE` are exported.
 */
import { type CodeTable, defineCodeTable } from './table.js';

/** `TTY_OP_END` = 0: End of modes. */
export const PTY_OP_END = 0;
/** `VINTR` = 1: Interrupt character. */
export const PTY_VINTR = 1;
/** `VQUIT` = 2: Quit character. */
export const PTY_VQUIT = 2;
/** `VERASE` = 3: Erase character. */
export const PTY_VERASE = 3;
/** `VKILL` = 4: Kill character. */
export const PTY_VKILL = 4;
/** `VEOF` = 5: End-of-file character. */
export const PTY_VEOF = 5;
/** `VEOL` = 6: End-of-line character. */
export const PTY_VEOL = 6;
/** `VEOL2` = 7: Second end-of-line character. */
export const PTY_VEOL2 = 7;
/** `VSTART` = 8: Start character. */
export const PTY_VSTART = 8;
/** `VSTOP` = 9: Stop character. */
export const PTY_VSTOP = 9;
/** `VSUSP` = 10: Suspend character. */
export const PTY_VSUSP = 10;
/** `VDSUSP` = 11: Delayed suspend character. */
export const PTY_VDSUSP = 11;
/** `VREPRINT` = 12: Reprint character. */
export const PTY_VREPRINT = 12;
/** `VWERASE` = 13: Word erase character. */
export const PTY_WERASE = 13;
/** `VLNEXT` = 14: Literal next character. */
export const PTY_VLNEXT = 14;
/** `VFLUSH` = 15: Flush character. */
export const PTY_VFLUSH = 15;
/** `VSWTCH` = 16: Switch character. */
export const PTY_VSWTCH = 16;
/** `VSTATUS` = 17: Status character. */
export const PTY_VSTATUS = 17;
/** `VDISCARD` = 18: Discard character. */
export const PTY_VDISCARD = 18;
/** `IGNPAR` = 30: Ignore parity errors. */
export const PTY_IGNPAR = 30;
/** `PARMRK` = 31: Mark parity errors. */
export const PTY_PARMRK = 31;
/** `INPCK` = 32: Input parity check. */
export const PTY_INPCK = 32;
/** `ISTRIP` = 33: Strip eighth bit. */
export const PTY_ISTRIP = 33;
/** `INLCR` = 34: Map NL to CR on input. */
export const PTY_INLCR = 34;
/** `IGNCR` = 35: Ignore CR on input. */
export const PTY_IGNCR = 35;
/** `ICRNL` = 36: Map CR to NL on input. */
export const PTY_ICRNL = 36;
/** `IUCLC` = 37: Map uppercase to lowercase on input. */
export const PTY_IUCLC = 37;
/** `IXON` = 38: Output flow control. */
export const PTY_IXON = 38;
/** `IXANY` = 39: Restart on any character. */
export const PTY_IXANY = 39;
/** `IXOFF` = 40: Input flow control. */
export const PTY_IXOFF = 40;
/** `IMAXBEL` = 41: Bell on full input queue. */
export const PTY_IMAXBEL = 41;
/** `IUTF8` = 42: UTF-8 input. */
export const PTY_IUTF8 = 42;
/** `ISIG` = 50: Enable signals. */
export const PTY_ISIG = 50;
/** `ICANON` = 51: Canonical mode. */
export const PTY_ICANON = 51;
/** `XCASE` = 52: Uppercase presentation. */
export const PTY_XCASE = 52;
/** `ECHO` = 53: Echo input. */
export const PTY_ECHO = 53;
/** `ECHOE` = 54: Visual erase. */
export const PTY_ECHOE = 54;
/** `ECHOK` = 55: Echo kill. */
export const PTY_ECHOK = 55;
/** `ECHONL` = 56: Echo newline. */
export const PTY_ECHONL = 56;
/** `NOFLSH` = 57: No flush after interrupt. */
export const PTY_NOFLSH = 57;
/** `TOSTOP` = 58: Stop background output. */
export const PTY_TOSTOP = 58;
/** `IEXTEN` = 59: Extended input processing. */
export const PTY_IEXTEN = 59;
/** `ECHOCTL` = 60: Echo control characters. */
export const PTY_ECHOCTL = 60;
/** `ECHOKE` = 61: Visual kill. */
export const PTY_ECHOKE = 61;
/** `PENDIN` = 62: Retype pending input. */
export const PTY_PENDIN = 62;
/** `OPOST` = 70: Output processing. */
export const PTY_OPOST = 70;
/** `OLCUC` = 71: Map lowercase to uppercase on output. */
export const PTY_OLCUC = 71;
/** `ONLCR` = 72: Map NL to CR-NL on output. */
export const PTY_ONLCR = 72;
/** `OCRNL` = 73: Map CR to NL on output. */
export const PTY_OCRNL = 73;
/** `ONOCR` = 74: No CR at column zero. */
export const PTY_ONOCR = 74;
/** `ONLRET` = 75: Newline returns carriage. */
export const PTY_ONLRET = 75;
/** `CS7` = 90: 7-bit characters. */
export const PTY_CS7 = 90;
/** `CS8` = 91: 8-bit characters. */
export const PTY_CS8 = 91;
/** `PARENB` = 92: Parity enable. */
export const PTY_PARENB = 92;
/** `PARODD` = 93: Odd parity. */
export const PTY_PARODD = 93;
/** `TTY_OP_ISPEED` = 128: Input baud rate. */
export const PTY_OP_ISPEED = 128;
/** `TTY_OP_OSPEED` = 129: Output baud rate. */
export const PTY_OP_OSPEED = 129;
/** `VWERASE` = 13 under the RFC spelling; the same opcode as AsyncSSH's {@link PTY_WERASE}. */
export const PTY_VWERASE = 13;
/** `TTY_OP_END` = 0 under its RFC name; the same as {@link PTY_OP_END}. */
export const TTY_OP_END = 0;
/** `TTY_OP_ISPEED` = 128 under its RFC name; the same as {@link PTY_OP_ISPEED}. */
export const TTY_OP_ISPEED = 128;
/** `TTY_OP_OSPEED` = 129 under its RFC name; the same as {@link PTY_OP_OSPEED}. */
export const TTY_OP_OSPEED = 129;
/**
 * The first opcode RFC 4254 §8 leaves undefined (160); opcodes 160 to 255 stop the parsing of the modes.
 * Not a mode, so not a row of {@link PTY_MODES}.
 */
export const PTY_OP_RESERVED = 160;

/**
 * Terminal mode opcodes keyed by their RFC name.
 *
 * @example
 * ```ts
 * import { PTY_MODE } from '@sshkit/ssh-codes';
 * PTY_MODE.VINTR;         // 1
 * PTY_MODE.TTY_OP_ISPEED; // 128
 * ```
 */
export const PTY_MODE = /* @__PURE__ */ Object.freeze({
  TTY_OP_END: 0,
  VINTR: 1,
  VQUIT: 2,
  VERASE: 3,
  VKILL: 4,
  VEOF: 5,
  VEOL: 6,
  VEOL2: 7,
  VSTART: 8,
  VSTOP: 9,
  VSUSP: 10,
  VDSUSP: 11,
  VREPRINT: 12,
  VWERASE: 13,
  VLNEXT: 14,
  VFLUSH: 15,
  VSWTCH: 16,
  VSTATUS: 17,
  VDISCARD: 18,
  IGNPAR: 30,
  PARMRK: 31,
  INPCK: 32,
  ISTRIP: 33,
  INLCR: 34,
  IGNCR: 35,
  ICRNL: 36,
  IUCLC: 37,
  IXON: 38,
  IXANY: 39,
  IXOFF: 40,
  IMAXBEL: 41,
  IUTF8: 42,
  ISIG: 50,
  ICANON: 51,
  XCASE: 52,
  ECHO: 53,
  ECHOE: 54,
  ECHOK: 55,
  ECHONL: 56,
  NOFLSH: 57,
  TOSTOP: 58,
  IEXTEN: 59,
  ECHOCTL: 60,
  ECHOKE: 61,
  PENDIN: 62,
  OPOST: 70,
  OLCUC: 71,
  ONLCR: 72,
  OCRNL: 73,
  ONOCR: 74,
  ONLRET: 75,
  CS7: 90,
  CS8: 91,
  PARENB: 92,
  PARODD: 93,
  TTY_OP_ISPEED: 128,
  TTY_OP_OSPEED: 129,
} as const);
/** A terminal mode opcode defined by RFC 4254 §8 or RFC 8160. */
export type PtyModeOpcode = (typeof PTY_MODE)[keyof typeof PTY_MODE];

/**
 * Every terminal mode opcode with its names, title and description.
 *
 * @example
 * ```ts
 * import { PTY_MODES } from '@sshkit/ssh-codes';
 * PTY_MODES.nameOf(53);                  // 'ECHO'
 * PTY_MODES.byName('PTY_WERASE')?.name;  // 'VWERASE'
 * ```
 */
export const PTY_MODES: CodeTable = /* @__PURE__ */ defineCodeTable({
  title: 'Terminal modes',
  reference: 'RFC 4254 §8, RFC 8160',
  rows: [
    {
      code: PTY_OP_END,
      name: 'TTY_OP_END',
      alias: 'PTY_OP_END',
      title: 'End of modes',
      description: 'Marks the end of the encoded terminal modes.',
    },
    {
      code: PTY_VINTR,
      name: 'VINTR',
      alias: 'PTY_VINTR',
      title: 'Interrupt character',
      description: 'The character that sends an interrupt signal to the foreground process group.',
    },
    {
      code: PTY_VQUIT,
      name: 'VQUIT',
      alias: 'PTY_VQUIT',
      title: 'Quit character',
      description: 'The character that sends a quit signal, which usually also makes the program dump core.',
    },
    {
      code: PTY_VERASE,
      name: 'VERASE',
      alias: 'PTY_VERASE',
      title: 'Erase character',
      description: 'The character that deletes the character left of the cursor.',
    },
    {
      code: PTY_VKILL,
      name: 'VKILL',
      alias: 'PTY_VKILL',
      title: 'Kill character',
      description: 'The character that deletes the whole input line.',
    },
    {
      code: PTY_VEOF,
      name: 'VEOF',
      alias: 'PTY_VEOF',
      title: 'End-of-file character',
      description: 'The character that signals the end of input from the terminal.',
    },
    {
      code: PTY_VEOL,
      name: 'VEOL',
      alias: 'PTY_VEOL',
      title: 'End-of-line character',
      description: 'An extra character that ends a line besides carriage return and line feed.',
    },
    {
      code: PTY_VEOL2,
      name: 'VEOL2',
      alias: 'PTY_VEOL2',
      title: 'Second end-of-line character',
      description: 'A further optional character that ends a line.',
    },
    {
      code: PTY_VSTART,
      name: 'VSTART',
      alias: 'PTY_VSTART',
      title: 'Start character',
      description: 'The character that resumes output paused by the stop character.',
    },
    {
      code: PTY_VSTOP,
      name: 'VSTOP',
      alias: 'PTY_VSTOP',
      title: 'Stop character',
      description: 'The character that pauses output to the terminal.',
    },
    {
      code: PTY_VSUSP,
      name: 'VSUSP',
      alias: 'PTY_VSUSP',
      title: 'Suspend character',
      description: 'The character that suspends the foreground program.',
    },
    {
      code: PTY_VDSUSP,
      name: 'VDSUSP',
      alias: 'PTY_VDSUSP',
      title: 'Delayed suspend character',
      description: 'The character that suspends the program when it next reads input.',
    },
    {
      code: PTY_VREPRINT,
      name: 'VREPRINT',
      alias: 'PTY_VREPRINT',
      title: 'Reprint character',
      description: 'The character that redraws the current input line.',
    },
    {
      code: PTY_WERASE,
      name: 'VWERASE',
      alias: 'PTY_WERASE',
      aliases: ['PTY_VWERASE'],
      title: 'Word erase character',
      description: 'The character that deletes the word left of the cursor.',
    },
    {
      code: PTY_VLNEXT,
      name: 'VLNEXT',
      alias: 'PTY_VLNEXT',
      title: 'Literal next character',
      description: 'The character that makes the next typed character count literally.',
    },
    {
      code: PTY_VFLUSH,
      name: 'VFLUSH',
      alias: 'PTY_VFLUSH',
      title: 'Flush character',
      description: 'The character that throws away pending output.',
    },
    {
      code: PTY_VSWTCH,
      name: 'VSWTCH',
      alias: 'PTY_VSWTCH',
      title: 'Switch character',
      description: 'The character that switches to a different shell layer.',
    },
    {
      code: PTY_VSTATUS,
      name: 'VSTATUS',
      alias: 'PTY_VSTATUS',
      title: 'Status character',
      description: 'The character that prints a status line about the foreground program.',
    },
    {
      code: PTY_VDISCARD,
      name: 'VDISCARD',
      alias: 'PTY_VDISCARD',
      title: 'Discard character',
      description: 'The character that toggles throwing away terminal output.',
    },
    {
      code: PTY_IGNPAR,
      name: 'IGNPAR',
      alias: 'PTY_IGNPAR',
      title: 'Ignore parity errors',
      description: 'Flag that drops input characters with framing or parity errors.',
    },
    {
      code: PTY_PARMRK,
      name: 'PARMRK',
      alias: 'PTY_PARMRK',
      title: 'Mark parity errors',
      description: 'Flag that marks input characters that had framing or parity errors.',
    },
    {
      code: PTY_INPCK,
      name: 'INPCK',
      alias: 'PTY_INPCK',
      title: 'Input parity check',
      description: 'Flag that turns on parity checking of input.',
    },
    {
      code: PTY_ISTRIP,
      name: 'ISTRIP',
      alias: 'PTY_ISTRIP',
      title: 'Strip eighth bit',
      description: 'Flag that clears the eighth bit of every input character.',
    },
    {
      code: PTY_INLCR,
      name: 'INLCR',
      alias: 'PTY_INLCR',
      title: 'Map NL to CR on input',
      description: 'Flag that turns newline into carriage return on input.',
    },
    {
      code: PTY_IGNCR,
      name: 'IGNCR',
      alias: 'PTY_IGNCR',
      title: 'Ignore CR on input',
      description: 'Flag that drops carriage returns from input.',
    },
    {
      code: PTY_ICRNL,
      name: 'ICRNL',
      alias: 'PTY_ICRNL',
      title: 'Map CR to NL on input',
      description: 'Flag that turns carriage return into newline on input.',
    },
    {
      code: PTY_IUCLC,
      name: 'IUCLC',
      alias: 'PTY_IUCLC',
      title: 'Map uppercase to lowercase on input',
      description: 'Flag that lowers the case of uppercase input letters.',
    },
    {
      code: PTY_IXON,
      name: 'IXON',
      alias: 'PTY_IXON',
      title: 'Output flow control',
      description: 'Flag that lets the start and stop characters pause and resume output.',
    },
    {
      code: PTY_IXANY,
      name: 'IXANY',
      alias: 'PTY_IXANY',
      title: 'Restart on any character',
      description: 'Flag that lets any typed character resume paused output.',
    },
    {
      code: PTY_IXOFF,
      name: 'IXOFF',
      alias: 'PTY_IXOFF',
      title: 'Input flow control',
      description: 'Flag that lets the system send stop and start characters to throttle input.',
    },
    {
      code: PTY_IMAXBEL,
      name: 'IMAXBEL',
      alias: 'PTY_IMAXBEL',
      title: 'Bell on full input queue',
      description: 'Flag that rings the bell when the input queue is full.',
    },
    {
      code: PTY_IUTF8,
      name: 'IUTF8',
      alias: 'PTY_IUTF8',
      title: 'UTF-8 input',
      description:
        'Flag that says terminal input is UTF-8, so erasing removes whole characters rather than single bytes.',
    },
    {
      code: PTY_ISIG,
      name: 'ISIG',
      alias: 'PTY_ISIG',
      title: 'Enable signals',
      description: 'Flag that makes the interrupt, quit and suspend characters raise signals.',
    },
    {
      code: PTY_ICANON,
      name: 'ICANON',
      alias: 'PTY_ICANON',
      title: 'Canonical mode',
      description: 'Flag that turns on line-at-a-time input with line editing.',
    },
    {
      code: PTY_XCASE,
      name: 'XCASE',
      alias: 'PTY_XCASE',
      title: 'Uppercase presentation',
      description: 'Flag that, together with canonical mode, shows uppercase letters with an escape prefix.',
    },
    {
      code: PTY_ECHO,
      name: 'ECHO',
      alias: 'PTY_ECHO',
      title: 'Echo input',
      description: 'Flag that echoes typed characters back to the terminal.',
    },
    {
      code: PTY_ECHOE,
      name: 'ECHOE',
      alias: 'PTY_ECHOE',
      title: 'Visual erase',
      description: 'Flag that makes the erase character visibly remove the previous character.',
    },
    {
      code: PTY_ECHOK,
      name: 'ECHOK',
      alias: 'PTY_ECHOK',
      title: 'Echo kill',
      description: 'Flag that echoes a newline or clears the line after the kill character.',
    },
    {
      code: PTY_ECHONL,
      name: 'ECHONL',
      alias: 'PTY_ECHONL',
      title: 'Echo newline',
      description: 'Flag that echoes newline even when other echoing is off.',
    },
    {
      code: PTY_NOFLSH,
      name: 'NOFLSH',
      alias: 'PTY_NOFLSH',
      title: 'No flush after interrupt',
      description: 'Flag that keeps queued input and output when an interrupt or quit signal is raised.',
    },
    {
      code: PTY_TOSTOP,
      name: 'TOSTOP',
      alias: 'PTY_TOSTOP',
      title: 'Stop background output',
      description: 'Flag that stops background jobs that try to write to the terminal.',
    },
    {
      code: PTY_IEXTEN,
      name: 'IEXTEN',
      alias: 'PTY_IEXTEN',
      title: 'Extended input processing',
      description: 'Flag that turns on implementation-defined input processing.',
    },
    {
      code: PTY_ECHOCTL,
      name: 'ECHOCTL',
      alias: 'PTY_ECHOCTL',
      title: 'Echo control characters',
      description: 'Flag that echoes control characters as a caret and a letter.',
    },
    {
      code: PTY_ECHOKE,
      name: 'ECHOKE',
      alias: 'PTY_ECHOKE',
      title: 'Visual kill',
      description: 'Flag that visibly erases the whole line when the kill character is typed.',
    },
    {
      code: PTY_PENDIN,
      name: 'PENDIN',
      alias: 'PTY_PENDIN',
      title: 'Retype pending input',
      description: 'Flag that redisplays pending input at the next read or typed character.',
    },
    {
      code: PTY_OPOST,
      name: 'OPOST',
      alias: 'PTY_OPOST',
      title: 'Output processing',
      description: 'Flag that turns on implementation-defined output processing.',
    },
    {
      code: PTY_OLCUC,
      name: 'OLCUC',
      alias: 'PTY_OLCUC',
      title: 'Map lowercase to uppercase on output',
      description: 'Flag that raises the case of lowercase output letters.',
    },
    {
      code: PTY_ONLCR,
      name: 'ONLCR',
      alias: 'PTY_ONLCR',
      title: 'Map NL to CR-NL on output',
      description: 'Flag that sends every output newline as carriage return plus newline.',
    },
    {
      code: PTY_OCRNL,
      name: 'OCRNL',
      alias: 'PTY_OCRNL',
      title: 'Map CR to NL on output',
      description: 'Flag that turns carriage return into newline on output.',
    },
    {
      code: PTY_ONOCR,
      name: 'ONOCR',
      alias: 'PTY_ONOCR',
      title: 'No CR at column zero',
      description: 'Flag that skips carriage returns when the cursor already sits in the first column.',
    },
    {
      code: PTY_ONLRET,
      name: 'ONLRET',
      alias: 'PTY_ONLRET',
      title: 'Newline returns carriage',
      description: 'Flag that makes an output newline also move the cursor to the first column.',
    },
    {
      code: PTY_CS7,
      name: 'CS7',
      alias: 'PTY_CS7',
      title: '7-bit characters',
      description: 'Flag that selects seven data bits per character.',
    },
    {
      code: PTY_CS8,
      name: 'CS8',
      alias: 'PTY_CS8',
      title: '8-bit characters',
      description: 'Flag that selects eight data bits per character.',
    },
    {
      code: PTY_PARENB,
      name: 'PARENB',
      alias: 'PTY_PARENB',
      title: 'Parity enable',
      description: 'Flag that turns on parity generation and checking.',
    },
    {
      code: PTY_PARODD,
      name: 'PARODD',
      alias: 'PTY_PARODD',
      title: 'Odd parity',
      description: 'Flag that selects odd parity instead of even parity.',
    },
    {
      code: PTY_OP_ISPEED,
      name: 'TTY_OP_ISPEED',
      alias: 'PTY_OP_ISPEED',
      title: 'Input baud rate',
      description: 'The terminal input speed in bits per second.',
    },
    {
      code: PTY_OP_OSPEED,
      name: 'TTY_OP_OSPEED',
      alias: 'PTY_OP_OSPEED',
      title: 'Output baud rate',
      description: 'The terminal output speed in bits per second.',
    },
  ],
});

/**
 * The RFC name of a terminal mode opcode.
 *
 * @param code - an opcode from the encoded terminal modes of a `pty-req`
 * @returns e.g. `'VINTR'` or `'TTY_OP_ISPEED'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { ptyModeName } from '@sshkit/ssh-codes';
 * ptyModeName(42);  // 'IUTF8'
 * ptyModeName(200); // 'unknown (200)'
 * ```
 */
export function ptyModeName(code: number): string {
  return PTY_MODES.nameOf(code);
}

/**
 * A one-line explanation of a terminal mode opcode.
 *
 * @param code - an opcode from the encoded terminal modes of a `pty-req`
 * @returns `'<title>: <description>'`, or `'unknown (N)'`
 *
 * @example
 * ```ts
 * import { describePtyMode } from '@sshkit/ssh-codes';
 * describePtyMode(53); // 'Echo input: Flag that echoes typed characters back to the terminal.'
 * ```
 */
export function describePtyMode(code: number): string {
  return PTY_MODES.describe(code);
}
