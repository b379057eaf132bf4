/**
 * Process-style convenience over sessions (AsyncSSH `SSHClientProcess`,
 * `SSHServerProcess`, `SSHCompletedProcess`, `run`).
 */
import { EXTENDED_DATA_STDERR } from '@sshkit/ssh-codes';
import { BrokenPipe, ProcessError, type ProcessResultFields, ProcessTimeoutError } from './errors.js';
import type { TerminalSize } from './messages.js';
import {
  CollectingSink,
  type ProcessRedirects,
  type ProcessSink,
  pumpIn,
  pumpOut,
  sharedSink,
  toSink,
} from './redirect.js';
import type { ClientSessionRequest, SSHClientChannel } from './session/client-session.js';
import type { TerminalModes } from './session/pty.js';
import type { SSHServerChannel } from './session/server-session.js';
import { dataOpsFor, SSHReader, SSHServerStreamSession, type SSHStreamSession, SSHWriter } from './stream.js';
import type { ChannelOptions, DataFor, Encoding, SessionData } from './types.js';

/** Options of `createProcess`: channel and session options, with `term` for the terminal type. */
export type ProcessOptions<E extends Encoding = 'utf-8'> = ChannelOptions<E> &
  Omit<ClientSessionRequest, 'command' | 'termType'> & {
    /** Terminal type; requests a pty. */
    term?: string;
    /** Aborting closes the channel at once; `wait()` (and `run`) reject with the signal's reason. */
    signal?: AbortSignal;
  } & ProcessRedirects<DataFor<E>>;

/** Options of `run`. */
export type RunOptions<E extends Encoding = 'utf-8'> = ProcessOptions<E> & {
  /** Data written to stdin before EOF. */
  input?: SessionData;
  /** Throw `ProcessError` on a non-zero exit status or an exit signal. @default false */
  check?: boolean;
  /** Milliseconds before the channel is closed and `ProcessTimeoutError` thrown. */
  timeout?: number;
};

/** The result of a finished process (AsyncSSH `SSHCompletedProcess`). */
export type SSHCompletedProcess<D = string> = ProcessResultFields<D>;

/**
 * A remote process started with `createProcess` (AsyncSSH `SSHClientProcess`).
 */
export class SSHClientProcess<D extends SessionData = string> {
  readonly channel: SSHClientChannel<D>;
  readonly stdin: SSHWriter<D>;
  readonly stdout: SSHReader<D>;
  readonly stderr: SSHReader<D>;
  readonly env: Readonly<Record<string, string>>;
  readonly #signal: AbortSignal | undefined;
  /** Copies started by `redirect()`; `wait()` waits for them. */
  readonly #pumps: Promise<void>[] = [];
  #stdoutRedirected = false;
  #stderrRedirected = false;
  #stderrIntoStdout = false;

  constructor(
    channel: SSHClientChannel<D>,
    session: SSHStreamSession<D>,
    env: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ) {
    this.channel = channel;
    this.stdin = new SSHWriter(session);
    this.stdout = new SSHReader(session);
    this.stderr = new SSHReader(session, EXTENDED_DATA_STDERR);
    this.env = env;
    this.#signal = signal;
    if (signal) {
      const onAbort = () => channel.abort();
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        void channel.waitClosed().then(() => signal.removeEventListener('abort', onAbort));
      }
    }
  }

  get command(): string | undefined {
    return this.channel.getCommand();
  }
  get subsystem(): string | undefined {
    return this.channel.getSubsystem();
  }
  get exitStatus(): number | null {
    return this.channel.getExitStatus();
  }
  get exitSignal(): readonly [string, boolean, string, string] | null {
    return this.channel.getExitSignal();
  }
  get returncode(): number | null {
    return this.channel.getReturncode();
  }

  changeTerminalSize(width: number, height: number, pixwidth = 0, pixheight = 0): void {
    this.channel.changeTerminalSize(width, height, pixwidth, pixheight);
  }
  sendBreak(msec: number): Promise<boolean> {
    return this.channel.sendBreak(msec);
  }
  sendSignal(signal: string): void {
    this.channel.sendSignal(signal);
  }
  kill(): void {
    this.channel.kill();
  }
  terminate(): void {
    this.channel.terminate();
  }
  close(): void {
    this.channel.close();
  }
  waitClosed(): Promise<void> {
    return this.channel.waitClosed();
  }

  /**
   * Connects stdin, stdout and stderr to other sources and destinations
   * (AsyncSSH `redirect`): stdin is copied from a reader or async iterable
   * (then EOF is sent), stdout/stderr are copied into sinks, which are ended
   * at EOF; `stderr: 'stdout'` merges stderr into stdout. Redirected streams
   * come back empty from `wait()`, which also waits for these copies.
   */
  redirect(redirects: ProcessRedirects<D>): void {
    if (redirects.stdin) {
      this.#pumps.push(
        pumpIn(redirects.stdin, this.stdin as SSHWriter<SessionData>).catch((e: unknown) => {
          // The process closing its stdin early is its business, not an error of ours.
          if (!BrokenPipe.isInstance(e)) throw e;
        }),
      );
    }
    const merge = redirects.stderr === 'stdout';
    if (redirects.stdout) {
      const sink = merge ? sharedSink(toSink(redirects.stdout), 2) : toSink(redirects.stdout);
      this.#stdoutRedirected = true;
      this.#pumps.push(copyThenEnd(this.stdout, sink));
      if (merge) {
        this.#stderrRedirected = true;
        this.#pumps.push(copyThenEnd(this.stderr, sink));
      }
    } else if (merge) {
      this.#stderrIntoStdout = true;
    }
    if (redirects.stderr && redirects.stderr !== 'stdout') {
      this.#stderrRedirected = true;
      this.#pumps.push(copyThenEnd(this.stderr, toSink(redirects.stderr)));
    }
  }

  /** Closes the channel and waits until it is closed (`await using proc = ...`). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.channel.close();
    await this.channel.waitClosed();
  }

  /**
   * Collects stdout and stderr to EOF and waits for the channel to close.
   * @param check - throw `ProcessError` on a non-zero exit or a signal
   * @param timeout - milliseconds; then the channel is closed and `ProcessTimeoutError` thrown
   * @throws the abort reason when the process's `signal` fires first
   */
  async wait(check = false, timeout?: number): Promise<SSHCompletedProcess<D>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const signal = this.#signal;
    const ops = dataOpsFor<D>(this.channel.getEncoding());
    const empty = ops.empty;
    const out = this.#stdoutRedirected ? undefined : new CollectingSink(ops);
    const err = this.#stderrRedirected ? undefined : this.#stderrIntoStdout ? out : new CollectingSink(ops);
    const copies = [...this.#pumps];
    if (out) copies.push(pumpOut(this.stdout, out));
    if (err) copies.push(pumpOut(this.stderr, err));
    const outputs = Promise.all(copies).then(async (): Promise<[D, D]> => {
      await this.channel.waitClosed();
      return [out?.result() ?? empty, err && err !== out ? err.result() : empty];
    });
    const stops: Promise<typeof TIMED_OUT | typeof ABORTED>[] = [];
    if (timeout !== undefined) {
      stops.push(new Promise((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), timeout))));
    }
    if (signal) {
      stops.push(
        new Promise((resolve) => {
          onAbort = () => resolve(ABORTED);
          if (signal.aborted) onAbort();
          else signal.addEventListener('abort', onAbort, { once: true });
        }),
      );
    }
    let outcome: [D, D] | typeof TIMED_OUT | typeof ABORTED;
    try {
      outcome = await Promise.race([outputs, ...stops]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
    const timedOut = outcome === TIMED_OUT;
    if (outcome === ABORTED || timedOut) {
      this.channel.abort();
      void outputs.catch(() => {});
      if (outcome === ABORTED) throw signal?.reason;
    }
    const result: [D, D] = Array.isArray(outcome) ? outcome : [empty, empty];
    const fields: SSHCompletedProcess<D> = {
      env: this.env,
      command: this.command,
      subsystem: this.subsystem,
      exitStatus: this.exitStatus,
      exitSignal: this.exitSignal,
      returncode: this.returncode,
      stdout: result[0],
      stderr: result[1],
    };
    if (timedOut) throw new ProcessTimeoutError(fields);
    if (check && (fields.exitSignal !== null || (fields.exitStatus !== null && fields.exitStatus !== 0))) {
      throw new ProcessError(fields);
    }
    return fields;
  }
}

async function copyThenEnd<D extends SessionData>(reader: SSHReader<D>, sink: ProcessSink<D>): Promise<void> {
  await pumpOut(reader, sink);
  await sink.end?.();
}

const TIMED_OUT = Symbol('timed out');
const ABORTED = Symbol('aborted');

/**
 * The server side of a process-style session, passed to `processFactory`
 * (AsyncSSH `SSHServerProcess`): `stdin` raises `BreakReceived`,
 * `SignalReceived` and `TerminalSizeChanged` from reads.
 */
export class SSHServerProcess<D extends SessionData = string> {
  readonly stdin: SSHReader<D>;
  readonly stdout: SSHWriter<D>;
  readonly stderr: SSHWriter<D>;
  private readonly session: SSHServerStreamSession<D>;

  constructor(session: SSHServerStreamSession<D>) {
    this.session = session;
    this.stdin = new SSHReader(session);
    this.stdout = new SSHWriter(session);
    this.stderr = new SSHWriter(session, EXTENDED_DATA_STDERR);
  }

  /** The server channel. */
  get channel(): SSHServerChannel<D> {
    return this.session.channel as SSHServerChannel<D>;
  }
  get command(): string | undefined {
    return this.channel.getCommand();
  }
  get subsystem(): string | undefined {
    return this.channel.getSubsystem();
  }
  get env(): Readonly<Record<string, string>> {
    return this.channel.getEnvironment();
  }
  getExtraInfo(name: string, defaultValue?: unknown): unknown {
    return this.channel.getExtraInfo(name, defaultValue);
  }
  getTerminalType(): string | undefined {
    return this.channel.getTerminalType();
  }
  getTerminalSize(): TerminalSize {
    return this.channel.getTerminalSize();
  }
  getTerminalMode(mode: number): number | undefined {
    return this.channel.getTerminalMode(mode);
  }
  getTerminalModes(): TerminalModes {
    return this.channel.getTerminalModes();
  }
  /** Sends the exit status and closes the channel. */
  exit(status: number): void {
    this.channel.exit(status);
  }
  /** Sends an exit signal and closes the channel. */
  exitWithSignal(signal: string, coreDumped = false, msg = '', lang = ''): void {
    this.channel.exitWithSignal(signal, coreDumped, msg, lang);
  }
  close(): void {
    this.channel.close();
  }
  waitClosed(): Promise<void> {
    return this.channel.waitClosed();
  }
}

/** Builds the stream session that runs a `processFactory` once the session starts. */
export function processSessionFor<D extends SessionData>(
  factory: (process: SSHServerProcess<D>) => unknown,
): SSHServerStreamSession<D> {
  const session = new SSHServerStreamSession<D>();
  session.onStarted = () => {
    const proc = new SSHServerProcess(session);
    try {
      const r = factory(proc);
      if (r instanceof Promise) r.catch(() => proc.channel.close());
    } catch {
      proc.channel.close();
    }
  };
  return session;
}

/** Builds the stream session that runs a `sessionFactory(stdin, stdout, stderr)` handler. */
export function serverStreamSessionFor<D extends SessionData>(
  handler: (stdin: SSHReader<D>, stdout: SSHWriter<D>, stderr: SSHWriter<D>) => unknown,
): SSHServerStreamSession<D> {
  const session = new SSHServerStreamSession<D>();
  session.onStarted = () => {
    try {
      const r = handler(
        new SSHReader(session),
        new SSHWriter(session),
        new SSHWriter(session, EXTENDED_DATA_STDERR),
      );
      if (r instanceof Promise) r.catch(() => session.channel.close());
    } catch {
      session.channel.close();
    }
  };
  return session;
}
