import { createServer, type Server, type Socket, connect as socketConnect } from 'node:net';
import { OPEN_CONNECT_FAILED } from '@sshkit/ssh-codes';
import {
  ChannelOpenError,
  type ClientConnectionProtocol,
  type ForwardListener,
  SSHReader as Reader,
  type SSHReader,
  SSHStreamSession,
  type SSHWriter,
  SSHWriter as Writer,
} from '@sshkit/ssh-connection';
import type { SSHListener } from '../listen.js';
import { bridgeSocket, holdUntilBridged } from './bridge.js';
import { readSocksRequest } from './socks.js';
import { serverListener } from './tcp-listener.js';

/** Where a forward listens or connects: a TCP host and port, or a Unix socket path. */
export type Endpoint = { readonly host: string; readonly port: number } | { readonly path: string };

function describeEndpoint(endpoint: Endpoint): string {
  return 'path' in endpoint ? endpoint.path : `${endpoint.host}:${endpoint.port}`;
}

/** A local TCP or Unix-socket listener as an {@link SSHListener} (`getPort()` is 0 for a path). */
export async function listenLocal(
  endpoint: Endpoint,
  onSocket: (socket: Socket) => void,
): Promise<SSHListener & ForwardListener> {
  // Half-open: a client's EOF becomes channel EOF while the reply still flows back.
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    if (!('path' in endpoint)) socket.setNoDelay(true);
    holdUntilBridged(socket);
    onSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve();
    };
    if ('path' in endpoint) server.listen(endpoint.path, listening);
    else server.listen(endpoint.port, endpoint.host || undefined, listening);
  });
  return serverListener(server, () => ('path' in endpoint ? 0 : (server.address() as { port: number }).port));
}

/** Connects to a TCP port or a Unix socket, resolving once connected. */
export function connectSocket(endpoint: Endpoint): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket =
      'path' in endpoint
        ? socketConnect({ path: endpoint.path, allowHalfOpen: true })
        : socketConnect({ host: endpoint.host, port: endpoint.port, allowHalfOpen: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      if (!('path' in endpoint)) socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** A channel session that connects to `endpoint` when the channel opens and bridges the bytes. */
export async function socketSession(
  endpoint: Endpoint,
): Promise<SSHStreamSession<Uint8Array> | ChannelOpenError> {
  let socket: Socket;
  try {
    socket = await connectSocket(endpoint);
  } catch (e) {
    return new ChannelOpenError(
      OPEN_CONNECT_FAILED,
      `connect to ${describeEndpoint(endpoint)} failed: ${(e as Error).message}`,
    );
  }
  holdUntilBridged(socket);
  const session = new SSHStreamSession<Uint8Array>();
  session.onStarted = () => {
    void bridgeSocket(socket, new Reader(session), new Writer(session));
  };
  return session;
}

/** Opens the channel a local connection is forwarded into: `direct-tcpip` or `direct-streamlocal`. */
function openChannelTo(
  protocol: ClientConnectionProtocol,
  dest: Endpoint,
  socket: Socket,
): Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]> {
  if ('path' in dest) return protocol.openUnixConnection<null>(dest.path);
  return protocol.openConnection<null>(
    dest.host,
    dest.port,
    socket.remoteAddress ?? '',
    socket.remotePort ?? 0,
  );
}

/**
 * Listens on `endpoint` and carries each accepted socket over the channel
 * `openChannel` opens for it (`ssh -L` on a client, `tcpip-forward` /
 * `streamlocal-forward` on a server); a refused channel drops the socket.
 */
export function listenForwarding(
  endpoint: Endpoint,
  openChannel: (socket: Socket) => Promise<[SSHReader<Uint8Array>, SSHWriter<Uint8Array>]>,
): Promise<SSHListener & ForwardListener> {
  return listenLocal(endpoint, (socket) => {
    openChannel(socket)
      .then(([reader, writer]) => bridgeSocket(socket, reader, writer))
      .catch(() => socket.destroy());
  });
}

/** `ssh -L`: listens locally and forwards each connection through the SSH connection to `dest`. */
export function forwardLocal(
  protocol: ClientConnectionProtocol,
  listen: Endpoint,
  dest: Endpoint,
): Promise<SSHListener> {
  return listenForwarding(listen, (socket) => openChannelTo(protocol, dest, socket));
}

/** `ssh -D`: a local SOCKS4/4a/5 server whose CONNECTs go through the SSH connection. */
export function forwardSocks(
  protocol: ClientConnectionProtocol,
  listenHost: string,
  listenPort: number,
): Promise<SSHListener> {
  return listenLocal({ host: listenHost, port: listenPort }, (socket) => {
    void (async () => {
      const req = await readSocksRequest(socket);
      if (!req) return;
      try {
        const [reader, writer] = await protocol.openConnection(
          req.host,
          req.port,
          socket.remoteAddress ?? '',
          socket.remotePort ?? 0,
        );
        req.accept();
        await bridgeSocket(socket, reader as SSHReader<Uint8Array>, writer as SSHWriter<Uint8Array>);
      } catch {
        req.reject();
      }
    })();
  });
}

/**
 * `ssh -R`: asks the server to listen on a port or a Unix socket path and
 * connects each forwarded connection to `dest` from here.
 */
export async function forwardRemote(
  protocol: ClientConnectionProtocol,
  listen: Endpoint,
  dest: Endpoint,
): Promise<SSHListener> {
  const remote =
    'path' in listen
      ? await protocol.requestUnixForward(listen.path, () => socketSession(dest))
      : await protocol.requestForward(listen.host, listen.port, () => socketSession(dest));
  return {
    getPort: () => remote.getPort(),
    close: () => {
      void remote.close();
    },
    waitClosed: () => remote.waitClosed(),
    async [Symbol.asyncDispose]() {
      await remote.close();
    },
  };
}
