import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  connect,
  generatePrivateKey,
  listen,
  MAX_SEND_PACKET_SIZE,
  MemoryFileSystem,
  type SessionData,
  SFTPServer,
  type SSHAcceptor,
  type SSHClientConnection,
  SSHClientSession,
  SSHServer,
  type SSHServerProcess,
} from '../src/index.js';
import { type EchoServer, EOF_SEEN, roundTrip, startEchoServer } from './support/interop-net.js';

const hostKey = generatePrivateKey('ssh-ed25519');

class OpenServer extends SSHServer {
  override beginAuth() {
    return false; // no authentication: this suite is about sessions and forwarding
  }
  override connectionRequested() {
    return true;
  }
  override serverRequested() {
    return true;
  }
}

async function processFactory(proc: SSHServerProcess<string>) {
  if (proc.command === 'cat') {
    for (;;) {
      const data = await proc.stdin.read(65536);
      if (data.length === 0) break;
      proc.stdout.write(data);
    }
    proc.exit(0);
    return;
  }
  if (proc.command === 'one-mebibyte') {
    proc.stdout.write('z'.repeat(1024 * 1024)); // one write: the channel cuts it into packets
    proc.exit(0);
    return;
  }
  proc.stdout.write(`ran ${proc.command}\n`);
  proc.stderr.write('to stderr\n');
  proc.exit(proc.command === 'fail' ? 3 : 0);
}

describe('sessions and forwarding, our client against our server', () => {
  let acceptor: SSHAcceptor;
  let conn: SSHClientConnection;
  let echo: EchoServer;

  beforeAll(async () => {
    acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      serverFactory: () => new OpenServer(),
      processFactory: processFactory as (p: SSHServerProcess<SessionData>) => unknown,
      sftpFactory: () => new SFTPServer(new MemoryFileSystem()),
    });
    conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'demo',
      clientKeys: [],
      knownHosts: [[hostKey.convertToPublic()], [], []],
    });
    echo = await startEchoServer();
  });
  afterAll(async () => {
    conn?.close();
    acceptor?.close();
    await echo?.close();
  });

  it('runs a command with exit status, stdout and stderr', async () => {
    const r = await conn.run('hello');
    expect(r.stdout).toBe('ran hello\n');
    expect(r.stderr).toBe('to stderr\n');
    expect(r.exitStatus).toBe(0);
    const f = await conn.run('fail');
    expect(f.exitStatus).toBe(3);
  });

  it('pipes 8 MiB through cat intact', async () => {
    const input = 'x'.repeat(1024).repeat(8 * 1024);
    const r = await conn.run('cat', { input });
    expect(createHash('sha256').update(String(r.stdout)).digest('hex')).toBe(
      createHash('sha256').update(input).digest('hex'),
    );
  });

  it('serves SFTP on the sftp subsystem while exec sessions keep working', async () => {
    const sftp = await conn.startSftpClient();
    const data = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
    const file = await sftp.open('/blob.bin', 'wb');
    await file.write(data);
    await file.close();
    expect(await sftp.getsize('/blob.bin')).toBe(data.length);
    const back = await sftp.open('/blob.bin', 'rb');
    const read = (await back.read()) as Uint8Array;
    await back.close();
    expect(createHash('sha256').update(read).digest('hex')).toBe(
      createHash('sha256').update(data).digest('hex'),
    );
    expect((await conn.run('still here')).stdout).toBe('ran still here\n');
    await sftp.exit();
  });

  it('receives data packets of the largest maxPktsize a channel may advertise (MAX_SEND_PACKET_SIZE)', async () => {
    const sizes: number[] = [];
    class Collect extends SSHClientSession<Uint8Array> {
      override dataReceived(data: Uint8Array): void {
        sizes.push(data.length);
      }
    }
    const [chan] = await conn.createSession(() => new Collect(), 'one-mebibyte', {
      encoding: null,
      maxPktsize: MAX_SEND_PACKET_SIZE,
      window: 8 * 1024 * 1024,
    });
    await chan.waitClosed();
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1024 * 1024);
    expect(sizes[0]).toBe(MAX_SEND_PACKET_SIZE); // a full-size packet fits the transport's limit
  });

  it('get and put use the local file system when no localFs is given (as AsyncSSH)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sshkit-sftp-local-'));
    try {
      const sftp = await conn.startSftpClient();
      const data = new Uint8Array(300 * 1024).map((_, i) => (i * 7) & 0xff);
      writeFileSync(join(dir, 'up.bin'), data);
      await sftp.put(join(dir, 'up.bin'), '/from-local.bin');
      await sftp.get('/from-local.bin', join(dir, 'down.bin'));
      expect(Buffer.compare(readFileSync(join(dir, 'down.bin')), Buffer.from(data))).toBe(0);
      await sftp.exit();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forwards a local port to a TCP echo server behind the SSH server', async () => {
    const listener = await conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', echo.port);
    const text = Buffer.from('through -L');
    // The echo server answers our EOF with a marker: the half-close crossed the forward too.
    expect(await roundTrip(listener.getPort(), text)).toEqual(Buffer.concat([text, EOF_SEEN]));
    listener.close();
  });

  it('forwards 8 MiB through -L intact while the window makes writes queue (sent chunks are freed, queued ones kept)', async () => {
    const listener = await conn.forwardLocalPort('127.0.0.1', 0, '127.0.0.1', echo.port);
    const data = randomBytes(8 * 1024 * 1024);
    const back = await roundTrip(listener.getPort(), data);
    expect(back.subarray(0, data.length).equals(data)).toBe(true);
    expect(back.subarray(data.length)).toEqual(EOF_SEEN);
    listener.close();
  });

  it('forwards a remote port back to a local TCP echo server', async () => {
    const listener = await conn.forwardRemotePort('127.0.0.1', 0, '127.0.0.1', echo.port);
    expect(listener.getPort()).toBeGreaterThan(0);
    const text = Buffer.from('through -R');
    expect(await roundTrip(listener.getPort(), text)).toEqual(Buffer.concat([text, EOF_SEEN]));
    listener.close();
  });
});

describe('listen() with encoding: null', () => {
  it('hands the process factory bytes, invalid UTF-8 included, and sends bytes back', async () => {
    const seen: unknown[] = [];
    const acceptor = await listen({
      host: '127.0.0.1',
      port: 0,
      serverHostKeys: [hostKey],
      serverFactory: () => new OpenServer(),
      encoding: null,
      processFactory: async (proc) => {
        const data = await proc.stdin.read(-1);
        seen.push(data);
        proc.stdout.write(data);
        proc.exit(0);
      },
    });
    const conn = await connect('127.0.0.1', {
      port: acceptor.getPort(),
      username: 'demo',
      clientKeys: [],
      knownHosts: [[hostKey.convertToPublic()], [], []],
    });
    try {
      const input = Uint8Array.of(0x66, 0xff, 0xfe, 0x00, 0xc3);
      const r = await conn.run('echo-bytes', { input, encoding: null });
      expect(seen[0]).toBeInstanceOf(Uint8Array);
      expect(Array.from(seen[0] as Uint8Array)).toEqual(Array.from(input));
      expect(Array.from(r.stdout as Uint8Array)).toEqual(Array.from(input));
    } finally {
      conn.close();
      acceptor.close();
      await acceptor.waitClosed();
    }
  });
});
