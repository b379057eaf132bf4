// Connection-level session options (AsyncSSH's command, subsystem, env,
// send_env, term_type, request_pty on the connection): what every session
// gets unless it says otherwise, seen from our server's side.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  connect,
  generatePrivateKey,
  MemoryFileSystem,
  type SessionData,
  SFTPServer,
  type SSHAcceptor,
  type SSHClientConnection,
  type SSHServerProcess,
} from '../src/index.js';
import { listenOpen } from './support/loopback.js';

const hostKey = generatePrivateKey('ssh-ed25519');

/** Reports what the session asked for. */
function report(proc: SSHServerProcess<SessionData>): void {
  const seen = {
    command: proc.command ?? null,
    subsystem: proc.subsystem ?? null,
    env: proc.env,
    term: proc.getTerminalType() ?? null,
  };
  proc.stdout.write(JSON.stringify(seen));
  proc.exit(0);
}

describe('session defaults on connect()', () => {
  let acceptor: SSHAcceptor;
  const opened: SSHClientConnection[] = [];

  beforeAll(async () => {
    acceptor = await listenOpen(hostKey, {
      processFactory: report,
      sftpFactory: () => new SFTPServer(new MemoryFileSystem()),
    });
  });
  afterAll(async () => {
    for (const conn of opened) conn.close();
    acceptor.close();
    await acceptor.waitClosed();
  });

  async function open(options: Parameters<typeof connect>[1]): Promise<SSHClientConnection> {
    const conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'u',
      clientKeys: [],
      agentPath: null,
      config: null,
      knownHosts: [[hostKey.convertToPublic()], [], []],
      ...options,
    });
    opened.push(conn);
    return conn;
  }

  const seen = async (output: Promise<{ stdout: unknown }>) => JSON.parse(String((await output).stdout));

  it('gives run() the default command, env (SendEnv picks under it) and terminal type', async () => {
    process.env.SSHKIT_SEND_ONE = 'one';
    process.env.SSHKIT_SEND_TWO = 'two';
    process.env.SSHKIT_OTHER = 'not sent';
    try {
      const conn = await open({
        command: 'default-cmd',
        env: { LANG: 'C.UTF-8', SSHKIT_SEND_ONE: 'overridden' },
        sendEnv: ['SSHKIT_SEND_*'],
        termType: 'xterm-sshkit',
      });
      expect(await seen(conn.run())).toEqual({
        command: 'default-cmd',
        subsystem: null,
        env: { LANG: 'C.UTF-8', SSHKIT_SEND_ONE: 'overridden', SSHKIT_SEND_TWO: 'two' },
        term: 'xterm-sshkit',
      });
      expect(
        await seen(conn.run('own-cmd', { env: { LANG: 'fr_FR.UTF-8', EXTRA: '1' }, term: 'vt100' })),
      ).toEqual({
        command: 'own-cmd',
        subsystem: null,
        env: { LANG: 'fr_FR.UTF-8', SSHKIT_SEND_ONE: 'overridden', SSHKIT_SEND_TWO: 'two', EXTRA: '1' },
        term: 'vt100',
      });
    } finally {
      delete process.env.SSHKIT_SEND_ONE;
      delete process.env.SSHKIT_SEND_TWO;
      delete process.env.SSHKIT_OTHER;
    }
  });

  it('uses the default subsystem only when a session names neither command nor subsystem', async () => {
    const conn = await open({ subsystem: 'sshkit-report' });
    const [, stdout] = await conn.openSession();
    expect(JSON.parse(String(await stdout.read(-1)))).toMatchObject({
      command: null,
      subsystem: 'sshkit-report',
    });
    const [, withCommand] = await conn.openSession('explicit');
    expect(JSON.parse(String(await withCommand.read(-1)))).toMatchObject({
      command: 'explicit',
      subsystem: null,
    });
  });

  it('requestPty: false keeps the pty off despite a default terminal type', async () => {
    const conn = await open({ termType: 'xterm', requestPty: false });
    expect(await seen(conn.run('x'))).toMatchObject({ term: null });
    expect(await seen(conn.run('x', { requestPty: 'force' }))).toMatchObject({ term: 'xterm' });
  });

  it('leaves SFTP sessions alone: no default command, pty or env reaches them', async () => {
    const conn = await open({ command: 'default-cmd', termType: 'xterm', env: { A: '1' } });
    const sftp = await conn.startSftpClient();
    await sftp.mkdir('/probe');
    expect(await sftp.isdir('/probe')).toBe(true);
    await sftp.exit();
  });
});
