// runServer from @sshkit/ssh/web: the web client against the web server over
// an in-memory byte stream (password and publickey auth, exec, SFTP on a
// MemoryFileSystem, direct-tcpip answered by a stream handler, `true` forwards
// refused), and OpenSSH's ssh against it through a TCP socket.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTools } from '@sshkit/testkit';
import {
  ChannelOpenError,
  connect,
  createMemoryPair,
  DisconnectError,
  formatSCPCommand,
  generatePrivateKey,
  importAuthorizedKeys,
  MemoryFileSystem,
  PermissionDenied,
  runServer,
  SFTPServer,
  type SSHClientConnection,
  type SSHReader,
  SSHServer,
  type SSHServerConnection,
  type SSHServerProcess,
  type SSHWriter,
  scpReceive,
  scpSend,
  type WebClientOptions,
  type WebServerOptions,
} from '../src/web.js';
import { finished } from './support/openssh-client.js';
import { runServerOverTcp, type ServedOverTcp } from './support/run-server-tcp.js';

const hostKey = generatePrivateKey('ssh-ed25519');
const clientKey = generatePrivateKey('ssh-ed25519');
const knownHosts: WebClientOptions['knownHosts'] = [[hostKey.convertToPublic()], [], []];

class WebTestServer extends SSHServer<SSHServerConnection> {
  override passwordAuthSupported() {
    return true;
  }
  override validatePassword(_user: string, password: string) {
    return password === 'right';
  }
  override connectionRequested(host: string, port: number) {
    if (host === 'socket.example') return true; // a real socket: not on the web
    // An echo service inside the server, answered as (reader, writer) streams.
    return async (reader: SSHReader<Uint8Array>, writer: SSHWriter<Uint8Array>) => {
      writer.write(new TextEncoder().encode(`${host}:${port} says `));
      for (;;) {
        const data = await reader.read(65536);
        if (data.length === 0) break;
        writer.write(data);
      }
      writer.writeEof();
    };
  }
}

function echoCommand(proc: SSHServerProcess<string>): void {
  proc.stdout.write(`ran ${proc.command}\n`);
  proc.exit(0);
}

/** The web client and the web server on the two ends of an in-memory pair. */
async function pair(
  client: Partial<WebClientOptions>,
  server: Partial<WebServerOptions> = {},
): Promise<[SSHClientConnection, SSHServerConnection]> {
  const [a, b] = createMemoryPair();
  return Promise.all([
    connect({ sock: a, username: 'u', knownHosts, preferredAuthentications: ['password'], ...client }),
    runServer(b, {
      serverHostKeys: [hostKey],
      serverFactory: () => new WebTestServer(),
      processFactory: echoCommand as never,
      ...server,
    }),
  ]);
}

async function closeBoth(conn: SSHClientConnection, served: SSHServerConnection): Promise<void> {
  conn.close();
  await served.waitClosed();
}

describe('@sshkit/ssh/web runServer with the web client over an in-memory stream', () => {
  it('authenticates a password and runs a command through processFactory', async () => {
    const [conn, served] = await pair({ password: 'right' });
    try {
      expect((await conn.run('in the web server')).stdout).toBe('ran in the web server\n');
      expect(served.getExtraInfo('username')).toBe('u');
    } finally {
      await closeBoth(conn, served);
    }
  });

  it('authenticates a public key from parsed authorized_keys and serves SFTP on a MemoryFileSystem', async () => {
    const fs = new MemoryFileSystem();
    await fs.writeFile('/hello.txt', new TextEncoder().encode('from memory\n'));
    const [conn, served] = await pair(
      { clientKeys: [clientKey], preferredAuthentications: ['publickey'] },
      {
        authorizedClientKeys: importAuthorizedKeys(clientKey.exportPublicKey('openssh')),
        sftpFactory: () => new SFTPServer(fs, { homeDirectory: '/' }),
      },
    );
    try {
      const sftp = await conn.startSftpClient({ localFs: new MemoryFileSystem() });
      const file = await sftp.open('/hello.txt', 'r');
      expect(await file.read()).toBe('from memory\n');
      await file.close();
      await sftp.mkdir('/made');
      expect(await sftp.isdir('/made')).toBe(true);
      expect(await fs.stat('/made')).toBeDefined();
      await sftp.exit();
      // The other sessions still go to processFactory.
      expect((await conn.run('beside sftp')).stdout).toBe('ran beside sftp\n');
    } finally {
      await closeBoth(conn, served);
    }
  });

  it('serves scp (allowScp) on the sftpFactory tree: upload and download with the scp engine', async () => {
    const tree = new MemoryFileSystem();
    const local = new MemoryFileSystem();
    await local.writeFile('/up.txt', new TextEncoder().encode('over scp\n'));
    const [conn, served] = await pair(
      { password: 'right' },
      { allowScp: true, sftpFactory: () => new SFTPServer(tree, { homeDirectory: '/' }) },
    );
    // The scp engine over an exec channel, as scp() does on Node.
    const exec = async (command: string) => {
      const [stdin, stdout] = await conn.openSession(command, { encoding: null });
      return {
        stdin,
        stream: { read: (n: number) => stdout.read(n), write: (d: Uint8Array) => stdin.write(d) },
      };
    };
    try {
      const up = await exec(
        formatSCPCommand({
          mode: 'sink',
          paths: ['/'],
          recurse: false,
          preserve: false,
          targetIsDirectory: true,
        }),
      );
      await scpSend(up.stream, local, ['/up.txt']);
      up.stdin.writeEof();
      await up.stdin.channel.waitClosed();
      expect(new TextDecoder().decode(await tree.readFile('/up.txt'))).toBe('over scp\n');
      const down = await exec(
        formatSCPCommand({
          mode: 'source',
          paths: ['/up.txt'],
          recurse: false,
          preserve: false,
          targetIsDirectory: false,
        }),
      );
      await scpReceive(down.stream, local, '/down.txt', { expectedNames: ['up.txt'] });
      down.stdin.writeEof();
      expect(new TextDecoder().decode(await local.readFile('/down.txt'))).toBe('over scp\n');
    } finally {
      await closeBoth(conn, served);
    }
  });

  it('answers a direct-tcpip channel with the handler stream, and refuses a `true` forward', async () => {
    const [conn, served] = await pair({ password: 'right' });
    try {
      const [reader, writer] = await conn.openConnection('echo.example', 7);
      writer.write(new TextEncoder().encode('hello'));
      writer.writeEof();
      const chunks: Uint8Array[] = [];
      for (;;) {
        const data = await reader.read(65536);
        if (data.length === 0) break;
        chunks.push(data);
      }
      expect(new TextDecoder().decode(Buffer.concat(chunks))).toBe('echo.example:7 says hello');
      await expect(conn.openConnection('socket.example', 22)).rejects.toBeInstanceOf(ChannelOpenError);
    } finally {
      await closeBoth(conn, served);
    }
  });

  it('refuses a wrong password, rejecting on both ends', async () => {
    const [a, b] = createMemoryPair();
    await Promise.all([
      expect(
        connect({
          sock: a,
          username: 'u',
          password: 'wrong',
          knownHosts,
          preferredAuthentications: ['password'],
        }),
      ).rejects.toBeInstanceOf(PermissionDenied),
      expect(
        runServer(b, {
          serverHostKeys: [hostKey],
          serverFactory: () => new WebTestServer(),
          maxAuthTries: 1,
        }),
      ).rejects.toBeInstanceOf(DisconnectError),
    ]);
  });

  it('requires host keys', async () => {
    const [, b] = createMemoryPair();
    await expect(runServer(b, { serverHostKeys: [] })).rejects.toThrow('serverHostKeys is required');
  });
});

const tools = requireTools('ssh', 'ssh-keygen');
const describeInterop = tools ? describe : describe.skip;

describeInterop('@sshkit/ssh/web runServer with OpenSSH ssh through a TCP socket', () => {
  let env: ServedOverTcp<SSHServerConnection>;

  beforeAll(async () => {
    env = await runServerOverTcp(tools!['ssh-keygen'], hostKey, (sock, authorizedClientKeys) =>
      runServer(sock, {
        serverHostKeys: [hostKey],
        authorizedClientKeys,
        processFactory: echoCommand as never,
      }),
    );
  });
  afterAll(async () => {
    for (const conn of await Promise.allSettled(env?.served ?? [])) {
      if (conn.status === 'fulfilled') conn.value.close();
    }
    await env?.close();
  });

  it('runs ssh host cmd with a publickey login', async () => {
    const ssh = await finished(spawn(tools!.ssh, [...env.sshArgs(), 'me@127.0.0.1', 'from openssh']));
    expect(ssh.stdout.toString()).toBe('ran from openssh\n');
    expect(ssh.code).toBe(0);
    expect((await env.served[0])?.getExtraInfo('username')).toBe('me');
  });
});
