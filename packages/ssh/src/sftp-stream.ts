import type { SSHReader, SSHWriter } from '@sshkit/ssh-connection';
import type { ByteStream } from '@sshkit/ssh-sftp';

/** Bytes read per call when feeding SFTP from a channel. */
const READ_CHUNK = 256 * 1024;

/**
 * A session channel's streams as the byte stream SFTP runs over: reads are
 * pumped to `onData` until EOF; writes wait for the channel to drain when its
 * buffer is full (back-pressure for pipelined transfers).
 */
export function channelByteStream(reader: SSHReader<Uint8Array>, writer: SSHWriter<Uint8Array>): ByteStream {
  let onData: ((chunk: Uint8Array) => void) | undefined;
  let onClose: ((error?: Error) => void) | undefined;
  const pending: Uint8Array[] = [];
  let ended: { error?: Error } | undefined;
  // While paused, the loop stops reading: the channel's window closes and the peer waits.
  let resumed: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  void (async () => {
    try {
      for (;;) {
        if (resumed) await resumed;
        const chunk = await reader.read(READ_CHUNK);
        if (chunk.length === 0) break;
        if (onData) onData(chunk);
        else pending.push(chunk);
      }
      ended = {};
    } catch (e) {
      ended = { error: e as Error };
    }
    onClose?.(ended.error);
  })();
  return {
    write(data, written) {
      writer.write(data, written);
      if (writer.channel.isWritingPaused()) return writer.drain();
    },
    pause() {
      resumed ??= new Promise((resolve) => {
        wake = resolve;
      });
    },
    resume() {
      resumed = undefined;
      wake?.();
      wake = undefined;
    },
    onData(listener) {
      onData = listener;
      for (const chunk of pending.splice(0)) listener(chunk);
    },
    onClose(listener) {
      onClose = listener;
      if (ended) listener(ended.error);
    },
    close() {
      writer.close();
    },
  };
}
