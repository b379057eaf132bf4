import type { Socket } from 'node:net';
import type { SSHReader, SSHWriter } from '@sshkit/ssh-connection';

/** Bytes read from a channel per call when copying to a socket. */
const COPY_CHUNK = 64 * 1024;

/**
 * Copies bytes both ways between a Node socket and an SSH channel's stream
 * pair, with back-pressure in both directions and half-close carried over
 * (socket end -> channel EOF, channel EOF -> socket end). Resolves when both
 * directions are done.
 */
export async function bridgeSocket(
  socket: Socket,
  reader: SSHReader<Uint8Array>,
  writer: SSHWriter<Uint8Array>,
): Promise<void> {
  const up = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      try {
        writer.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
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
      if (writer.canWriteEof()) writer.writeEof();
      resolve();
    });
    socket.on('error', () => {
      writer.close();
      resolve();
    });
    socket.on('close', () => resolve());
  });
  const down = (async () => {
    try {
      for (;;) {
        const data = await reader.read(COPY_CHUNK);
        if (data.length === 0) break;
        if (!socket.write(data)) await new Promise((r) => socket.once('drain', r));
      }
      socket.end();
    } catch {
      socket.destroy();
    }
  })();
  await Promise.all([up, down]);
  writer.close();
}
