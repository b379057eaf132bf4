import type { Socket } from 'node:net';
import type { SSHReader, SSHWriter } from '@sshkit/ssh-connection';
import { freeNow } from '@sshkit/ssh-crypto';
import { freeIfSoleOwned } from '@sshkit/ssh-transport';

/** Bytes read from a channel per call when copying to a socket. */
const COPY_CHUNK = 64 * 1024;

/**
 * Keeps a socket's early errors from crashing the process while its channel
 * is still opening (Node throws an 'error' nobody listens for). The error
 * destroys the socket, which {@link bridgeSocket} then sees.
 */
export function holdUntilBridged(socket: Socket): void {
  socket.on('error', () => {});
}

/** Resolves once `socket` can take more writes, or is gone. */
function writable(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

/**
 * Copies bytes both ways between a Node socket and an SSH channel's stream
 * pair, with back-pressure in both directions and half-close carried over
 * (socket end -> channel EOF, channel EOF -> socket end). A socket that dies
 * closes the channel. Resolves when both directions are done.
 *
 * The socket may already have ended or died while its channel opened: a
 * paused socket still emits 'end' once the peer's EOF arrives with nothing
 * left to read, so its state is checked before any listener is relied on.
 */
export async function bridgeSocket(
  socket: Socket,
  reader: SSHReader<Uint8Array>,
  writer: SSHWriter<Uint8Array>,
): Promise<void> {
  const sendEof = () => {
    if (writer.canWriteEof()) writer.writeEof();
  };
  const up = new Promise<void>((resolve) => {
    if (socket.destroyed) {
      writer.close();
      return resolve();
    }
    // Until the socket ends for good, its close means it died: nobody is left to
    // read what the channel still carries.
    socket.on('close', () => {
      if (!socket.writableFinished) writer.close();
      resolve();
    });
    if (socket.readableEnded) {
      sendEof();
      return resolve();
    }
    socket.on('data', (chunk: Buffer) => {
      try {
        // Once the channel has copied the chunk into packets, a read no one else saw
        // is freed, so the next read reuses warm memory.
        writer.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), () => {
          if (socket.listenerCount('data') === 1) freeNow(chunk);
        });
      } catch {
        // The channel closed under us (BrokenPipe): nowhere to send the rest.
        socket.destroy();
        return;
      }
      if (writer.channel.isWritingPaused()) {
        socket.pause();
        void writer.drain().then(
          () => socket.resume(),
          () => socket.destroy(),
        );
      }
    });
    socket.on('end', () => {
      sendEof();
      resolve();
    });
    socket.on('error', () => writer.close());
    socket.resume(); // a 'data' listener alone does not restart an explicitly paused socket
  });
  const down = (async () => {
    try {
      for (;;) {
        const data = await reader.read(COPY_CHUNK);
        if (socket.destroyed) return;
        if (data.length === 0) return void socket.end();
        // This loop is the channel's only reader: once the socket has the bytes, a
        // received payload's buffer can go back to the allocator at once.
        if (!socket.write(data, () => freeIfSoleOwned(data))) await writable(socket);
      }
    } catch {
      socket.destroy();
    }
  })();
  await Promise.all([up, down]);
  writer.close();
}
