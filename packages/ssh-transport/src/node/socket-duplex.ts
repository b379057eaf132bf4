import { connect, type Socket } from 'node:net';
import { freeNow } from '@sshkit/ssh-crypto';
import type { ByteDuplex, ByteDuplexHandlers } from '../duplex.js';

/** Bytes asked of the kernel per read on sockets this module opens. */
const READ_BUFFER_SIZE = 256 * 1024;

/** How a duplex learns of incoming bytes: `'data'` events, or a reused read buffer. */
type DataSource = (handler: (chunk: Uint8Array) => void) => void;

/**
 * Chunks from 'data' events are fresh Buffers (sockets Node accepted cannot
 * read into a reused one). The handler copies what it keeps (see
 * ByteDuplexHandlers.data), so a chunk no other listener saw is freed at once
 * rather than by the next collection: the allocator then reuses its memory,
 * still in cache, for the next read.
 */
const dataEvents =
  (socket: Socket): DataSource =>
  (handler) =>
    socket.on('data', (chunk: Buffer) => {
      handler(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      if (socket.listenerCount('data') === 1) freeNow(chunk);
    });

/** The socket under each duplex made here, for what needs the socket itself (its descriptor). */
const sockets = new WeakMap<ByteDuplex, Socket>();

/**
 * The Node socket a duplex of {@link socketDuplex} or {@link connectTcp} runs
 * over (ssh-keysign, for instance, is handed the connection's descriptor).
 * @returns undefined for any other duplex
 */
export function socketOf(duplex: ByteDuplex): Socket | undefined {
  return sockets.get(duplex);
}

/**
 * Adapts a Node `net.Socket` (or any socket-like stream) to the
 * {@link ByteDuplex} the SSH layers run over.
 */
export function socketDuplex(socket: Socket, source: DataSource = dataEvents(socket)): ByteDuplex {
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const duplex: ByteDuplex = {
    info: {
      localAddress: socket.localAddress,
      localPort: socket.localPort,
      remoteAddress: socket.remoteAddress,
      remotePort: socket.remotePort,
    },
    attach(handlers: ByteDuplexHandlers) {
      source((chunk) => handlers.data(chunk));
      socket.on('drain', () => handlers.drain());
      let closed = false;
      const close = (error?: Error) => {
        if (closed) return;
        closed = true;
        handlers.close(error);
      };
      socket.on('error', (e) => close(e));
      socket.on('end', () => close());
      socket.on('close', () => close());
      // With `onread` nothing else makes the stream flow, and only a flowing stream emits 'end'.
      socket.resume();
      // The peer may have closed before anyone listened (its bytes were kept above).
      if (socket.readableEnded || socket.destroyed) close();
    },
    write(data, written) {
      // Packets sealed in one turn of the event loop leave in one writev
      // (a 256 KiB application write is eight 32 KiB packets): fewer syscalls.
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      // Node calls back once the bytes are handed to the kernel (or the write failed).
      return socket.write(data, written);
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    end: () => socket.end(),
    destroy: (error) => socket.destroy(error),
  };
  sockets.set(duplex, socket);
  return duplex;
}

/** How {@link connectTcp} opens its socket (Node's `net.connect` options of the same names). */
export interface TcpConnectOptions {
  /** Local address to connect from (ssh's BindAddress). */
  readonly localAddress?: string;
  /** Local port to connect from. */
  readonly localPort?: number;
  /** 4 or 6 to resolve `host` to that family only (ssh's AddressFamily); 0 for either. @default 0 */
  readonly family?: 0 | 4 | 6;
  /** TCP keepalive probes on the socket (ssh's TCPKeepAlive). @default false */
  readonly keepAlive?: boolean;
}

/**
 * Opens a TCP connection and resolves with it as a {@link ByteDuplex}. Reads
 * land in one reused buffer (Node's `onread`) rather than a fresh Buffer per
 * read: at bulk rates, fresh memory (zeroing, page faults, GC) costs more
 * than the copy the transport makes anyway.
 */
export function connectTcp(host: string, port: number, options: TcpConnectOptions = {}): Promise<ByteDuplex> {
  return new Promise((resolve, reject) => {
    // Until the duplex is attached, chunks are copied out of the reused buffer.
    const early: Uint8Array[] = [];
    let deliver = (chunk: Uint8Array): void => {
      early.push(chunk.slice());
    };
    const buffer = new Uint8Array(READ_BUFFER_SIZE);
    const socket = connect({
      host,
      port,
      ...options,
      onread: {
        buffer,
        callback: (n: number) => {
          deliver(buffer.subarray(0, n));
          return true; // keep reading; pause() still applies
        },
      },
    });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(
        socketDuplex(socket, (handler) => {
          for (const chunk of early.splice(0)) handler(chunk);
          deliver = handler;
        }),
      );
    });
    socket.once('error', reject);
  });
}
