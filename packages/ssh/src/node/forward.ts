import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { OPEN_CONNECT_FAILED } from '@sshkit/ssh-codes';
import {
  ChannelOpenError,
  type ClientConnectionProtocol,
  type ForwardListener,
  SSHReader as Reader,
  type SSHReader,
  SSHStreamSession,
  type SSHWriter,
  type TCPSessionHandler,
  SSHWriter as Writer,
} from '@sshkit/ssh-connection';
import type { SSHListener } from '../listen.js';
import { bridgeSocket } from './bridge.js';
import { readSocksRequest } from './socks.js';

/** A local TCP listener as an {@link SSHListener}. */
export async function listenLocal(
  host: string,
  port: number,
  onSocket: (socket: Socket) => void,
): Promise<SSHListener & ForwardListener> {
  // Half-open: a client's EOF becomes channel EOF while the reply still flows back.
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.setNoDelay(true);
    onSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host || undefined, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  return {
    getPort: () => (server.address() as { port: number }).port,
    close: () => {
      server.close();
    },
    waitClosed: () => closed,
    async [Symbol.asyncDispose]() {
      server.close();
      await closed;
    },
  };
}

/** Opens a TCP connection, resolving once connected. */
export function connectSocket(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port, allowHalfOpen: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** A channel session that connects to `host:port` when the channel opens and bridges the bytes. */
export async function socketSession(
  host: string,
  port: number,
): Promise<TCPSessionHandler<Uint8Array> | ChannelOpenError> {
  let socket: Socket;
  try {
    socket = await connectSocket(host, port);
  } catch (e) {
    return new ChannelOpenError(
      OPEN_CONNECT_FAILED,
      `connect to ${host}:${port} failed: ${(e as Error).message}`,
    );
  }
  const session = new SSHStreamSession<Uint8Array>();
  session.onStarted = () => {
    void bridgeSocket(socket, new Reader(session), new Writer(session));
  };
  return session as TCPSessionHandler<Uint8Array>;
}

/** `ssh -L`: listens locally and forwards each connection through the SSH connection. */
export function forwardLocalPort(
  protocol: ClientConnectionProtocol,
  listenHost: string,
  listenPort: number,
  destHost: string,
  destPort: number,
): Promise<SSHListener> {
  return listenLocal(listenHost, listenPort, (socket) => {
    protocol
      .openConnection(destHost, destPort, socket.remoteAddress ?? '', socket.remotePort ?? 0)
      .then(([reader, writer]) =>
        bridgeSocket(socket, reader as SSHReader<Uint8Array>, writer as SSHWriter<Uint8Array>),
      )
      .catch(() => socket.destroy());
  });
}

/** `ssh -D`: a local SOCKS4/4a/5 server whose CONNECTs go through the SSH connection. */
export function forwardSocks(
  protocol: ClientConnectionProtocol,
  listenHost: string,
  listenPort: number,
): Promise<SSHListener> {
  return listenLocal(listenHost, listenPort, (socket) => {
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

/** `ssh -R`: asks the server to listen and connects each forwarded connection to `destHost:destPort`. */
export async function forwardRemotePort(
  protocol: ClientConnectionProtocol,
  listenHost: string,
  listenPort: number,
  destHost: string,
  destPort: number,
): Promise<SSHListener> {
  const remote = await protocol.requestForward(listenHost, listenPort, () =>
    socketSession(destHost, destPort),
  );
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
