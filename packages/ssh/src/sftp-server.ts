import type { SessionData, SSHReader, SSHServerProcess, SSHWriter } from '@sshkit/ssh-connection';
import { SFTPServer } from '@sshkit/ssh-sftp';
import { LocalFileSystem } from '@sshkit/ssh-sftp/node';
import type { SSHServerOptions } from './options.js';
import { channelByteStream } from './sftp-stream.js';

/**
 * The session handler behind `processFactory` and `sftpFactory`: a session
 * asking for the `sftp` subsystem (already switched to bytes by the channel)
 * is served by an `SFTPServer`; everything else goes to the user's
 * `processFactory`, or fails with exit status 1 when there is none.
 */
export function sftpAwareProcessFactory(
  options: SSHServerOptions,
  conn: unknown,
): (process: SSHServerProcess<SessionData>) => unknown {
  return async (proc) => {
    if (proc.subsystem === 'sftp' && options.sftpFactory) {
      const server =
        options.sftpFactory === true ? new SFTPServer(new LocalFileSystem()) : options.sftpFactory(conn);
      await server.serve(
        channelByteStream(proc.stdin as SSHReader<Uint8Array>, proc.stdout as SSHWriter<Uint8Array>),
      );
      proc.exit(0);
      return;
    }
    if (options.processFactory) return options.processFactory(proc);
    proc.stderr.write(
      `${proc.subsystem ? `subsystem ${proc.subsystem}` : 'this session'} is not supported\n`,
    );
    proc.exit(1);
  };
}
