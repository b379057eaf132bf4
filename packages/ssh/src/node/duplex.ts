import { Duplex } from 'node:stream';
import type { SessionData, SSHReader, SSHWriter } from '@sshkit/ssh-connection';

/** Bytes (or characters) asked of the channel per read. */
const READ_CHUNK = 64 * 1024;

/**
 * A channel's reader and writer as one Node `Duplex`, for `stream.pipeline()`
 * and anything else that speaks Node streams. Reads follow the consumer's
 * demand (the SSH window reopens only as Node takes data); writes wait for
 * the channel to drain past its high-water mark; `end()` sends EOF and
 * `destroy()` closes the channel (finishing both ways leaves it open, so a
 * server process can still report its exit status). Text channels yield strings, byte
 * channels `Buffer`s.
 *
 * @example
 * ```ts
 * const [stdin, stdout] = await conn.openSession('gzip -c', { encoding: null });
 * await pipeline(createReadStream('log.txt'), toNodeDuplex(stdout, stdin), createWriteStream('log.gz'));
 * ```
 */
export function toNodeDuplex<D extends SessionData>(reader: SSHReader<D>, writer: SSHWriter<D>): Duplex {
  let reading = false;
  const duplex = new Duplex({
    allowHalfOpen: true,
    decodeStrings: false,
    // Ending both ways must not close the channel: a server process still sends its exit status.
    autoDestroy: false,
    read() {
      if (reading) return;
      reading = true;
      const pump = async (): Promise<void> => {
        for (;;) {
          const data = await reader.read(READ_CHUNK);
          if (data.length === 0) {
            duplex.push(null);
            return;
          }
          const more = duplex.push(typeof data === 'string' ? data : toBuffer(data));
          if (!more) return;
        }
      };
      pump().then(
        () => {
          reading = false;
        },
        (e: unknown) => duplex.destroy(e instanceof Error ? e : new Error(String(e))),
      );
    },
    write(chunk: Buffer | string, _encoding, callback) {
      try {
        writer.write(chunk as D);
      } catch (e) {
        callback(e as Error);
        return;
      }
      if (writer.channel.isWritingPaused()) writer.drain().then(() => callback(), callback);
      else callback();
    },
    final(callback) {
      writer.writeEof();
      callback();
    },
    destroy(error, callback) {
      writer.close();
      callback(error);
    },
  });
  return duplex;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
