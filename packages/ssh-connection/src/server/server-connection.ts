/**
 * The server side of the connection protocol: dispatches channel opens and
 * forwarding requests to the application's handlers with AsyncSSH's return
 * conventions, and enforces what authentication allowed (`AuthPermissions`:
 * no-pty, no-port-forwarding, permitopen, permitlisten, command=,
 * environment=).
 */
import type { AuthPermissions } from '@sshkit/ssh-auth';
import {
  OPEN_ADMINISTRATIVELY_PROHIBITED,
  OPEN_CONNECT_FAILED,
  OPEN_UNKNOWN_CHANNEL_TYPE,
} from '@sshkit/ssh-codes';
import { type PacketChannel, ProtocolError } from '@sshkit/ssh-transport';
import { settleOpen } from '../client/client-connection.js';
import {
  acceptOpen,
  type ConnectionOptions,
  ConnectionProtocol,
  type TCPOpenResult,
  type UNIXOpenResult,
} from '../connection.js';
import { ChannelOpenError } from '../errors.js';
import {
  SSHTCPChannel,
  SSHUNIXChannel,
  type TCPSessionHandler,
  type UNIXSessionHandler,
} from '../forward/tcp.js';
import { acceptTunTap, SSHTunTapChannel, type TunTapOpenResult } from '../forward/tuntap.js';
import {
  CHANNEL_TYPE,
  type ChannelOpen,
  decodeDirectStreamlocalOpenData,
  decodeEmptyRequest,
  decodeStreamlocalForward,
  decodeStringList,
  decodeTcpipForward,
  decodeTcpipOpenData,
  decodeTunOpenData,
  encodeStringList,
  encodeTcpipForwardReply,
  encodeX11OpenData,
  GLOBAL_REQUEST,
  type GlobalRequest,
  SSH_TUN_MODE_ETHERNET,
  SSH_TUN_MODE_POINTTOPOINT,
  SSH_TUN_UNIT_ANY,
} from '../messages.js';
import type { AcceptedChannel, GlobalRequestReply } from '../mux.js';
import { processSessionFor, type SSHServerProcess, serverStreamSessionFor } from '../process.js';
import {
  type ServerChannelPolicy,
  type ServerSessionHandler,
  SSHServerChannel,
} from '../session/server-session.js';
import { SSHReader, SSHStreamSession, SSHWriter } from '../stream.js';
import type { ChannelOptions, Encoding, MaybePromise, SessionData } from '../types.js';

/** A server stream session handler: AsyncSSH's `(stdin, stdout, stderr)` coroutine. */
export type ServerStreamHandler<D extends SessionData = string> = {
  // Method syntax: bivariant parameters, so a `string` or `Uint8Array` handler fits.
  handle(stdin: SSHReader<D>, stdout: SSHWriter<D>, stderr: SSHWriter<D>): unknown;
}['handle'];

/** What `sessionRequested` may return (AsyncSSH conventions). */
export type SessionOpenResult =
  | ServerSessionHandler<SessionData>
  | readonly [SSHServerChannel<SessionData>, ServerSessionHandler<SessionData>]
  | ServerStreamHandler<SessionData>
  | boolean
  | ChannelOpenError
  | undefined;

/** A listener the owner opened for `tcpip-forward` / `streamlocal-forward` (AsyncSSH `SSHListener`). */
export interface ForwardListener {
  /** The bound port (0 for Unix sockets). */
  getPort(): number;
  /** Stops listening. */
  close(): void | Promise<void>;
}

/** The application's server handlers (all optional; AsyncSSH `SSHServer` names). Each may return a Promise. */
export interface ServerConnectionHandler {
  /** A session channel: a session object, `[channel, session]`, a stream handler, or false / ChannelOpenError. */
  sessionRequested?(): MaybePromise<SessionOpenResult>;
  /** A direct-tcpip channel: see {@link TCPOpenResult}; `true` uses the `forwardConnection` option. */
  connectionRequested?(
    destHost: string,
    destPort: number,
    origHost: string,
    origPort: number,
  ): MaybePromise<TCPOpenResult<SessionData>>;
  /** A tcpip-forward request: `true` uses the `listen` option, a listener is used as is, false refuses. */
  serverRequested?(
    listenHost: string,
    listenPort: number,
  ): MaybePromise<boolean | ForwardListener | undefined>;
  /** A direct-streamlocal channel: as `connectionRequested`; `true` uses `forwardUnixConnection`. */
  unixConnectionRequested?(destPath: string): MaybePromise<UNIXOpenResult<SessionData>>;
  /** A streamlocal-forward request: as `serverRequested`; `true` uses `listenUnix`. */
  unixServerRequested?(listenPath: string): MaybePromise<boolean | ForwardListener | undefined>;
  /**
   * A layer 3 tunnel (`tun@openssh.com` point-to-point, `ssh -w`) to tun
   * device `unit` (undefined: any; authorized_keys `tunnel="n"` has already
   * forced it): a session object, `[channel, session]` or a `(reader, writer)`
   * handler gets one IP packet per read; false / a ChannelOpenError refuses.
   * `true` is refused too: no OS device can be opened without native code.
   * Without this hook tunnels are refused (administratively prohibited).
   */
  tunRequested?(unit: number | undefined): MaybePromise<TunTapOpenResult>;
  /** A layer 2 tunnel (`tun@openssh.com` ethernet, `ssh -o Tunnel=ethernet -w`): as `tunRequested`, with Ethernet frames. */
  tapRequested?(unit: number | undefined): MaybePromise<TunTapOpenResult>;
  /**
   * `hostkeys-prove-00@openssh.com`: return one signature per blob (OpenSSH
   * PROTOCOL §2.5), or undefined to refuse. Signing needs the host keys, so the
   * umbrella implements it.
   */
  hostKeysProveRequested?(blobs: Uint8Array[]): MaybePromise<Uint8Array[] | undefined>;
}

/** Options of {@link ServerConnectionProtocol}. */
export interface ServerConnectionOptions extends ConnectionOptions, ServerChannelPolicy {
  /** What authentication allowed; enforced on every request. @default unrestricted */
  permissions?: AuthPermissions;
  /** Stream handler for every session (takes precedence over `sessionRequested`). */
  sessionFactory?: ServerStreamHandler<SessionData>;
  /** Process handler for every session (takes precedence over `sessionFactory`). */
  processFactory?: { handle(process: SSHServerProcess<SessionData>): unknown }['handle'];
  /** Channel options of sessions and channels this side creates. */
  channelOptions?: ChannelOptions<Encoding>;
  /** What `connectionRequested` returning `true` does: the umbrella connects a socket. */
  forwardConnection?: (
    destHost: string,
    destPort: number,
  ) => MaybePromise<TCPSessionHandler<SessionData> | ChannelOpenError>;
  /** What `unixConnectionRequested` returning `true` does. */
  forwardUnixConnection?: (
    destPath: string,
  ) => MaybePromise<UNIXSessionHandler<SessionData> | ChannelOpenError>;
  /** What `serverRequested` returning `true` does: the umbrella listens and opens forwarded channels. */
  listen?: (listenHost: string, listenPort: number) => MaybePromise<ForwardListener>;
  /** What `unixServerRequested` returning `true` does. */
  listenUnix?: (listenPath: string) => MaybePromise<ForwardListener>;
}

/** OpenSSH's wildcard for permitopen/permitlisten hosts and ports (`FWD_PERMIT_ANY_HOST`, `*` port). */
const ANY = '*';

/** Splits `host:port` / `[v6]:port`; a bare port means any host (permitlisten, as sshd). */
function splitHostPort(spec: string): { host: string; port: string } {
  const m = /^\[([^\]]*)\]:(.*)$/.exec(spec);
  if (m) return { host: m[1] as string, port: m[2] as string };
  const i = spec.lastIndexOf(':');
  if (i === -1) return { host: ANY, port: spec };
  return { host: spec.slice(0, i), port: spec.slice(i + 1) };
}

/** Whether a permitopen / permitlisten list allows `host:port` (OpenSSH `open_match`: literal host, `*` wildcards). */
export function permitMatches(list: readonly string[], host: string, port: number): boolean {
  return list.some((spec) => {
    const p = splitHostPort(spec);
    const portOk = p.port === ANY || Number(p.port) === port;
    const hostOk = p.host === ANY || p.host.toLowerCase() === host.toLowerCase();
    return portOk && hostOk;
  });
}

/**
 * The server connection protocol over an authenticated `PacketChannel`
 * (the protocol half of AsyncSSH's `SSHServerConnection`).
 *
 * @example
 * ```ts
 * import { ServerConnectionProtocol } from '@sshkit/ssh-connection';
 * new ServerConnectionProtocol(packetChannel, {}, {
 *   sessionFactory: async (stdin, stdout) => { stdout.write('hello\n'); stdout.channel.close(); },
 * });
 * ```
 */
export class ServerConnectionProtocol extends ConnectionProtocol {
  protected readonly tcpChannelType = 'forwarded-tcpip' as const;
  protected readonly unixChannelType = 'forwarded-streamlocal@openssh.com' as const;
  private readonly handler: ServerConnectionHandler;
  private readonly serverOptions: ServerConnectionOptions;
  private readonly listeners = new Map<string, ForwardListener>();
  private noMoreSessions = false;

  constructor(
    transport: PacketChannel,
    handler: ServerConnectionHandler = {},
    options: ServerConnectionOptions = {},
  ) {
    super(transport, options);
    this.handler = handler;
    this.serverOptions = options;
  }

  /**
   * Opens an `auth-agent@openssh.com` channel: a connection to the agent the
   * client forwards (after a session's `auth-agent-req@openssh.com`).
   * @returns `[reader, writer]` of the agent protocol's bytes
   * @throws ChannelOpenError when the client does not forward its agent
   */
  async openAgentConnection(
    options: ChannelOptions<null> = {},
  ): Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]> {
    const session = new SSHStreamSession<Uint8Array>();
    const chan = new SSHUNIXChannel<Uint8Array>(CHANNEL_TYPE.AUTH_AGENT, '', options);
    await this.openWith(chan, new Uint8Array(0), () => session as UNIXSessionHandler<Uint8Array>);
    return [new SSHReader(session), new SSHWriter(session)];
  }

  /**
   * Opens an `x11` channel (RFC 4254 §6.3.2): a connection from an X client
   * at `origHost:origPort` to the X server of a client that asked for X11
   * forwarding (a session's accepted `x11-req`).
   * @returns `[reader, writer]` of the X11 protocol's bytes
   * @throws ChannelOpenError when the client refuses
   */
  async openX11Connection(
    origHost: string,
    origPort: number,
    options: ChannelOptions<null> = {},
  ): Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]> {
    const session = new SSHStreamSession<Uint8Array>();
    const endpoints = { host: '', port: 0, origHost, origPort };
    const chan = new SSHTCPChannel<Uint8Array>(CHANNEL_TYPE.X11, endpoints, options);
    await this.openWith(chan, encodeX11OpenData(endpoints), () => session as TCPSessionHandler<Uint8Array>);
    return [new SSHReader(session), new SSHWriter(session)];
  }

  /** What authentication allowed. */
  get permissions(): AuthPermissions | undefined {
    return this.serverOptions.permissions;
  }

  /** Creates a server session channel carrying this connection's policy (for `[channel, session]` answers). */
  createServerChannel<E extends Encoding = 'utf-8'>(
    options: ChannelOptions<E> = {},
  ): SSHServerChannel<SessionData> {
    const o = this.serverOptions;
    return new SSHServerChannel({
      ...o.channelOptions,
      ...options,
      ...(o.permissions && { permissions: o.permissions }),
      ...(o.allowPty !== undefined && { allowPty: o.allowPty }),
      ...(o.acceptEnv && { acceptEnv: o.acceptEnv }),
      ...(o.binarySubsystems && { binarySubsystems: o.binarySubsystems }),
      ...(o.binaryCommand && { binaryCommand: o.binaryCommand }),
      ...(o.agentForwarding && { agentForwarding: o.agentForwarding }),
      ...(o.x11Forwarding && { x11Forwarding: o.x11Forwarding }),
    });
  }

  /** Creates a TCP channel for a `[channel, session]` answer to `connectionRequested`. */
  createTcpChannel<E extends Encoding = null>(
    destHost: string,
    destPort: number,
    origHost: string,
    origPort: number,
    options: ChannelOptions<E> = {},
  ): SSHTCPChannel<SessionData> {
    return new SSHTCPChannel(
      'direct-tcpip',
      { host: destHost, port: destPort, origHost, origPort },
      { encoding: null, ...this.serverOptions.channelOptions, ...options },
    );
  }

  /** Announces the server's host keys (`hostkeys-00@openssh.com`, OpenSSH PROTOCOL §2.5). */
  sendHostKeys(blobs: readonly Uint8Array[]): void {
    this.mux.globalMessage(GLOBAL_REQUEST.HOSTKEYS, encodeStringList(blobs));
  }

  private allows(name: string): boolean {
    return this.serverOptions.permissions?.allows(name) ?? true;
  }

  private keyList(name: 'permitopen' | 'permitlisten'): readonly string[] | undefined {
    const v = this.serverOptions.permissions?.getKeyOption(name);
    return Array.isArray(v) ? (v as readonly string[]) : undefined;
  }

  protected channelOpenRequested(open: ChannelOpen): MaybePromise<AcceptedChannel | ChannelOpenError> {
    switch (open.channelType) {
      case CHANNEL_TYPE.SESSION:
        decodeEmptyRequest(open.data);
        if (this.noMoreSessions) {
          // sshd: "Possible attack: attempt to open a session after additional sessions disabled".
          throw new ProtocolError('session open after no-more-sessions@openssh.com');
        }
        return this.openSession();
      case CHANNEL_TYPE.DIRECT_TCPIP: {
        const m = decodeTcpipOpenData(open.data);
        if (!this.allows('port-forwarding')) {
          return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'Port forwarding not permitted');
        }
        const permit = this.keyList('permitopen');
        if (permit && !permitMatches(permit, m.host, m.port)) {
          return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'Port forwarding not permitted');
        }
        if (m.port > 0xffff) return new ChannelOpenError(OPEN_CONNECT_FAILED, 'Invalid port');
        const make = () => this.createTcpChannel(m.host, m.port, m.origHost, m.origPort);
        const fwd = this.serverOptions.forwardConnection;
        return settleOpen(
          () => this.handler.connectionRequested?.(m.host, m.port, m.origHost, m.origPort),
          (r) => acceptOpen(r, make, fwd && (() => fwd(m.host, m.port))),
        );
      }
      case CHANNEL_TYPE.DIRECT_STREAMLOCAL: {
        const { path } = decodeDirectStreamlocalOpenData(open.data);
        if (!this.allows('port-forwarding')) {
          return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'Port forwarding not permitted');
        }
        const make = () =>
          new SSHUNIXChannel<SessionData>(CHANNEL_TYPE.DIRECT_STREAMLOCAL, path, {
            encoding: null,
            ...this.serverOptions.channelOptions,
          });
        const fwd = this.serverOptions.forwardUnixConnection;
        return settleOpen(
          () => this.handler.unixConnectionRequested?.(path),
          (r) => acceptOpen(r, make, fwd && (() => fwd(path))),
        );
      }
      case CHANNEL_TYPE.TUN: {
        const { mode, unit } = decodeTunOpenData(open.data);
        return this.openTunTap(mode, unit);
      }
      default:
        return new ChannelOpenError(OPEN_UNKNOWN_CHANNEL_TYPE, 'Unsupported channel type');
    }
  }

  /** A `tun@openssh.com` open, checked as sshd's `server_request_tun` does, then given to the handler. */
  private openTunTap(mode: number, requested: number): MaybePromise<AcceptedChannel | ChannelOpenError> {
    if (mode !== SSH_TUN_MODE_POINTTOPOINT && mode !== SSH_TUN_MODE_ETHERNET) {
      return new ChannelOpenError(OPEN_CONNECT_FAILED, 'Unsupported tunnel device mode');
    }
    if (requested > SSH_TUN_UNIT_ANY) return new ChannelOpenError(OPEN_CONNECT_FAILED, 'Invalid tunnel unit');
    let unit = requested === SSH_TUN_UNIT_ANY ? undefined : requested;
    // authorized_keys tunnel="n": that unit or none (a client asking for another is refused).
    const forced = this.serverOptions.permissions?.getKeyOption('tunnel');
    if (typeof forced === 'number') {
      if (unit !== undefined && unit !== forced) {
        return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, `Tunnel unit ${unit} not permitted`);
      }
      unit = forced;
    }
    const h = this.handler;
    const ask = mode === SSH_TUN_MODE_POINTTOPOINT ? h.tunRequested : h.tapRequested;
    if (!ask)
      return new ChannelOpenError(OPEN_ADMINISTRATIVELY_PROHIBITED, 'Tunnel forwarding not permitted');
    const make = () => new SSHTunTapChannel(mode, unit, this.serverOptions.channelOptions);
    return settleOpen(
      () => ask.call(h, unit),
      (r) => acceptTunTap(r, make),
    );
  }

  private openSession(): MaybePromise<AcceptedChannel | ChannelOpenError> {
    const o = this.serverOptions;
    const accept = (
      chan: SSHServerChannel<SessionData>,
      session: ServerSessionHandler<SessionData>,
    ): AcceptedChannel => ({
      channel: chan,
      opened: () => chan.connect(session as never),
    });
    if (o.processFactory) return accept(this.createServerChannel(), processSessionFor(o.processFactory));
    if (o.sessionFactory) return accept(this.createServerChannel(), serverStreamSessionFor(o.sessionFactory));
    const map = (r: SessionOpenResult): AcceptedChannel | ChannelOpenError => {
      if (ChannelOpenError.isInstance(r)) return r as ChannelOpenError;
      if (r === false || r === true || r === undefined || r === null) {
        return new ChannelOpenError(OPEN_CONNECT_FAILED, 'Session refused');
      }
      if (typeof r === 'function') {
        return accept(
          this.createServerChannel(),
          serverStreamSessionFor(r as ServerStreamHandler<SessionData>),
        );
      }
      if (Array.isArray(r)) {
        const [chan, session] = r as readonly [
          SSHServerChannel<SessionData>,
          ServerSessionHandler<SessionData>,
        ];
        return accept(chan, session);
      }
      return accept(this.createServerChannel(), r as ServerSessionHandler<SessionData>);
    };
    return settleOpen(() => this.handler.sessionRequested?.(), map);
  }

  protected override globalRequested(req: GlobalRequest): MaybePromise<GlobalRequestReply> {
    switch (req.name) {
      case GLOBAL_REQUEST.TCPIP_FORWARD: {
        const { host, port } = decodeTcpipForward(req.data);
        if (!this.allows('port-forwarding') || port > 0xffff) return false;
        const permit = this.keyList('permitlisten');
        if (permit && !permitMatches(permit, host, port)) return false;
        return this.listenWith(
          `${host}:`,
          () => this.handler.serverRequested?.(host, port),
          this.serverOptions.listen &&
            (() => this.serverOptions.listen?.(host, port) as MaybePromise<ForwardListener>),
          (bound) => (port === 0 ? encodeTcpipForwardReply(bound) : true),
          port,
        );
      }
      case GLOBAL_REQUEST.CANCEL_TCPIP_FORWARD: {
        const { host, port } = decodeTcpipForward(req.data);
        return this.cancel(`${host}:${port}`);
      }
      case GLOBAL_REQUEST.STREAMLOCAL_FORWARD: {
        const path = decodeStreamlocalForward(req.data);
        if (!this.allows('port-forwarding')) return false;
        return this.listenWith(
          `unix:${path}`,
          () => this.handler.unixServerRequested?.(path),
          this.serverOptions.listenUnix &&
            (() => this.serverOptions.listenUnix?.(path) as MaybePromise<ForwardListener>),
          () => true,
          undefined,
        );
      }
      case GLOBAL_REQUEST.CANCEL_STREAMLOCAL_FORWARD:
        return this.cancel(`unix:${decodeStreamlocalForward(req.data)}`);
      case GLOBAL_REQUEST.NO_MORE_SESSIONS:
        decodeEmptyRequest(req.data);
        this.noMoreSessions = true;
        return true;
      case GLOBAL_REQUEST.HOSTKEYS_PROVE: {
        const blobs = decodeStringList(req.data);
        const prove = this.handler.hostKeysProveRequested;
        if (!prove) return false;
        const done = (sigs: Uint8Array[] | undefined): GlobalRequestReply =>
          sigs ? encodeStringList(sigs) : false;
        const r = prove.call(this.handler, blobs);
        return r instanceof Promise ? r.then(done) : done(r);
      }
      default:
        return false;
    }
  }

  private listenWith(
    keyPrefix: string,
    ask: () => MaybePromise<boolean | ForwardListener | undefined>,
    listen: (() => MaybePromise<ForwardListener>) | undefined,
    reply: (bound: number) => GlobalRequestReply,
    requestedPort: number | undefined,
  ): MaybePromise<GlobalRequestReply> {
    const register = (l: ForwardListener): GlobalRequestReply => {
      const bound = l.getPort();
      const key =
        requestedPort === undefined
          ? keyPrefix
          : `${keyPrefix}${requestedPort === 0 ? bound : requestedPort}`;
      if (this.mux.isClosed) {
        void l.close();
        return false;
      }
      this.listeners.set(key, l);
      return reply(bound);
    };
    const decide = (r: boolean | ForwardListener | undefined): MaybePromise<GlobalRequestReply> => {
      if (r === true) {
        if (!listen) return false;
        const l = listen();
        return l instanceof Promise ? l.then(register) : register(l);
      }
      if (!r) return false;
      return register(r);
    };
    const r = ask();
    return r instanceof Promise ? r.then(decide) : decide(r);
  }

  private cancel(key: string): boolean {
    const l = this.listeners.get(key);
    if (!l) return false;
    this.listeners.delete(key);
    void Promise.resolve()
      .then(() => l.close())
      .catch(() => {});
    return true;
  }

  protected override connectionClosed(): void {
    for (const l of this.listeners.values()) {
      void Promise.resolve()
        .then(() => l.close())
        .catch(() => {});
    }
    this.listeners.clear();
  }
}
