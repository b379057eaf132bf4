import type { TCPSessionHandler } from '@sshkit/ssh-connection';
import type { ByteDuplex, ByteDuplexHandlers } from '@sshkit/ssh-transport';
import type { SSHClientConnection } from './client-connection.js';
import type { SSHClientOptions } from './options.js';

/** One jump host of a `tunnel` string. */
export interface TunnelHop {
  readonly host: string;
  readonly port: number | undefined;
  readonly username: string | undefined;
}

const MAX_PORT = 65535;

function parseHop(text: string): TunnelHop {
  const bad = () => new TypeError(`tunnel: expected [user@]host[:port], got ${JSON.stringify(text)}`);
  const at = text.lastIndexOf('@');
  const username = at >= 0 ? text.slice(0, at) : undefined;
  const rest = text.slice(at + 1);
  let host: string | undefined;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
  } else if (rest.split(':').length > 2) {
    host = rest; // a bare IPv6 address: no port
  } else {
    [host, portText] = rest.split(':');
  }
  if (username === '' || !host || /\s/.test(text)) throw bad();
  if (portText === undefined) return { host, port: undefined, username };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= MAX_PORT)) throw bad();
  return { host, port, username };
}

/**
 * Parses the string form of the `tunnel` option: `[user@]host[:port]`, or
 * several comma-separated, first hop first (like `ssh -J`). IPv6 addresses
 * take brackets when a port follows: `[::1]:2222`.
 * @throws TypeError for an empty hop, user or host, or a bad port
 */
export function parseTunnelHops(spec: string): TunnelHop[] {
  return spec.split(',').map(parseHop);
}

/** The options a jump host connects with: the caller's authentication and host key options. */
function hopOptions(options: SSHClientOptions, hop: TunnelHop, via: SSHClientConnection | undefined) {
  const o = options;
  return {
    host: hop.host,
    ...(hop.port !== undefined && { port: hop.port }),
    ...(hop.username !== undefined && { username: hop.username }),
    ...(o.password !== undefined && { password: o.password }),
    ...(o.clientKeys !== undefined && { clientKeys: o.clientKeys }),
    ...(o.passphrase !== undefined && { passphrase: o.passphrase }),
    ...(o.agentPath !== undefined && { agentPath: o.agentPath }),
    ...(o.agentIdentities !== undefined && { agentIdentities: o.agentIdentities }),
    ...(o.preferredAuthentications !== undefined && { preferredAuthentications: o.preferredAuthentications }),
    ...(o.clientFactory !== undefined && { clientFactory: o.clientFactory }),
    ...(o.knownHosts !== undefined && { knownHosts: o.knownHosts }),
    ...(o.updateHostKeys !== undefined && { updateHostKeys: o.updateHostKeys }),
    ...(o.connectTimeout !== undefined && { connectTimeout: o.connectTimeout }),
    ...(o.loginTimeout !== undefined && { loginTimeout: o.loginTimeout }),
    ...(o.signal !== undefined && { signal: o.signal }),
    ...(o.config !== undefined && { config: o.config }),
    ...(via && { tunnel: via }),
  } satisfies SSHClientOptions;
}

/**
 * A `direct-tcpip` channel through `via` to `host:port`, as the byte stream a
 * tunnelled connection runs over. Data arriving before the transport attaches
 * is kept for it; the channel's write buffer limits are the back-pressure.
 * @throws ChannelOpenError when the jump host refuses the channel
 */
export async function tunnelDuplex(
  via: SSHClientConnection,
  host: string,
  port: number,
): Promise<ByteDuplex> {
  let handlers: ByteDuplexHandlers | undefined;
  const early: Uint8Array[] = [];
  let earlyClose: { error?: Error } | undefined;
  let closed = false;
  const close = (error?: Error) => {
    if (closed) return;
    closed = true;
    if (handlers) handlers.close(error);
    else earlyClose = error ? { error } : {};
  };
  const session: TCPSessionHandler<Uint8Array> = {
    dataReceived: (data) => {
      if (handlers) handlers.data(data);
      else early.push(data);
    },
    eofReceived: () => {
      close();
      return false;
    },
    connectionLost: (error) => close(error),
    resumeWriting: () => handlers?.drain(),
  };
  const [chan] = await via.createConnection<null>(() => session, host, port);
  return {
    attach(h) {
      handlers = h;
      for (const chunk of early.splice(0)) h.data(chunk);
      if (earlyClose) h.close(earlyClose.error);
    },
    write(data) {
      if (!closed) chan.write(data);
      return !chan.isWritingPaused();
    },
    pause: () => chan.pauseReading(),
    resume: () => chan.resumeReading(),
    end: () => chan.close(),
    destroy: () => chan.abort(),
  };
}

/** The byte stream to a server, and what was opened for it (jump connections, a proxy command) to close with it. */
export interface TunnelStream {
  readonly duplex: ByteDuplex;
  readonly owned: { close(): void } | undefined;
}

/**
 * Opens the byte stream for the `tunnel` option (AsyncSSH semantics): through
 * the given connection, which stays the caller's, or through jump hosts
 * connected here, one through the other, with the caller's authentication and
 * host key options; those are closed when the tunnelled connection closes (or
 * here, when a later step fails).
 */
export async function openTunnel(
  tunnel: string | SSHClientConnection,
  options: SSHClientOptions,
  host: string,
  port: number,
  connectHop: (options: SSHClientOptions) => Promise<SSHClientConnection>,
): Promise<TunnelStream> {
  if (typeof tunnel !== 'string') return { duplex: await tunnelDuplex(tunnel, host, port), owned: undefined };
  const hops = parseTunnelHops(tunnel);
  let via: SSHClientConnection | undefined;
  try {
    for (const hop of hops) {
      const next = await connectHop(hopOptions(options, hop, via));
      if (via) closeWhen(next.waitClosed(), via);
      via = next;
    }
    const last = via as SSHClientConnection;
    return { duplex: await tunnelDuplex(last, host, port), owned: last };
  } catch (e) {
    via?.close();
    throw e;
  }
}

/** Closes `owned` once the connection running through it has closed. */
export function closeWhen(closed: Promise<unknown>, owned: { close(): void }): void {
  void closed.then(
    () => owned.close(),
    () => owned.close(),
  );
}
