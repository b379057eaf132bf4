/**
 * The client side of a `session` channel (RFC 4254 §6): the handler class
 * `SSHClientSession` and the channel `SSHClientChannel`.
 */
import {
  OPEN_REQUEST_PTY_FAILED,
  OPEN_REQUEST_SESSION_FAILED,
  OPEN_REQUEST_X11_FORWARDING_FAILED,
} from '@sshkit/ssh-codes';
import { type ChannelSessionHandler, SSHChannel } from '../channel.js';
import { ChannelOpenError, type ExitSignal } from '../errors.js';
import {
  decodeBoolRequest,
  decodeEmptyRequest,
  decodeExitSignal,
  decodeUint32Request,
  encodeEnvRequest,
  encodePtyRequest,
  encodeStringRequest,
  encodeUint32Request,
  encodeWindowChange,
  encodeX11Request,
  type TerminalSize,
  type X11Request,
} from '../messages.js';
import type { ChannelOptions, Encoding, SessionData } from '../types.js';
import type { TerminalModes } from './pty.js';
import { returncodeOf, wireSignalName } from './signals.js';

/** The callbacks of a client session (all optional; AsyncSSH `SSHClientSession`). */
export interface ClientSessionHandler<D extends SessionData = string>
  extends ChannelSessionHandler<D, SSHClientChannel<D>> {
  /** The server allows (`true`) or disallows client-side XON/XOFF flow control (RFC 4254 §6.8). */
  xonXoffRequested?(clientCanDo: boolean): void;
  /** The remote process exited with `status` (RFC 4254 §6.10). */
  exitStatusReceived?(status: number): void;
  /** The remote process was killed by `signal` (RFC 4254 §6.10). */
  exitSignalReceived?(signal: string, coreDumped: boolean, msg: string, lang: string): void;
}

/**
 * Base class for client session handlers: subclass and override what you need.
 *
 * @example
 * ```ts
 * import { SSHClientSession } from '@sshkit/ssh-connection';
 * class Printer extends SSHClientSession {
 *   override dataReceived(data: string) { console.log(data); }
 * }
 * ```
 */
export class SSHClientSession<D extends SessionData = string> implements ClientSessionHandler<D> {
  connectionMade(_chan: SSHClientChannel<D>): void {}
  connectionLost(_error: Error | undefined): void {}
  sessionStarted(): void {}
  dataReceived(_data: D, _datatype: number | undefined): void {}
  /** Returns false: EOF is sent back (the channel half-closes), as in AsyncSSH. */
  eofReceived(): boolean {
    return false;
  }
  pauseWriting(): void {}
  resumeWriting(): void {}
  xonXoffRequested(_clientCanDo: boolean): void {}
  exitStatusReceived(_status: number): void {}
  exitSignalReceived(_signal: string, _coreDumped: boolean, _msg: string, _lang: string): void {}
}

/** What a client session asks for before it starts (AsyncSSH `create_session` options). */
export interface ClientSessionRequest {
  /** Environment variables to send (`env` requests; refusals are ignored, as in AsyncSSH). */
  env?: Readonly<Record<string, string>>;
  /**
   * X11 forwarding (`x11-req`, RFC 4254 §6.3.1): the auth protocol and cookie
   * the server's X clients will present, and the screen. A refusal fails the
   * session (OPEN_REQUEST_X11_FORWARDING_FAILED) unless `ignoreFailure`. The
   * `x11` channels that follow go to the connection's `x11Forwarding`.
   */
  x11?: X11Request & { readonly ignoreFailure?: boolean };
  /** Terminal type; setting it requests a pty (`pty-req`). */
  termType?: string;
  /** Terminal size `[width, height, pixwidth?, pixheight?]`. @default [80, 24, 0, 0] */
  termSize?: readonly number[];
  /** Terminal modes (`PTY_*` opcode to value). */
  termModes?: TerminalModes | Readonly<Record<number, number>>;
  /** Request a pty even without `termType` (`'force'`), or never (`false`). @default true (when termType is set) */
  requestPty?: boolean | 'force' | 'auto';
  /** Command to execute; with neither this nor `subsystem`, a shell is started. */
  command?: string;
  /** Subsystem to start (e.g. `'sftp'`). */
  subsystem?: string;
}

/**
 * A client `session` channel (AsyncSSH `SSHClientChannel`).
 */
export class SSHClientChannel<D extends SessionData = string> extends SSHChannel<D> {
  private exitStatus: number | null = null;
  private exitSignal: ExitSignal | null = null;
  private readonly clientSession: () => ClientSessionHandler<D> | undefined;
  private command: string | undefined;
  private subsystem: string | undefined;

  constructor(options: ChannelOptions<Encoding> = {}) {
    super('session', options);
    this.clientSession = () => this.session as ClientSessionHandler<D> | undefined;
  }

  /** The exit status: `null` while running, `-1` if the process died of a signal or the channel closed without one. */
  getExitStatus(): number | null {
    if (this.exitStatus !== null) return this.exitStatus;
    if (this.exitSignal !== null || this.isClosed) return -1;
    return null;
  }

  /** The exit signal `[signal, coreDumped, msg, lang]`, or `null`. */
  getExitSignal(): ExitSignal | null {
    return this.exitSignal;
  }

  /** AsyncSSH `returncode`: the exit status, or minus the signal number; `null` while running. */
  getReturncode(): number | null {
    if (this.exitSignal) return returncodeOf(null, this.exitSignal[0]);
    return this.getExitStatus();
  }

  /** The command this session executes, if any. */
  getCommand(): string | undefined {
    return this.command;
  }

  /** The subsystem this session runs, if any. */
  getSubsystem(): string | undefined {
    return this.subsystem;
  }

  /** Sends the new terminal size (`window-change`, RFC 4254 §6.7). */
  changeTerminalSize(width: number, height: number, pixwidth = 0, pixheight = 0): void {
    void this.sendRequest('window-change', encodeWindowChange([width, height, pixwidth, pixheight]), false);
  }

  /**
   * Sends a break (RFC 4335) of `msec` milliseconds.
   * @returns whether the server honoured it
   */
  sendBreak(msec: number): Promise<boolean> {
    return this.sendRequest('break', encodeUint32Request(msec), true);
  }

  /** Sends a signal (`'INT'` or `'SIGINT'`; RFC 4254 §6.9). */
  sendSignal(signal: string): void {
    void this.sendRequest('signal', encodeStringRequest(wireSignalName(signal)), false);
  }

  /** Sends `KILL`. */
  kill(): void {
    this.sendSignal('KILL');
  }

  /** Sends `TERM`. */
  terminate(): void {
    this.sendSignal('TERM');
  }

  /** Tells the server our output is closed (`eow@openssh.com`, OpenSSH PROTOCOL §2.1). */
  sendEow(): void {
    void this.sendRequest('eow@openssh.com', new Uint8Array(0), false);
  }

  /**
   * Sends the requests that start the session: auth-agent-req (when
   * `forwardAgent`), env, x11-req, pty-req, then shell, exec or subsystem;
   * calls `sessionStarted` on success.
   * @param x11Accepted - called as soon as the server accepts x11-req
   * @throws ChannelOpenError(OPEN_REQUEST_X11_FORWARDING_FAILED | OPEN_REQUEST_PTY_FAILED | OPEN_REQUEST_SESSION_FAILED)
   * @internal
   */
  async begin(req: ClientSessionRequest, forwardAgent = false, x11Accepted?: () => void): Promise<void> {
    // As ssh(1): no reply asked; a server that refuses simply opens no agent channels.
    if (forwardAgent) void this.sendRequest('auth-agent-req@openssh.com', new Uint8Array(0), false);
    for (const [name, value] of Object.entries(req.env ?? {})) {
      void this.sendRequest('env', encodeEnvRequest(name, value), false);
    }
    if (req.x11) {
      if (await this.sendRequest('x11-req', encodeX11Request(req.x11), true)) x11Accepted?.();
      else if (req.x11.ignoreFailure !== true) {
        throw new ChannelOpenError(OPEN_REQUEST_X11_FORWARDING_FAILED, 'X11 forwarding request failed');
      }
    }
    const wantPty = req.requestPty === 'force' || (req.termType !== undefined && req.requestPty !== false);
    if (wantPty) {
      const s = req.termSize ?? [];
      const size: TerminalSize = [s[0] ?? 80, s[1] ?? 24, s[2] ?? 0, s[3] ?? 0];
      const ok = await this.sendRequest(
        'pty-req',
        encodePtyRequest({ term: req.termType ?? '', size, modes: toModeMap(req.termModes) }),
        true,
      );
      if (!ok) throw new ChannelOpenError(OPEN_REQUEST_PTY_FAILED, 'PTY request failed');
    }
    this.command = req.command;
    this.subsystem = req.subsystem;
    let ok: boolean;
    if (req.subsystem !== undefined) {
      ok = await this.sendRequest('subsystem', encodeStringRequest(req.subsystem), true);
    } else if (req.command !== undefined) {
      ok = await this.sendRequest('exec', encodeStringRequest(req.command), true);
    } else {
      ok = await this.sendRequest('shell', new Uint8Array(0), true);
    }
    if (!ok) throw new ChannelOpenError(OPEN_REQUEST_SESSION_FAILED, 'Session request failed');
    this.startSession();
  }

  protected handleRequest(requestType: string, data: Uint8Array): boolean {
    const s = this.clientSession();
    switch (requestType) {
      case 'exit-status': {
        const status = decodeUint32Request(data);
        this.exitStatus = status;
        this.callSession(() => s?.exitStatusReceived?.(status));
        return true;
      }
      case 'exit-signal': {
        const m = decodeExitSignal(data);
        this.exitSignal = [m.signal, m.coreDumped, m.message, m.lang];
        this.callSession(() => s?.exitSignalReceived?.(m.signal, m.coreDumped, m.message, m.lang));
        return true;
      }
      case 'xon-xoff': {
        const can = decodeBoolRequest(data);
        this.callSession(() => s?.xonXoffRequested?.(can));
        return true;
      }
      case 'eow@openssh.com':
        decodeEmptyRequest(data);
        this.eowReceived();
        return true;
      default:
        // keepalive@openssh.com and anything unknown: failure, as OpenSSH answers.
        return false;
    }
  }
}

function toModeMap(modes: TerminalModes | Readonly<Record<number, number>> | undefined): TerminalModes {
  if (modes === undefined) return new Map();
  if (modes instanceof Map) return modes as TerminalModes;
  return new Map(Object.entries(modes).map(([k, v]) => [Number(k), v] as [number, number]));
}
