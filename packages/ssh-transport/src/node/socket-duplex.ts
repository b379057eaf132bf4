import { connect, type Socket } from 'node:net';
import type { ByteDuplex, ByteDuplexHandlers } from '../duplex.js';

/**
 * Adapts a Node `net.Socket` (or any socket-like stream) to the
 * {@link ByteDuplex} the SSH layers run over.
 */
export function socketDuplex(socket: Socket): ByteDuplex {
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  return {
    info: {
      localAddress: socket.localAddress,
      localPort: socket.localPort,
      remoteAddress: socket.remoteAddress,
      remotePort: socket.remotePort,
    },
    attach(handlers: ByteDuplexHandlers) {
      socket.on('data', (chunk: Buffer) =>
        handlers.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)),
      );
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
    },
    write(data) {
      // Packets sealed in one turn of the event loop leave in one writev
      // (a 256 KiB application write is eight 32 KiB packets): fewer syscalls.
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      return socket.write(data);
    },
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    end: () => socket.end(),
    destroy: (error) => socket.destroy(error),
  };
}

/** Opens a TCP connection and resolves with it as a {@link ByteDuplex}. */
export function connectTcp(host: string, port: number): Promise<ByteDuplex> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socketDuplex(socket));
    });
    socket.once('error', reject);
  });
}
