/**
 * The errors of the connection layer. Each carries its data as fields and a
 * `static errorName`, so `X.isInstance(e)` works across duplicate package
 * copies (CONVENTIONS rule 12). Protocol violations by the peer are
 * `ProtocolError` from `@sshkit/ssh-transport`, not defined here.
 */
import { SSHError } from '@sshkit/ssh-wire';

/**
 * A channel could not be opened: the peer sent SSH_MSG_CHANNEL_OPEN_FAILURE
 * (RFC 4254 §5.1) with `code` (`OPEN_*`), or a local step of opening a
 * session failed (`OPEN_REQUEST_PTY_FAILED`, `OPEN_REQUEST_SESSION_FAILED`).
 * Server handlers throw or return one to refuse a channel with that code.
 *
 * @example
 * ```ts
 * import { ChannelOpenError } from '@sshkit/ssh-connection';
 * import { OPEN_ADMINISTRATIVELY_PROHIBITED } from '@sshkit/ssh-codes';
 * throw new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'not here');
 * ```
 */
export class ChannelOpenError extends SSHError {
  static override readonly errorName: string = 'ChannelOpenError';
  readonly code: number;
  readonly reason: string;
  readonly lang: string;

  constructor(code: number, reason: string, lang = '') {
    super(reason);
    this.code = code;
    this.reason = reason;
    this.lang = lang;
  }
}

/** The peer refused a port forwarding request (`tcpip-forward`, `streamlocal-forward@openssh.com`). */
export class ChannelListenError extends SSHError {
  static override readonly errorName: string = 'ChannelListenError';
}

/** A write, EOF or request on a channel whose sending side is already closed (AsyncSSH `BrokenPipeError`). */
export class BrokenPipe extends SSHError {
  static override readonly errorName: string = 'BrokenPipe';
}

/**
 * A read ended at EOF before it had what it needed (`readexactly`,
 * `readuntil`); `partial` holds what was read (Python's `IncompleteReadError`).
 */
export class IncompleteReadError<D = string | Uint8Array> extends SSHError {
  static override readonly errorName: string = 'IncompleteReadError';
  readonly partial: D;
  /** Bytes or characters wanted, or `undefined` when waiting for a separator. */
  readonly expected: number | undefined;

  constructor(partial: D, expected?: number) {
    super(
      expected === undefined
        ? 'EOF before the separator was found'
        : `EOF after ${(partial as { length: number }).length} of ${expected} expected`,
    );
    this.partial = partial;
    this.expected = expected;
  }
}

/** Raised by a read on a server session's stdin when the client sent a break (RFC 4335). */
export class BreakReceived extends SSHError {
  static override readonly errorName: string = 'BreakReceived';
  /** Break length in milliseconds. */
  readonly msec: number;
  constructor(msec: number) {
    super(`break of ${msec} ms received`);
    this.msec = msec;
  }
}

/** Raised by a read on a server session's stdin when the client sent a signal (RFC 4254 §6.9). */
export class SignalReceived extends SSHError {
  static override readonly errorName: string = 'SignalReceived';
  /** Signal name without `SIG`, e.g. `'INT'`. */
  readonly signal: string;
  constructor(signal: string) {
    super(`signal ${signal} received`);
    this.signal = signal;
  }
}

/** Raised by a read on a server session's stdin when the client's terminal size changed (RFC 4254 §6.7). */
export class TerminalSizeChanged extends SSHError {
  static override readonly errorName: string = 'TerminalSizeChanged';
  readonly width: number;
  readonly height: number;
  readonly pixwidth: number;
  readonly pixheight: number;
  constructor(width: number, height: number, pixwidth: number, pixheight: number) {
    super(`terminal size changed to ${width}x${height}`);
    this.width = width;
    this.height = height;
    this.pixwidth = pixwidth;
    this.pixheight = pixheight;
  }
}

/** What a finished remote process reported; the fields of {@link ProcessError}. */
export interface ProcessResultFields<D> {
  readonly env: Readonly<Record<string, string>>;
  readonly command: string | undefined;
  readonly subsystem: string | undefined;
  readonly exitStatus: number | null;
  readonly exitSignal: ExitSignal | null;
  readonly returncode: number | null;
  readonly stdout: D;
  readonly stderr: D;
}

/** An `exit-signal` report (RFC 4254 §6.10): `[signal, coreDumped, msg, lang]`, as AsyncSSH's tuple. */
export type ExitSignal = readonly [signal: string, coreDumped: boolean, msg: string, lang: string];

/**
 * A remote process exited with a non-zero status or a signal while `check`
 * was set (AsyncSSH `ProcessError`).
 */
export class ProcessError<D = string | Uint8Array> extends SSHError implements ProcessResultFields<D> {
  static override readonly errorName: string = 'ProcessError';
  readonly env: Readonly<Record<string, string>>;
  readonly command: string | undefined;
  readonly subsystem: string | undefined;
  readonly exitStatus: number | null;
  readonly exitSignal: ExitSignal | null;
  readonly returncode: number | null;
  readonly stdout: D;
  readonly stderr: D;

  constructor(fields: ProcessResultFields<D>, reason?: string) {
    super(
      reason ??
        (fields.exitSignal
          ? `Process exited with signal ${fields.exitSignal[0]}`
          : `Process exited with non-zero exit status ${fields.exitStatus}`),
    );
    this.env = fields.env;
    this.command = fields.command;
    this.subsystem = fields.subsystem;
    this.exitStatus = fields.exitStatus;
    this.exitSignal = fields.exitSignal;
    this.returncode = fields.returncode;
    this.stdout = fields.stdout;
    this.stderr = fields.stderr;
  }
}

/** A remote process did not finish within its `timeout` (AsyncSSH `TimeoutError`). */
export class ProcessTimeoutError<D = string | Uint8Array> extends ProcessError<D> {
  static override readonly errorName: string = 'ProcessTimeoutError';
  constructor(fields: ProcessResultFields<D>) {
    super(fields, 'Process timed out');
  }
}
