import type { SessionData, SSHReader, SSHServerProcess, SSHWriter } from '@sshkit/ssh-connection';
import { runSCPServer, type SFTPServer, serverFileSystem } from '@sshkit/ssh-sftp';
import type { ServerProtocolOptions } from './options.js';
import { scpStreamOf } from './scp/scp-stream.js';
import { channelByteStream } from './sftp-stream.js';

/** Whether an exec request is one `allowScp` serves: OpenSSH's `scp -t`/`scp -f` command lines. */
export function isSCPCommand(command: string): boolean {
  return /^scp\s/.test(command);
}

/**
 * The session handler behind `processFactory` and `sftpFactory`: a session
 * asking for the `sftp` subsystem (already switched to bytes by the channel)
 * is served by an `SFTPServer`, and with `allowScp` an `scp` command is
 * served on that server's file system; everything else goes to the user's
 * `processFactory`, or fails with exit status 1 when there is none.
 */
export function sftpAwareProcessFactory(
  options: ServerProtocolOptions,
  conn: unknown,
): (process: SSHServerProcess<SessionData>) => unknown {
  const sftpServer = (): SFTPServer | undefined => options.sftpFactory?.(conn);
  return async (proc) => {
    const stdin = proc.stdin as SSHReader<Uint8Array>;
    const stdout = proc.stdout as SSHWriter<Uint8Array>;
    if (proc.subsystem === 'sftp') {
      const server = sftpServer();
      if (server) {
        await server.serve(channelByteStream(stdin, stdout));
        proc.exit(0);
        return;
      }
    }
    if (options.allowScp && proc.command !== undefined && isSCPCommand(proc.command)) {
      const server = sftpServer();
      if (server) {
        // Through the server's methods, so an SFTPServer subclass's rules hold for scp too.
        const fs = serverFileSystem(server);
        const status = await runSCPServer(proc.command, scpStreamOf(stdin, stdout), fs, {
          home: server.home,
        });
        proc.exit(status);
        return;
      }
    }
    if (options.processFactory) return options.processFactory(proc);
    proc.stderr.write(
      `${proc.subsystem ? `subsystem ${proc.subsystem}` : 'this session'} is not supported\n`,
    );
    proc.exit(1);
  };
}
