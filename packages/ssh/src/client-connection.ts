import type {
  ClientSessionHandler,
  ClientSessionOptions,
  DataFor,
  Encoding,
  ProcessOptions,
  RunOptions,
  SessionData,
  SSHClientChannel,
  SSHClientProcess,
  SSHCompletedProcess,
  SSHReader,
  SSHWriter,
} from '@sshkit/ssh-connection';
import type { SFTPClient, SFTPClientOptions } from '@sshkit/ssh-sftp';
import { LocalFileSystem } from '@sshkit/ssh-sftp/node';
import { ConnectionLost } from '@sshkit/ssh-transport';
import { type ConnectionProtocolSetup, SSHClientConnectionBase } from './connection-base.js';
import type { SSHListener } from './listen.js';
import { forwardLocal, forwardRemote, forwardSocks, socketSession } from './node/forward.js';
import { type NodeProcessRedirects, toProcessRedirects } from './node/process-io.js';
import {
  splitX11Options,
  type WithX11,
  X11ClientForwarder,
  type X11ForwardingOptions,
  type X11SessionRequest,
} from './node/x11/client.js';

/** Process options with Node redirection targets (paths, Node streams) in place of the portable ones. */
export type NodeOptions<O, D extends SessionData> = Omit<O, 'stdin' | 'stdout' | 'stderr'> &
  NodeProcessRedirects<D>;

/** @internal what {@link connect} hands the connection once authenticated. */
export interface ClientProtocolSetup extends Omit<ConnectionProtocolSetup, 'forwarding'> {
  /** The local agent `ssh -A` forwards. */
  readonly forwardedAgentPath?: string | undefined;
  /** X11 forwarding defaults of every session. */
  readonly x11: X11ForwardingOptions;
}

/**
 * An authenticated client connection (AsyncSSH `SSHClientConnection`): the
 * sessions, channels and SFTP of {@link SSHClientConnectionBase}, plus what
 * needs Node: local and remote port forwarding to local sockets, SOCKS, X11
 * and agent forwarding, and redirection to files and Node streams. Close it
 * with `close()` or `await using`.
 */
export class SSHClientConnection extends SSHClientConnectionBase {
  #x11: X11ClientForwarder | undefined;

  /** @internal starts the connection protocol once authentication succeeded */
  override startConnectionProtocol(setup: ClientProtocolSetup): void {
    const { forwardedAgentPath } = setup;
    const x11 = new X11ClientForwarder(setup.x11);
    this.#x11 = x11;
    super.startConnectionProtocol({
      ...setup,
      forwarding: {
        // Each agent channel the server opens is a new connection to the local agent.
        ...(forwardedAgentPath !== undefined && {
          agentForwarding: () => socketSession({ path: forwardedAgentPath }),
        }),
        x11Forwarding: () => x11.channel(),
      },
    });
  }

  private get x11(): X11ClientForwarder {
    if (!this.#x11) throw new ConnectionLost('not connected');
    return this.#x11;
  }

  /**
   * Runs a command and collects its output (AsyncSSH `run`). `stdin`,
   * `stdout` and `stderr` may redirect to file paths, Node streams or other
   * processes' streams; redirected output is not collected.
   */
  override run<E extends Encoding = 'utf-8'>(
    command?: string,
    options: WithX11<NodeOptions<RunOptions<E>, DataFor<E>>> = {},
  ): Promise<SSHCompletedProcess<DataFor<E>>> {
    const { stdin, stdout, stderr, ...rest } = options;
    return this.withX11(
      rest,
      (o) => super.run(command, { ...o, ...toProcessRedirects({ stdin, stdout, stderr }) }),
      undefined,
    );
  }

  /** Starts a remote process with `stdin`, `stdout`, `stderr` (redirectable as in `run`) and `wait()`. */
  override createProcess<E extends Encoding = 'utf-8'>(
    command?: string,
    options: WithX11<NodeOptions<ProcessOptions<E>, DataFor<E>>> = {},
  ): Promise<SSHClientProcess<DataFor<E>>> {
    const { stdin, stdout, stderr, ...rest } = options;
    return this.withX11(
      rest,
      (o) => super.createProcess(command, { ...o, ...toProcessRedirects({ stdin, stdout, stderr }) }),
      (process) => process.channel,
    );
  }

  /** Opens a session channel with a handler object (AsyncSSH `create_session`). */
  override createSession<E extends Encoding = 'utf-8'>(
    sessionFactory: () => ClientSessionHandler<DataFor<E>>,
    command?: string,
    options: WithX11<ClientSessionOptions<E>> = {},
  ): Promise<[SSHClientChannel<DataFor<E>>, ClientSessionHandler<DataFor<E>>]> {
    return this.withX11(
      options,
      (o) => super.createSession(sessionFactory, command, o),
      ([channel]) => channel,
    );
  }

  /** Opens a session channel as streams: `[stdin, stdout, stderr]`. */
  override openSession<E extends Encoding = 'utf-8'>(
    command?: string,
    options: WithX11<ClientSessionOptions<E>> = {},
  ): Promise<[SSHWriter<DataFor<E>>, SSHReader<DataFor<E>>, SSHReader<DataFor<E>>]> {
    return this.withX11(
      options,
      (o) => super.openSession(command, o),
      ([stdin]) => stdin.channel,
    );
  }

  /**
   * Opens a session after turning its X11 options (over the connection's) into
   * the `x11-req` it sends; the session's fake cookie is forgotten when its
   * channel closes (`channelOf`), or when `open` settles if there is none.
   */
  private async withX11<O extends X11ForwardingOptions, R>(
    options: O,
    open: (options: Omit<O, keyof X11ForwardingOptions> & { x11?: X11SessionRequest }) => Promise<R>,
    channelOf: ((opened: R) => { waitClosed(): Promise<void> }) | undefined,
  ): Promise<R> {
    const [x11Options, rest] = splitX11Options(options);
    const [x11, release] = await this.x11.request(x11Options);
    try {
      const opened = await open(x11 ? { ...rest, x11 } : rest);
      if (channelOf) void channelOf(opened).waitClosed().then(release, release);
      else release();
      return opened;
    } catch (e) {
      release();
      throw e;
    }
  }

  /** `ssh -L`: forwards connections to a local port through the server to `destHost:destPort`. */
  forwardLocalPort(
    listenHost: string,
    listenPort: number,
    destHost: string,
    destPort: number,
  ): Promise<SSHListener> {
    return forwardLocal(
      this.protocol,
      { host: listenHost, port: listenPort },
      { host: destHost, port: destPort },
    );
  }

  /** `ssh -L path:path`: forwards connections to a local Unix socket to one on the server. */
  forwardLocalPath(listenPath: string, destPath: string): Promise<SSHListener> {
    return forwardLocal(this.protocol, { path: listenPath }, { path: destPath });
  }

  /** Forwards connections to a local port to a Unix socket on the server. */
  forwardLocalPortToPath(listenHost: string, listenPort: number, destPath: string): Promise<SSHListener> {
    return forwardLocal(this.protocol, { host: listenHost, port: listenPort }, { path: destPath });
  }

  /** Forwards connections to a local Unix socket to `destHost:destPort` through the server. */
  forwardLocalPathToPort(listenPath: string, destHost: string, destPort: number): Promise<SSHListener> {
    return forwardLocal(this.protocol, { path: listenPath }, { host: destHost, port: destPort });
  }

  /** `ssh -R`: forwards connections to a port on the server to `destHost:destPort` from here. */
  forwardRemotePort(
    listenHost: string,
    listenPort: number,
    destHost: string,
    destPort: number,
  ): Promise<SSHListener> {
    return forwardRemote(
      this.protocol,
      { host: listenHost, port: listenPort },
      { host: destHost, port: destPort },
    );
  }

  /** `ssh -R path:path`: forwards connections to a Unix socket on the server to a local one. */
  forwardRemotePath(listenPath: string, destPath: string): Promise<SSHListener> {
    return forwardRemote(this.protocol, { path: listenPath }, { path: destPath });
  }

  /** Forwards connections to a port on the server to a local Unix socket. */
  forwardRemotePortToPath(listenHost: string, listenPort: number, destPath: string): Promise<SSHListener> {
    return forwardRemote(this.protocol, { host: listenHost, port: listenPort }, { path: destPath });
  }

  /** Forwards connections to a Unix socket on the server to `destHost:destPort` from here. */
  forwardRemotePathToPort(listenPath: string, destHost: string, destPort: number): Promise<SSHListener> {
    return forwardRemote(this.protocol, { path: listenPath }, { host: destHost, port: destPort });
  }

  /** `ssh -D`: a local SOCKS4/4a/5 proxy whose connections go through the server. */
  forwardSocks(listenHost: string, listenPort: number): Promise<SSHListener> {
    return forwardSocks(this.protocol, listenHost, listenPort);
  }

  /**
   * Starts an SFTP client on the `sftp` subsystem. `get`/`put` and their
   * m- forms use this machine's file system unless `options.localFs` says
   * otherwise (as AsyncSSH's `start_sftp_client`).
   */
  override startSftpClient(options?: SFTPClientOptions): Promise<SFTPClient> {
    return super.startSftpClient({ ...options, localFs: options?.localFs ?? new LocalFileSystem() });
  }
}
