/**
 * The server side of a `session` channel (RFC 4254 §6): the handler class
 * `SSHServerSession` and the channel `SSHServerChannel`, which enforces the
 * authorized_keys / certificate restrictions of `AuthPermissions` (no-pty,
 * no-agent-forwarding, no-X11-forwarding, forced command, environment).
 */
import type { AuthPermissions } from '@sshkit/ssh-auth';
import { EXTENDED_DATA_STDERR } from '@sshkit/ssh-codes';
import { type ChannelSessionHandler, SSHChannel } from '../channel.js';
import {
  decodeEmptyRequest,
  decodeEnvRequest,
  decodePtyRequest,
  decodeStringRequest,
  decodeUint32Request,
  decodeWindowChange,
  decodeX11Request,
  encodeBoolRequest,
  encodeExitSignal,
  encodeUint32Request,
  type TerminalSize,
  type X11Request,
} from '../messages.js';
import type { ChannelOptions, Encoding, MaybePromise, SessionData } from '../types.js';
import { MAX_ENV_VARS } from '../window.js';
import type { TerminalModes } from './pty.js';
import { wireSignalName } from './signals.js';

/** The callbacks of a server session (all optional; AsyncSSH `SSHServerSession`). */
export interface ServerSessionHandler<D extends SessionData = string>
  extends ChannelSessionHandler<D, SSHServerChannel<D>> {
  /** The client asks for a pty; return false to refuse. Accepted when absent. */
  ptyRequested?(termType: string, termSize: TerminalSize, termModes: TerminalModes): MaybePromise<boolean>;
  /** The client asks for a shell; return true to accept. */
  shellRequested?(): MaybePromise<boolean>;
  /** The client asks to execute `command`; return true to accept. */
  execRequested?(command: string): MaybePromise<boolean>;
  /** The client asks for subsystem `name`; return true to accept. */
  subsystemRequested?(name: string): MaybePromise<boolean>;
  /** The client sent a break (RFC 4335); return true if honoured. */
  breakReceived?(msec: number): boolean;
  /** The client sent a signal (RFC 4254 §6.9). */
  signalReceived?(signal: string): void;
  /** The client's terminal size changed (RFC 4254 §6.7). */
  terminalSizeChanged?(width: number, height: number, pixwidth: number, pixheight: number): void;
}

/**
 * Base class for server session handlers: subclass and override. Shell, exec
 * and subsystem requests are refused unless overridden; a pty is accepted.
 */
export class SSHServerSession<D extends SessionData = string> implements ServerSessionHandler<D> {
  connectionMade(_chan: SSHServerChannel<D>): void {}
  connectionLost(_error: Error | undefined): void {}
  sessionStarted(): void {}
  dataReceived(_data: D, _datatype: number | undefined): void {}
  eofReceived(): boolean {
    return false;
  }
  pauseWriting(): void {}
  resumeWriting(): void {}
  ptyRequested(_termType: string, _termSize: TerminalSize, _termModes: TerminalModes): MaybePromise<boolean> {
    return true;
  }
  shellRequested(): MaybePromise<boolean> {
    return false;
  }
  execRequested(_command: string): MaybePromise<boolean> {
    return false;
  }
  subsystemRequested(_name: string): MaybePromise<boolean> {
    return false;
  }
  breakReceived(_msec: number): boolean {
    return false;
  }
  signalReceived(_signal: string): void {}
  terminalSizeChanged(_width: number, _height: number, _pixwidth: number, _pixheight: number): void {}
}

/** Server policy a session channel enforces. */
export interface ServerChannelPolicy {
  /** What authentication allows (no-pty, command=, environment=, certificate options). */
  permissions?: AuthPermissions;
  /** Whether pty requests may be accepted at all (`allowPty` server option). @default true */
  allowPty?: boolean;
  /** Which `env` requests to accept. @default every name (AsyncSSH) */
  acceptEnv?: (name: string, value: string) => boolean;
  /** Subsystems whose data is binary: their channels switch to bytes when requested (e.g. `sftp`). */
  binarySubsystems?: readonly string[];
  /** Exec commands whose data is binary (e.g. `scp -t`): their channels switch to bytes when requested. */
  binaryCommand?: (command: string) => boolean;
  /**
   * Accepts `auth-agent-req@openssh.com` (agent forwarding) and returns the
   * path programs on this side reach the client's agent at (what
   * `getAgentPath()` then gives); undefined refuses. Without it, refused.
   */
  agentForwarding?: (channel: SSHServerChannel<SessionData>) => MaybePromise<string | undefined>;
  /**
   * Accepts `x11-req` (X11 forwarding, RFC 4254 §6.3.1) and returns the display
   * programs on this side use (what `getX11Display()` then gives); undefined
   * refuses. Without it, refused. The X clients' connections are then carried
   * by `ServerConnectionProtocol.openX11Connection`.
   */
  x11Forwarding?: (
    channel: SSHServerChannel<SessionData>,
    request: X11Request,
  ) => MaybePromise<X11Forward | undefined>;
}

/** What the server set up for a session's X11 forwarding. */
export interface X11Forward {
  /** The `DISPLAY` value X clients on this side use (e.g. `localhost:10.0`). */
  readonly display: string;
  /** The Xauthority file holding the session's cookie, set as `XAUTHORITY`. */
  readonly authPath?: string;
}

/** A server `session` channel (AsyncSSH `SSHServerChannel`). */
export class SSHServerChannel<D extends SessionData = string> extends SSHChannel<D> {
  private readonly policy: ServerChannelPolicy;
  private readonly env = new Map<string, string>();
  private command: string | undefined;
  private subsystem: string | undefined;
  private termType: string | undefined;
  private termSize: TerminalSize = [0, 0, 0, 0];
  private termModes: TerminalModes = new Map();
  private agentPath: string | undefined;
  private x11: X11Forward | undefined;
  private started = false;

  constructor(options: ChannelOptions<Encoding> & ServerChannelPolicy = {}) {
    super('session', options);
    this.policy = options;
  }

  private get handler(): ServerSessionHandler<D> | undefined {
    return this.session as ServerSessionHandler<D> | undefined;
  }

  /** Environment the client set, with authorized_keys `environment=` options applied over it. */
  getEnvironment(): Readonly<Record<string, string>> {
    return Object.fromEntries(this.env);
  }

  /** The command being executed (the forced one when a `command=` option applies). */
  getCommand(): string | undefined {
    return this.command;
  }

  /** The subsystem requested, if any. */
  getSubsystem(): string | undefined {
    return this.subsystem;
  }

  /** The terminal type of the pty, or `undefined` without one. */
  getTerminalType(): string | undefined {
    return this.termType;
  }

  /** `[width, height, pixwidth, pixheight]`; zeros without a pty. */
  getTerminalSize(): TerminalSize {
    return this.termSize;
  }

  /** The value of terminal mode `mode` (`PTY_*`), or `undefined`. */
  getTerminalMode(mode: number): number | undefined {
    return this.termModes.get(mode);
  }

  /** Every terminal mode the client sent. */
  getTerminalModes(): TerminalModes {
    return this.termModes;
  }

  /** Writes to the client's stderr (extended data type 1). */
  writeStderr(data: SessionData): void {
    this.write(data, EXTENDED_DATA_STDERR);
  }

  /** Writes each item to stderr. */
  writelinesStderr(list: Iterable<SessionData>): void {
    this.writelines(list, EXTENDED_DATA_STDERR);
  }

  /** Tells the client whether it may do XON/XOFF flow control itself (RFC 4254 §6.8). */
  setXonXoff(clientCanDo: boolean): void {
    void this.sendRequest('xon-xoff', encodeBoolRequest(clientCanDo), false);
  }

  /** Sends `exit-status` (after buffered data) and closes the channel. */
  exit(status: number): void {
    if (this.isClosed) return;
    void this.sendRequest('exit-status', encodeUint32Request(status >>> 0), false, true).catch(() => {});
    this.close();
  }

  /** Sends `exit-signal` (after buffered data) and closes the channel. */
  exitWithSignal(signal: string, coreDumped = false, msg = '', lang = ''): void {
    if (this.isClosed) return;
    void this.sendRequest(
      'exit-signal',
      encodeExitSignal({ signal: wireSignalName(signal), coreDumped, message: msg, lang }),
      false,
      true,
    ).catch(() => {});
    this.close();
  }

  /** Tells the client our output is closed (`eow@openssh.com`). */
  sendEow(): void {
    void this.sendRequest('eow@openssh.com', new Uint8Array(0), false).catch(() => {});
  }

  /**
   * Where the client's forwarded agent can be reached from this side (AsyncSSH
   * `get_agent_path`): set when the client asked for agent forwarding
   * (`ssh -A`) and the server allowed it; else undefined. The session's
   * environment then has it as `SSH_AUTH_SOCK`, as sshd sets it.
   */
  getAgentPath(): string | undefined {
    return this.agentPath;
  }

  /** auth-agent-req@openssh.com: once per session, if the server and the key's options allow it. */
  private async agentRequested(): Promise<boolean> {
    if (this.agentPath !== undefined) return false;
    this.agentPath = await this.forwardingSetUp('agent-forwarding', this.policy.agentForwarding);
    return this.agentPath !== undefined;
  }

  /**
   * What a forwarding hook (agent, X11) set up for this session, or undefined
   * when there is none, the key's options forbid it, or it fails: a failing
   * setup (no free display, ...) refuses the forwarding, not the session.
   */
  private async forwardingSetUp<T>(
    permission: 'agent-forwarding' | 'X11-forwarding',
    hook: ((channel: SSHServerChannel<SessionData>) => MaybePromise<T | undefined>) | undefined,
  ): Promise<T | undefined> {
    if (!hook || this.policy.permissions?.allows(permission) === false) return undefined;
    try {
      return await hook(this as unknown as SSHServerChannel<SessionData>);
    } catch {
      return undefined;
    }
  }

  /**
   * The display X clients on this side reach the client's X server at
   * (AsyncSSH `get_x11_display`): set when the client asked for X11
   * forwarding and the server allowed it; else undefined. The session's
   * environment then has it as `DISPLAY` (and `XAUTHORITY`), as sshd sets them.
   */
  getX11Display(): string | undefined {
    return this.x11?.display;
  }

  /** x11-req: once per session and before it starts, if the server and the key's options allow it. */
  private async x11Requested(request: X11Request): Promise<boolean> {
    if (this.started || this.x11 !== undefined) return false;
    const forward = this.policy.x11Forwarding;
    this.x11 = await this.forwardingSetUp(
      'X11-forwarding',
      forward && ((channel) => forward(channel, request)),
    );
    return this.x11 !== undefined;
  }

  private ptyAllowed(): boolean {
    if (this.policy.allowPty === false) return false;
    return this.policy.permissions?.allows('pty') ?? true;
  }

  private startWith(ok: boolean): boolean {
    if (ok) {
      this.started = true;
      // authorized_keys environment="..." applies over what the client sent.
      for (const [k, v] of Object.entries(this.policy.permissions?.environment ?? {})) this.env.set(k, v);
      // As sshd: the forwarded agent's socket and X11 display, over anything the client sent.
      if (this.agentPath !== undefined) this.env.set('SSH_AUTH_SOCK', this.agentPath);
      if (this.x11 !== undefined) {
        this.env.set('DISPLAY', this.x11.display);
        if (this.x11.authPath !== undefined) this.env.set('XAUTHORITY', this.x11.authPath);
      }
      this.afterReply(() => this.startSession());
    }
    return ok;
  }

  /** Shell, exec or subsystem: a forced command replaces each with exec of itself (sshd `do_exec`). */
  private start(kind: 'shell' | 'exec' | 'subsystem', arg: string): MaybePromise<boolean> {
    if (this.started) return false;
    const h = this.handler;
    const forced = this.policy.permissions?.forcedCommand;
    if (forced !== undefined) {
      if (kind === 'exec') this.env.set('SSH_ORIGINAL_COMMAND', arg);
      this.command = forced;
      return this.settle(h?.execRequested?.(forced));
    }
    if (kind === 'shell') return this.settle(h?.shellRequested?.());
    if (kind === 'exec') {
      this.command = arg;
      // Before the reply goes out, as for binary subsystems.
      if (this.policy.binaryCommand?.(arg)) this.setEncoding(null);
      return this.settle(h?.execRequested?.(arg));
    }
    this.subsystem = arg;
    // Before the reply goes out, so the first bytes of the subsystem are read as bytes.
    if (this.policy.binarySubsystems?.includes(arg)) this.setEncoding(null);
    return this.settle(h?.subsystemRequested?.(arg));
  }

  private settle(result: MaybePromise<boolean> | undefined): MaybePromise<boolean> {
    if (result instanceof Promise) return result.then((ok) => this.startWith(ok === true));
    return this.startWith(result === true);
  }

  protected handleRequest(requestType: string, data: Uint8Array): MaybePromise<boolean> {
    const h = this.handler;
    switch (requestType) {
      case 'pty-req': {
        const m = decodePtyRequest(data);
        if (this.started || !this.ptyAllowed()) return false;
        const accept = (ok: boolean): boolean => {
          if (ok) {
            this.termType = m.term;
            this.termSize = m.size;
            this.termModes = m.modes;
          }
          return ok;
        };
        const r = h?.ptyRequested ? h.ptyRequested(m.term, m.size, m.modes) : true;
        return r instanceof Promise ? r.then((ok) => accept(ok === true)) : accept(r === true);
      }
      case 'x11-req':
        return this.x11Requested(decodeX11Request(data));
      case 'env': {
        const { name, value } = decodeEnvRequest(data);
        if (this.started || this.env.size >= MAX_ENV_VARS) return false;
        if (this.policy.acceptEnv && !this.policy.acceptEnv(name, value)) return false;
        this.env.set(name, value);
        return true;
      }
      case 'shell':
        decodeEmptyRequest(data);
        return this.start('shell', '');
      case 'exec':
        return this.start('exec', decodeStringRequest(data));
      case 'subsystem':
        return this.start('subsystem', decodeStringRequest(data));
      case 'window-change': {
        const size = decodeWindowChange(data);
        if (this.termType !== undefined) this.termSize = size;
        this.callSession(() => h?.terminalSizeChanged?.(size[0], size[1], size[2], size[3]));
        return true;
      }
      case 'signal': {
        const sig = decodeStringRequest(data);
        this.callSession(() => h?.signalReceived?.(sig));
        return true;
      }
      case 'break': {
        const ms = decodeUint32Request(data);
        return this.callSession(() => h?.breakReceived?.(ms)) === true;
      }
      case 'eow@openssh.com':
        decodeEmptyRequest(data);
        this.eowReceived();
        return true;
      case 'auth-agent-req@openssh.com':
        decodeEmptyRequest(data);
        return this.agentRequested();
      default:
        // keepalive@openssh.com, unknown: failure.
        return false;
    }
  }
}
