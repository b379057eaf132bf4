/**
 * The stream style of AsyncSSH: `SSHReader` / `SSHWriter` over a channel,
 * through a stream session that buffers what arrives per data type.
 *
 * The window reopens only as reads hand data to the application (or as a
 * pending `read(-1)`, `readexactly` or `readuntil` claims it), so a slow
 * reader holds at most one window (plus one packet) in memory.
 */
import { freeIfSoleOwned } from '@sshkit/ssh-transport';
import type { ChannelSessionHandler, SSHChannel } from './channel.js';
import { BreakReceived, IncompleteReadError, SignalReceived, TerminalSizeChanged } from './errors.js';
import type { Encoding, SessionData } from './types.js';

type Entry<D> = { kind: 'data'; data: D; bytes: number; acked: boolean } | { kind: 'error'; error: Error };

/** Operations on the two data types, so buffers need not care which one they hold. */
export interface DataOps<D> {
  readonly empty: D;
  concat(parts: D[]): D;
  slice(d: D, start: number, end?: number): D;
  indexOf(d: D, sep: D, from: number): number;
  /** Data a read has copied out of and dropped: a received payload's buffer goes back to the allocator. */
  dropped(d: D): void;
}

const stringOps: DataOps<string> = {
  empty: '',
  concat: (parts) => parts.join(''),
  slice: (d, s, e) => d.slice(s, e),
  indexOf: (d, sep, from) => d.indexOf(sep, from),
  dropped: () => {},
};

const bytesOps: DataOps<Uint8Array> = {
  empty: new Uint8Array(0),
  concat(parts) {
    if (parts.length === 1) return parts[0] as Uint8Array;
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  },
  slice: (d, s, e) => d.slice(s, e),
  indexOf(d, sep, from) {
    if (sep.length === 0) return from <= d.length ? from : -1;
    const first = sep[0] as number;
    for (
      let i = d.indexOf(first, from);
      i !== -1 && i + sep.length <= d.length;
      i = d.indexOf(first, i + 1)
    ) {
      let j = 1;
      while (j < sep.length && d[i + j] === sep[j]) j++;
      if (j === sep.length) return i;
    }
    return -1;
  },
  dropped: freeIfSoleOwned,
};

/** The operations for a channel's encoding: strings for UTF-8, bytes for `null`. */
export function dataOpsFor<D extends SessionData>(encoding: Encoding): DataOps<D> {
  return (encoding === null ? bytesOps : stringOps) as unknown as DataOps<D>;
}

/**
 * A session handler that buffers data for `SSHReader`s and lets `SSHWriter`s
 * write: the glue between a channel and the stream API. Used by
 * `openSession`, `openConnection`, `startServer` and server `sessionFactory`
 * handlers.
 */
export class SSHStreamSession<D extends SessionData = string>
  implements ChannelSessionHandler<D, SSHChannel<D>>
{
  private chan: SSHChannel<D> | undefined;
  private ops: DataOps<D> = stringOps as unknown as DataOps<D>;
  private readonly buffers = new Map<number | undefined, Entry<D>[]>();
  private waiters: Array<() => void> = [];
  private eof = false;
  private closed = false;
  private closeError: Error | undefined;
  /** Called once the session starts (the stream handler runs here). */
  onStarted: (() => void) | undefined;

  /** The channel, once open. */
  get channel(): SSHChannel<D> {
    if (!this.chan) throw new RangeError('SSHStreamSession: the channel is not open yet');
    return this.chan;
  }

  connectionMade(chan: SSHChannel<D>): void {
    this.chan = chan;
    this.ops = dataOpsFor(chan.getEncoding());
    chan.setManualAck(true);
  }

  /** The channel switched encoding (a binary subsystem): read in the new one from now on. */
  encodingChanged(): void {
    this.ops = dataOpsFor(this.channel.getEncoding());
  }

  sessionStarted(): void {
    this.onStarted?.();
  }

  dataReceived(data: D, datatype: number | undefined): void {
    const bytes = this.chan?.lastPacketBytes ?? 0;
    this.buffer(datatype).push({ kind: 'data', data, bytes, acked: false });
    this.wake();
  }

  /** Keeps our side open: the application decides when to write EOF (AsyncSSH). */
  eofReceived(): boolean {
    this.eof = true;
    this.wake();
    return true;
  }

  connectionLost(error: Error | undefined): void {
    this.closed = true;
    this.closeError = error;
    this.wake();
  }

  pauseWriting(): void {}
  resumeWriting(): void {}

  /** Queues an exception that reads of `datatype` raise in order with the data (server stdin). */
  protected pushError(error: Error, datatype?: number): void {
    this.buffer(datatype).push({ kind: 'error', error });
    this.wake();
  }

  // ------------------------------------------------------------------ reads

  /** @internal */
  atEof(datatype: number | undefined): boolean {
    return (this.eof || this.closed) && (this.buffers.get(datatype)?.length ?? 0) === 0;
  }

  /** @internal */
  async read(datatype: number | undefined, n: number): Promise<D> {
    if (n === 0) return this.ops.empty;
    for (;;) {
      this.throwHeadError(datatype);
      const avail = this.available(datatype);
      if (n > 0 && avail > 0) return this.take(datatype, Math.min(n, avail));
      if (n < 0 && (this.errorQueued(datatype) || this.ended)) {
        if (avail > 0) return this.take(datatype, avail);
        if (this.errorQueued(datatype)) continue;
        this.throwCloseError();
        return this.ops.empty;
      }
      if (this.ended) {
        this.throwCloseError();
        return this.ops.empty;
      }
      if (n < 0) this.claim(datatype);
      await this.waitChange();
    }
  }

  /**
   * @internal The next data message's data, whole (a TUN/TAP packet); empty
   * at EOF. Whatever a byte-wise read left of a message counts as one.
   */
  async readMessage(datatype: number | undefined): Promise<D> {
    for (;;) {
      this.throwHeadError(datatype);
      const head = this.buffer(datatype)[0];
      if (head?.kind === 'data') return this.take(datatype, (head.data as { length: number }).length);
      if (this.ended) {
        this.throwCloseError();
        return this.ops.empty;
      }
      await this.waitChange();
    }
  }

  /** @internal Whether reads keep message boundaries (a reader then iterates over messages, not lines). */
  get keepsMessages(): boolean {
    return false;
  }

  /** @internal */
  async readexactly(datatype: number | undefined, n: number): Promise<D> {
    if (n <= 0) return this.ops.empty;
    for (;;) {
      this.throwHeadError(datatype);
      const avail = this.available(datatype);
      if (avail >= n) return this.take(datatype, n);
      if (this.errorQueued(datatype)) {
        // A signal or break interrupts the read: raise it, keeping the data for the next read.
        this.raiseQueuedError(datatype);
      }
      if (this.ended) {
        this.throwCloseError();
        throw new IncompleteReadError(this.take(datatype, avail), n);
      }
      this.claim(datatype);
      await this.waitChange();
    }
  }

  /** @internal */
  async readuntil(datatype: number | undefined, separator: D | readonly D[]): Promise<D> {
    const seps = (Array.isArray(separator) ? separator : [separator]) as D[];
    const maxSep = Math.max(1, ...seps.map((s) => (s as { length: number }).length));
    let from = 0;
    for (;;) {
      this.throwHeadError(datatype);
      const avail = this.available(datatype);
      const buf = this.peek(datatype, avail);
      let best = -1;
      let bestLen = 0;
      for (const sep of seps) {
        const i = this.ops.indexOf(buf, sep, from);
        if (i !== -1 && (best === -1 || i < best)) {
          best = i;
          bestLen = (sep as { length: number }).length;
        }
      }
      if (best !== -1) return this.take(datatype, best + bestLen);
      if (this.errorQueued(datatype)) this.raiseQueuedError(datatype);
      if (this.ended) {
        this.throwCloseError();
        throw new IncompleteReadError(this.take(datatype, avail));
      }
      from = Math.max(0, avail - maxSep + 1);
      this.claim(datatype);
      await this.waitChange();
    }
  }

  // ------------------------------------------------------------------ buffer internals

  private get ended(): boolean {
    return this.eof || this.closed;
  }

  private buffer(datatype: number | undefined): Entry<D>[] {
    let b = this.buffers.get(datatype);
    if (!b) {
      b = [];
      this.buffers.set(datatype, b);
    }
    return b;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private waitChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private throwHeadError(datatype: number | undefined): void {
    const b = this.buffer(datatype);
    const head = b[0];
    if (head?.kind === 'error') {
      b.shift();
      throw head.error;
    }
  }

  private errorQueued(datatype: number | undefined): boolean {
    return this.buffer(datatype).some((e) => e.kind === 'error');
  }

  private raiseQueuedError(datatype: number | undefined): never {
    const b = this.buffer(datatype);
    const i = b.findIndex((e) => e.kind === 'error');
    const [entry] = b.splice(i, 1);
    throw (entry as { error: Error }).error;
  }

  private throwCloseError(): void {
    if (this.closed && this.closeError) throw this.closeError;
  }

  /** Units (characters or bytes) buffered before the first queued error. */
  private available(datatype: number | undefined): number {
    let n = 0;
    for (const e of this.buffer(datatype)) {
      if (e.kind === 'error') break;
      n += (e.data as { length: number }).length;
    }
    return n;
  }

  private peek(datatype: number | undefined, n: number): D {
    const parts: D[] = [];
    let left = n;
    for (const e of this.buffer(datatype)) {
      if (left === 0 || e.kind === 'error') break;
      const len = (e.data as { length: number }).length;
      parts.push(len <= left ? e.data : this.ops.slice(e.data, 0, left));
      left -= Math.min(len, left);
    }
    return parts.length === 0 ? this.ops.empty : this.ops.concat(parts);
  }

  /** Removes `n` units, reopening the window for the packets they came in. */
  private take(datatype: number | undefined, n: number): D {
    const b = this.buffer(datatype);
    const parts: D[] = [];
    let left = n;
    let ack = 0;
    while (left > 0) {
      const e = b[0];
      if (!e || e.kind === 'error') break;
      const len = (e.data as { length: number }).length;
      if (!e.acked) {
        e.acked = true;
        ack += e.bytes;
      }
      if (len <= left) {
        parts.push(e.data);
        b.shift();
        left -= len;
      } else {
        const whole = e.data;
        parts.push(this.ops.slice(whole, 0, left));
        e.data = this.ops.slice(whole, left);
        this.ops.dropped(whole); // both halves are copies
        left = 0;
      }
    }
    if (ack > 0) this.chan?.consumed(ack);
    if (parts.length <= 1) return parts[0] ?? this.ops.empty;
    const joined = this.ops.concat(parts);
    for (const part of parts) this.ops.dropped(part); // copied into `joined`
    return joined;
  }

  /** A pending read that needs everything (read(-1), readexactly, readuntil) claims what is buffered. */
  private claim(datatype: number | undefined): void {
    let ack = 0;
    for (const e of this.buffer(datatype)) {
      if (e.kind === 'data' && !e.acked) {
        e.acked = true;
        ack += e.bytes;
      }
    }
    if (ack > 0) this.chan?.consumed(ack);
  }
}

/**
 * The server-side stream session: shell, exec and subsystem requests are
 * accepted, and break, signal and terminal-size changes become exceptions
 * raised by reads of stdin, as in AsyncSSH.
 */
export class SSHServerStreamSession<D extends SessionData = string> extends SSHStreamSession<D> {
  shellRequested(): boolean {
    return true;
  }
  execRequested(_command: string): boolean {
    return true;
  }
  subsystemRequested(_name: string): boolean {
    return true;
  }
  breakReceived(msec: number): boolean {
    this.pushError(new BreakReceived(msec));
    return true;
  }
  signalReceived(signal: string): void {
    this.pushError(new SignalReceived(signal));
  }
  terminalSizeChanged(width: number, height: number, pixwidth: number, pixheight: number): void {
    this.pushError(new TerminalSizeChanged(width, height, pixwidth, pixheight));
  }
}

/**
 * Reads one data type of a channel (AsyncSSH `SSHReader`).
 *
 * @example
 * ```ts
 * const [stdin, stdout] = await conn.openSession('cat');
 * stdin.write('hi\n');
 * await stdout.readline(); // 'hi\n'
 * ```
 */
export class SSHReader<D extends SessionData = string> {
  private readonly session: SSHStreamSession<D>;
  /** `undefined` for normal data, `EXTENDED_DATA_STDERR` for stderr. */
  readonly datatype: number | undefined;

  constructor(session: SSHStreamSession<D>, datatype?: number) {
    this.session = session;
    this.datatype = datatype;
  }

  /** The channel read from. */
  get channel(): SSHChannel<D> {
    return this.session.channel;
  }

  /** Extra info of the channel. */
  getExtraInfo(name: string, defaultValue?: unknown): unknown {
    return this.channel.getExtraInfo(name, defaultValue);
  }

  /** True once EOF arrived and everything buffered has been read. */
  atEof(): boolean {
    return this.session.atEof(this.datatype);
  }

  /**
   * Reads up to `n` units (characters or bytes), or everything until EOF
   * when `n < 0`; an empty result means EOF.
   * @throws BreakReceived | SignalReceived | TerminalSizeChanged on server stdin; the connection error
   */
  read(n = -1): Promise<D> {
    return this.session.read(this.datatype, n);
  }

  /** Reads a line including its `\n`; at EOF, the partial line (empty at the end). */
  async readline(): Promise<D> {
    const nl = (this.channel.getEncoding() === null ? Uint8Array.of(10) : '\n') as D;
    try {
      return await this.session.readuntil(this.datatype, nl);
    } catch (e) {
      if (IncompleteReadError.isInstance(e)) return (e as IncompleteReadError<D>).partial;
      throw e;
    }
  }

  /**
   * Reads exactly `n` units.
   * @throws IncompleteReadError (with `partial`) at EOF before `n`
   */
  readexactly(n: number): Promise<D> {
    return this.session.readexactly(this.datatype, n);
  }

  /**
   * Reads up to and including `separator` (or the first found of several).
   * @throws IncompleteReadError (with `partial`) at EOF before a separator
   */
  readuntil(separator: D | readonly D[]): Promise<D> {
    return this.session.readuntil(this.datatype, separator);
  }

  /** Iterates over lines until EOF (over packets for TUN/TAP channels, as `read()` returns them). */
  async *[Symbol.asyncIterator](): AsyncGenerator<D, void, undefined> {
    const messages = this.session.keepsMessages;
    for (;;) {
      const line = messages ? await this.read() : await this.readline();
      if ((line as { length: number }).length === 0) return;
      yield line;
    }
  }
}

/** Writes one data type of a channel (AsyncSSH `SSHWriter`). */
export class SSHWriter<D extends SessionData = string> {
  private readonly session: SSHStreamSession<D>;
  /** `undefined` for normal data, `EXTENDED_DATA_STDERR` for stderr. */
  readonly datatype: number | undefined;

  constructor(session: SSHStreamSession<D>, datatype?: number) {
    this.session = session;
    this.datatype = datatype;
  }

  /** The channel written to. */
  get channel(): SSHChannel<D> {
    return this.session.channel;
  }

  /** Extra info of the channel. */
  getExtraInfo(name: string, defaultValue?: unknown): unknown {
    return this.channel.getExtraInfo(name, defaultValue);
  }

  /** Always true for SSH channels. */
  canWriteEof(): boolean {
    return this.channel.canWriteEof();
  }

  /** Closes the channel. */
  close(): void {
    this.channel.close();
  }

  /** Resolves once the write buffer drained below its low-water mark. */
  drain(): Promise<void> {
    return this.channel.drain();
  }

  /**
   * Writes data (a string is sent as UTF-8).
   * @param written - called once all of `data` has been copied into SSH packets (the
   *   caller may then reuse or free its memory); never if the channel closes first
   * @throws BrokenPipe after EOF or close
   */
  write(data: SessionData, written?: () => void): void {
    this.channel.write(data, this.datatype, written);
  }

  /** Writes each item. */
  writelines(list: Iterable<SessionData>): void {
    this.channel.writelines(list, this.datatype);
  }

  /** Sends EOF. */
  writeEof(): void {
    this.channel.writeEof();
  }
}
