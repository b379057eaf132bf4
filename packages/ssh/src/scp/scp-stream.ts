import type { SSHReader, SSHWriter } from '@sshkit/ssh-connection';
import type { SCPStream } from '@sshkit/ssh-sftp';

/**
 * A byte session's streams as the channel scp runs over: reads come from the
 * process's output, writes go to its input and wait while the channel's
 * write buffer is over its limit.
 */
export function scpStreamOf(reader: SSHReader<Uint8Array>, writer: SSHWriter<Uint8Array>): SCPStream {
  return {
    read: (maxBytes) => reader.read(maxBytes),
    write(data) {
      writer.write(data);
      if (writer.channel.isWritingPaused()) return writer.drain();
    },
  };
}
